"""Load the official holidays and make-up working days the chinese-calendar package knows."""

from django.db import migrations


def load(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("services", "CalendarDay")
    rows = []
    for table, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if day.year >= 2020:
                rows.append(CalendarDay(date=day, is_working_day=working, name=str(name or "")))
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
