"""Request events are append-only: the database refuses UPDATE and DELETE on them."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION services_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'request events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER services_requestevent_append_only
BEFORE UPDATE OR DELETE ON services_requestevent
FOR EACH ROW EXECUTE FUNCTION services_event_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS services_requestevent_append_only ON services_requestevent;
DROP FUNCTION IF EXISTS services_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("services", "0002_official_calendar")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
