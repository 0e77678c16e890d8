"""The working-day calendar moves here from the request loop, table and rows included."""

from django.db import migrations, models

from portal.db.moves import move_models


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0006_move_reception_finance_calendar'),
        ('portal', '0007_login_lockout_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='date')),
                        ('is_working_day', models.BooleanField(verbose_name='working day')),
                        ('name', models.CharField(blank=True, max_length=60, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'calendar day',
                        'verbose_name_plural': 'calendar days',
                        'ordering': ['date'],
                    },
                ),
            
            ],
            database_operations=move_models(
                from_label='services',
                to_label='portal',
                tables=['calendarday'],
                models=['calendarday'],
            ),
        ),
    ]
