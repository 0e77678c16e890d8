"""Financing's models, until now in the ``services`` app: tables and rows kept."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.core.serializers.json
import django.core.validators
import django.db.models.deletion
import portal.crypto
import portal.personal_data
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from portal.db.moves import move_models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('services', '0006_move_reception_finance_calendar'),
        ('alliances', '0003_registry_and_alliances'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Bank',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, max_length=30, verbose_name='short name')),
                        ('agreement_signed_on', models.DateField(blank=True, null=True, verbose_name='agreement signed on')),
                        ('response_days', models.PositiveSmallIntegerField(default=3, help_text='Working days the bank has to answer a need shared with it.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='response time (working days)')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('staff', models.ManyToManyField(blank=True, related_name='banks', to=settings.AUTH_USER_MODEL, verbose_name='staff')),
                    ],
                    options={
                        'verbose_name': 'partner bank',
                        'verbose_name_plural': 'partner banks',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='BankAPIKey',
                    fields=[
                        ('id', models.CharField(editable=False, max_length=150, primary_key=True, serialize=False, unique=True)),
                        ('prefix', models.CharField(editable=False, max_length=8, unique=True)),
                        ('hashed_key', models.CharField(editable=False, max_length=150)),
                        ('created', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('name', models.CharField(default=None, help_text='A free-form name for the API key. Need not be unique. 50 characters max.', max_length=50)),
                        ('revoked', models.BooleanField(blank=True, default=False, help_text='If the API key is revoked, clients cannot use it anymore. (This cannot be undone.)')),
                        ('expiry_date', models.DateTimeField(blank=True, help_text='Once API key expires, clients cannot use it anymore.', null=True, verbose_name='Expires')),
                        ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                        ('bank', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to='finance.bank', verbose_name='bank')),
                    ],
                    options={
                        'verbose_name': 'bank API key',
                        'verbose_name_plural': 'bank API keys',
                        'ordering': ('-created',),
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='FinancingNeed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount (10k yuan)')),
                        ('purpose', models.TextField(max_length=2000, verbose_name='purpose')),
                        ('term_months', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='term (months)')),
                        ('collateral', models.CharField(blank=True, max_length=200, verbose_name='collateral or guarantee')),
                        ('urgency', models.CharField(choices=[('normal', 'Normal'), ('urgent', 'Urgent'), ('very_urgent', 'Very urgent')], default='normal', max_length=12, verbose_name='urgency')),
                        ('contact_name', models.CharField(max_length=60, verbose_name='contact person')),
                        ('contact_mobile', portal.crypto.EncryptedCharField(max_length=20, validators=[portal.personal_data.validate_mobile], verbose_name='contact mobile')),
                        ('contact_id_number', portal.crypto.EncryptedCharField(blank=True, help_text='Only when a bank needs it; banks see it masked.', max_length=18, validators=[portal.personal_data.validate_resident_id], verbose_name='contact ID number')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('accepted', 'Offer accepted'), ('financed', 'Financed'), ('closed', 'Closed without financing')], default='open', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='posted at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='financing_needs', to='alliances.enterprise', verbose_name='enterprise')),
                        ('posted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by')),
                    ],
                    options={
                        'verbose_name': 'financing need',
                        'verbose_name_plural': 'financing needs',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='IdempotentResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=100)),
                        ('fingerprint', models.CharField(max_length=64)),
                        ('status_code', models.PositiveSmallIntegerField()),
                        ('body', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('bank', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='finance.bank')),
                    ],
                ),
                migrations.CreateModel(
                    name='Loan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount (10k yuan)')),
                        ('granted_on', models.DateField(verbose_name='granted on')),
                        ('term_months', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='term (months)')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                        ('bank', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='loans', to='finance.bank', verbose_name='bank')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='loans', to='alliances.enterprise', verbose_name='enterprise')),
                        ('need', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='loan', to='finance.financingneed', verbose_name='need')),
                    ],
                    options={
                        'verbose_name': 'loan',
                        'verbose_name_plural': 'loans',
                        'ordering': ['-granted_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchmakingMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('date', models.DateField(verbose_name='date')),
                        ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                        ('outcomes', models.TextField(blank=True, verbose_name='outcomes')),
                        ('registration_open', models.BooleanField(default=True, verbose_name='registration open')),
                        ('banks', models.ManyToManyField(blank=True, related_name='meetings', to='finance.bank', verbose_name='banks')),
                        ('loans', models.ManyToManyField(blank=True, related_name='meetings', to='finance.loan', verbose_name='loans that came of it')),
                        ('needs', models.ManyToManyField(blank=True, related_name='meetings', to='finance.financingneed', verbose_name='needs discussed')),
                    ],
                    options={
                        'verbose_name': 'matchmaking meeting',
                        'verbose_name_plural': 'matchmaking meetings',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MeetingRegistration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attendees', models.CharField(max_length=200, verbose_name='who is coming')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_registrations', to='alliances.enterprise')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='finance.matchmakingmeeting')),
                        ('registered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'meeting registration',
                        'verbose_name_plural': 'meeting registrations',
                    },
                ),
                migrations.CreateModel(
                    name='NeedConsent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to_all_banks', models.BooleanField(default=False, verbose_name='all partner banks')),
                        ('wording', models.TextField(verbose_name='wording agreed to')),
                        ('given_at', models.DateTimeField(auto_now_add=True, verbose_name='given at')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at')),
                        ('banks', models.ManyToManyField(blank=True, related_name='+', to='finance.bank', verbose_name='banks')),
                        ('given_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='given by')),
                        ('need', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='finance.financingneed', verbose_name='need')),
                        ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by')),
                    ],
                    options={
                        'verbose_name': 'consent to share',
                        'verbose_name_plural': 'consents to share',
                        'ordering': ['-given_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Offer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount (10k yuan)')),
                        ('rate', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='annual rate (%)')),
                        ('term_months', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='term (months)')),
                        ('conditions', models.TextField(blank=True, max_length=2000, verbose_name='conditions')),
                        ('bank_contact', models.CharField(blank=True, help_text='Whom the enterprise calls at the bank about this offer.', max_length=100, verbose_name='bank contact')),
                        ('valid_until', models.DateField(verbose_name='valid until')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('withdrawn', 'Withdrawn by the bank'), ('accepted', 'Accepted'), ('not_chosen', 'Not chosen'), ('declined', 'Declined')], default='open', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='made at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('bank', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='finance.bank', verbose_name='bank')),
                        ('need', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='offers', to='finance.financingneed', verbose_name='need')),
                    ],
                    options={
                        'verbose_name': 'offer',
                        'verbose_name_plural': 'offers',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.AddField(
                    model_name='matchmakingmeeting',
                    name='offers',
                    field=models.ManyToManyField(blank=True, related_name='meetings', to='finance.offer', verbose_name='offers that came of it'),
                ),
                migrations.AddField(
                    model_name='loan',
                    name='offer',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='loan', to='finance.offer', verbose_name='offer'),
                ),
                migrations.CreateModel(
                    name='BankAccessLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('method', models.CharField(max_length=8)),
                        ('path', models.CharField(max_length=300)),
                        ('status_code', models.PositiveSmallIntegerField()),
                        ('need_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, default=list, size=None)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('bank', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='finance.bank')),
                        ('key', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='finance.bankapikey')),
                    ],
                    options={
                        'verbose_name': 'bank API access',
                        'verbose_name_plural': 'bank API access log',
                        'ordering': ['-at', '-id'],
                        'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['need_ids'], name='bank_access_needs'), models.Index(fields=['bank', '-at'], name='bank_access_bank_at')],
                    },
                ),
                migrations.AddIndex(
                    model_name='financingneed',
                    index=models.Index(fields=['status', '-created_at', '-id'], name='need_status_new'),
                ),
                migrations.AddConstraint(
                    model_name='idempotentresponse',
                    constraint=models.UniqueConstraint(fields=('bank', 'key'), name='idempotency_key_per_bank'),
                ),
                migrations.AddConstraint(
                    model_name='meetingregistration',
                    constraint=models.UniqueConstraint(fields=('meeting', 'enterprise'), name='one_registration_per_enterprise'),
                ),
                migrations.AddConstraint(
                    model_name='needconsent',
                    constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('need',), name='one_active_consent_per_need'),
                ),
                migrations.AddConstraint(
                    model_name='offer',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['open', 'accepted'])), fields=('need', 'bank'), name='one_live_offer_per_bank_and_need'),
                ),
                migrations.AddIndex(
                    model_name='loan',
                    index=models.Index(fields=['bank', 'granted_on'], name='loan_bank_date'),
                ),
            
            ],
            database_operations=move_models(
                from_label='services',
                to_label='finance',
                tables=['bank', 'bank_staff', 'bankaccesslog', 'bankapikey', 'financingneed', 'idempotentresponse', 'loan', 'matchmakingmeeting', 'matchmakingmeeting_banks', 'matchmakingmeeting_loans', 'matchmakingmeeting_needs', 'matchmakingmeeting_offers', 'meetingregistration', 'needconsent', 'needconsent_banks', 'offer'],
                models=['bank', 'bankaccesslog', 'bankapikey', 'financingneed', 'idempotentresponse', 'loan', 'matchmakingmeeting', 'meetingregistration', 'needconsent', 'offer'],
            ),
        ),
    ]
