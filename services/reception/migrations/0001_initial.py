"""The reception day's models, until now in the ``services`` app: tables and rows kept."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.db.moves import move_models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('alliances', '0003_registry_and_alliances'),
        ('services', '0006_move_reception_finance_calendar'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReceptionDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.CharField(max_length=7, unique=True, verbose_name='month')),
                        ('date', models.DateField(verbose_name='date')),
                        ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                        ('slots', models.PositiveSmallIntegerField(default=8, validators=[django.core.validators.MinValueValidator(1)], verbose_name='slots')),
                        ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('cancelled', 'Cancelled')], default='scheduled', max_length=10, verbose_name='status')),
                        ('note', models.TextField(blank=True, help_text='Why the day was moved or cancelled.', verbose_name='note to enterprises')),
                        ('departments', models.ManyToManyField(blank=True, related_name='+', to='services.handlingunit', verbose_name='attending departments')),
                        ('host', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='host')),
                    ],
                    options={
                        'verbose_name': 'reception day',
                        'verbose_name_plural': 'reception days',
                        'ordering': ['date'],
                    },
                ),
                migrations.CreateModel(
                    name='ReceptionBooking',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('topic', models.CharField(max_length=200, verbose_name='topic')),
                        ('attendees', models.CharField(max_length=200, verbose_name='people coming')),
                        ('status', models.CharField(choices=[('booked', 'Booked'), ('confirmed', 'Confirmed'), ('waiting', 'On the waiting list'), ('cancelled', 'Cancelled')], max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                        ('booked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.enterprise')),
                        ('requests', models.ManyToManyField(blank=True, related_name='+', to='services.request', verbose_name='requests raised')),
                        ('day', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='reception.receptionday')),
                    ],
                    options={
                        'verbose_name': 'reception booking',
                        'verbose_name_plural': 'reception bookings',
                        'ordering': ['day', 'created_at', 'id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'cancelled'), _negated=True), fields=('day', 'enterprise'), name='one_booking_per_enterprise_and_day', violation_error_message='Your enterprise already has a place on this day.')],
                    },
                ),
            
            ],
            database_operations=move_models(
                from_label='services',
                to_label='reception',
                tables=['receptionday', 'receptionday_departments', 'receptionbooking', 'receptionbooking_requests'],
                models=['receptionday', 'receptionbooking'],
            ),
        ),
    ]
