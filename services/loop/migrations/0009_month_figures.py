"""Month figures kept by the database: two tables and the triggers that keep them.

Every write to a request (any path: a step, the light sweep, the admin, a restore) takes the
request's old contribution off and adds its new one in the same transaction; a change of an
enterprise's chains moves its requests between chain groups. ``services_figure_counts`` and
``services_figure_values`` say what one request contributes; ``manage.py rebuild_figures``
sums the same functions over all requests.
"""

from django.conf import settings
from django.db import migrations, models

FUNCTIONS = """
CREATE FUNCTION services_figure_chains(enterprise bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(chain_id::text ORDER BY chain_id), '{}')
    FROM alliances_enterprise_chains WHERE enterprise_id = enterprise
$$;

-- The groups a request counts in: all, its lead unit ("" before dispatch), its category, its
-- channel, and each chain of its enterprise ("" for none).
CREATE FUNCTION services_figure_groups(r services_request, chains text[], dims text[])
RETURNS TABLE (dimension text, grp text) LANGUAGE sql IMMUTABLE AS $$
    SELECT d, g FROM (
        SELECT 'all' AS d, '' AS g
        UNION ALL SELECT 'unit', coalesce(r.lead_unit_id::text, '')
        UNION ALL SELECT 'category', r.category_id::text
        UNION ALL SELECT 'channel', r.channel
        UNION ALL SELECT 'chain', unnest(CASE WHEN cardinality(chains) = 0 THEN ARRAY['']
                                             ELSE chains END)
    ) AS k WHERE d = ANY(dims)
$$;

-- One request's counts, times sign (+1 to add, -1 to take off); the definitions the
-- figures page gives (services/loop/figures.py), row by row.
CREATE FUNCTION services_figure_counts(r services_request, chains text[], sign int, dims text[])
RETURNS TABLE (
    month date, dimension text, grp text, total int, dispatched int, returned int, signed int,
    signed_timely int, resolved int, on_time int, redone int, negative int, positive int,
    not_rated int, overdue_open int)
LANGUAGE sql STABLE AS $$
    SELECT date_trunc('month', r.submitted_at AT TIME ZONE '%(tz)s')::date, k.dimension, k.grp,
           sign,
           sign * (d)::int,
           sign * (d AND r.return_count > 0)::int,
           sign * (d AND r.signed_at IS NOT NULL)::int,
           sign * (d AND coalesce(r.signed_in_time, false))::int,
           sign * (res)::int,
           sign * (res AND (r.deadline IS NULL OR r.resolved_at <= r.deadline))::int,
           sign * (res AND r.redo_count > 0)::int,
           sign * (CASE WHEN d THEN r.redo_count ELSE 0 END),
           sign * (d AND r.rating IN ('satisfied', 'basically'))::int,
           sign * (d AND r.rating = 'not_rated')::int,
           sign * (d AND r.light = 'red'
                   AND r.state IN ('submitted', 'dispatched', 'in_progress', 'returned'))::int
    FROM services_figure_groups(r, chains, dims) AS k,
         LATERAL (SELECT r.dispatched_at IS NOT NULL AS d,
                         r.dispatched_at IS NOT NULL AND r.resolved_at IS NOT NULL AS res) AS f
$$;

-- One request's values of the timed measures: tenths of an hour to sign for, working days
-- to resolve.
CREATE FUNCTION services_figure_values(r services_request, chains text[], sign int, dims text[])
RETURNS TABLE (month date, dimension text, grp text, measure text, value int, n int)
LANGUAGE sql STABLE AS $$
    SELECT date_trunc('month', r.submitted_at AT TIME ZONE '%(tz)s')::date, k.dimension, k.grp,
           v.measure, v.value, sign
    FROM services_figure_groups(r, chains, dims) AS k,
         (VALUES
            ('sign', CASE WHEN r.dispatched_at IS NOT NULL AND r.signed_at IS NOT NULL
                          THEN round(extract(epoch FROM (r.signed_at - r.dispatched_at)) / 360)::int
                     END),
            ('days', CASE WHEN r.dispatched_at IS NOT NULL AND r.resolved_at IS NOT NULL
                          THEN r.working_days_to_resolve::int END)
         ) AS v(measure, value)
    WHERE v.value IS NOT NULL
$$;

CREATE FUNCTION services_figure_apply(r services_request, chains text[], sign int, dims text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO services_monthfigures AS f (
        month, dimension, grp, total, dispatched, returned, signed, signed_timely, resolved,
        on_time, redone, negative, positive, not_rated, overdue_open)
    SELECT * FROM services_figure_counts(r, chains, sign, dims)
    ON CONFLICT (dimension, month, grp) DO UPDATE SET
        total = f.total + excluded.total, dispatched = f.dispatched + excluded.dispatched,
        returned = f.returned + excluded.returned, signed = f.signed + excluded.signed,
        signed_timely = f.signed_timely + excluded.signed_timely,
        resolved = f.resolved + excluded.resolved, on_time = f.on_time + excluded.on_time,
        redone = f.redone + excluded.redone, negative = f.negative + excluded.negative,
        positive = f.positive + excluded.positive, not_rated = f.not_rated + excluded.not_rated,
        overdue_open = f.overdue_open + excluded.overdue_open;
    INSERT INTO services_monthvaluecount AS v (month, dimension, grp, measure, value, n)
    SELECT * FROM services_figure_values(r, chains, sign, dims)
    ON CONFLICT (dimension, month, grp, measure, value) DO UPDATE SET n = v.n + excluded.n;
END
$$;

CREATE FUNCTION services_request_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    every text[] := ARRAY['all', 'unit', 'category', 'channel', 'chain'];
BEGIN
    IF TG_OP = 'UPDATE' AND (
        OLD.submitted_at, OLD.enterprise_id, OLD.lead_unit_id, OLD.category_id, OLD.channel,
        OLD.state, OLD.light, OLD.rating, OLD.deadline, OLD.dispatched_at, OLD.signed_at,
        OLD.resolved_at, OLD.signed_in_time, OLD.working_days_to_resolve, OLD.redo_count,
        OLD.return_count
    ) IS NOT DISTINCT FROM (
        NEW.submitted_at, NEW.enterprise_id, NEW.lead_unit_id, NEW.category_id, NEW.channel,
        NEW.state, NEW.light, NEW.rating, NEW.deadline, NEW.dispatched_at, NEW.signed_at,
        NEW.resolved_at, NEW.signed_in_time, NEW.working_days_to_resolve, NEW.redo_count,
        NEW.return_count
    ) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM services_figure_apply(OLD, services_figure_chains(OLD.enterprise_id), -1, every);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM services_figure_apply(NEW, services_figure_chains(NEW.enterprise_id), 1, every);
    END IF;
    RETURN NULL;
END
$$;

-- Enterprises join or leave chains: their requests move between chain groups. Once per
-- statement, from its transition table, so that a firm leaving two chains at once is
-- counted from its real chains before the statement.
CREATE FUNCTION services_chain_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    firm bigint;
    changed text[];
    after_change text[];
    before_change text[];
    r services_request;
BEGIN
    FOR firm, changed IN
        SELECT enterprise_id, array_agg(chain_id::text) FROM changed_rows GROUP BY enterprise_id
    LOOP
        after_change := services_figure_chains(firm);
        IF TG_OP = 'INSERT' THEN
            SELECT coalesce(array_agg(c), '{}') INTO before_change
            FROM unnest(after_change) AS c WHERE c <> ALL (changed);
        ELSE
            before_change := after_change || changed;
        END IF;
        FOR r IN SELECT * FROM services_request WHERE enterprise_id = firm LOOP
            PERFORM services_figure_apply(r, before_change, -1, ARRAY['chain']);
            PERFORM services_figure_apply(r, after_change, 1, ARRAY['chain']);
        END LOOP;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER services_request_figures
AFTER INSERT OR UPDATE OR DELETE ON services_request
FOR EACH ROW EXECUTE FUNCTION services_request_figures();

CREATE TRIGGER services_chain_figures_added
AFTER INSERT ON alliances_enterprise_chains REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION services_chain_figures();

CREATE TRIGGER services_chain_figures_removed
AFTER DELETE ON alliances_enterprise_chains REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION services_chain_figures();
"""

DROP = """
DROP TRIGGER IF EXISTS services_chain_figures_added ON alliances_enterprise_chains;
DROP TRIGGER IF EXISTS services_chain_figures_removed ON alliances_enterprise_chains;
DROP TRIGGER IF EXISTS services_request_figures ON services_request;
DROP FUNCTION IF EXISTS services_chain_figures();
DROP FUNCTION IF EXISTS services_request_figures();
DROP FUNCTION IF EXISTS services_figure_apply(services_request, text[], int, text[]);
DROP FUNCTION IF EXISTS services_figure_values(services_request, text[], int, text[]);
DROP FUNCTION IF EXISTS services_figure_counts(services_request, text[], int, text[]);
DROP FUNCTION IF EXISTS services_figure_groups(services_request, text[], text[]);
DROP FUNCTION IF EXISTS services_figure_chains(bigint);
"""

# Existing requests counted once, as the rebuild command does.
FILL = """
INSERT INTO services_monthfigures (
    month, dimension, grp, total, dispatched, returned, signed, signed_timely, resolved,
    on_time, redone, negative, positive, not_rated, overdue_open)
SELECT c.month, c.dimension, c.grp, sum(c.total), sum(c.dispatched), sum(c.returned),
       sum(c.signed), sum(c.signed_timely), sum(c.resolved), sum(c.on_time), sum(c.redone),
       sum(c.negative), sum(c.positive), sum(c.not_rated), sum(c.overdue_open)
FROM services_request r,
     LATERAL services_figure_counts(r, services_figure_chains(r.enterprise_id), 1,
                                    ARRAY['all', 'unit', 'category', 'channel', 'chain']) c
GROUP BY 1, 2, 3;
INSERT INTO services_monthvaluecount (month, dimension, grp, measure, value, n)
SELECT v.month, v.dimension, v.grp, v.measure, v.value, sum(v.n)
FROM services_request r,
     LATERAL services_figure_values(r, services_figure_chains(r.enterprise_id), 1,
                                    ARRAY['all', 'unit', 'category', 'channel', 'chain']) v
GROUP BY 1, 2, 3, 4, 5;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0008_derived_step_times'),
        ('alliances', '0003_registry_and_alliances'),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(choices=[('all', 'All'), ('unit', 'Unit'), ('category', 'Category'), ('chain', 'Chain'), ('channel', 'Channel')], max_length=10)),
                ('month', models.DateField()),
                ('group', models.CharField(blank=True, db_column='grp', max_length=40)),
                ('total', models.IntegerField(default=0)),
                ('dispatched', models.IntegerField(default=0)),
                ('returned', models.IntegerField(default=0)),
                ('signed', models.IntegerField(default=0)),
                ('signed_timely', models.IntegerField(default=0)),
                ('resolved', models.IntegerField(default=0)),
                ('on_time', models.IntegerField(default=0)),
                ('redone', models.IntegerField(default=0)),
                ('negative', models.IntegerField(default=0)),
                ('positive', models.IntegerField(default=0)),
                ('not_rated', models.IntegerField(default=0)),
                ('overdue_open', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('dimension', 'month', 'group'), name='month_figures_once')],
            },
        ),
        migrations.CreateModel(
            name='MonthValueCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(choices=[('all', 'All'), ('unit', 'Unit'), ('category', 'Category'), ('chain', 'Chain'), ('channel', 'Channel')], max_length=10)),
                ('month', models.DateField()),
                ('group', models.CharField(blank=True, db_column='grp', max_length=40)),
                ('measure', models.CharField(max_length=4)),
                ('value', models.IntegerField()),
                ('n', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('dimension', 'month', 'group', 'measure', 'value'), name='month_value_once')],
            },
        ),
        migrations.RunSQL(FUNCTIONS % {"tz": settings.TIME_ZONE}, DROP),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
