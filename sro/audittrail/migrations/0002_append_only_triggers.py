"""Database triggers that refuse changes to the audit tables, whoever connects.

PostgreSQL refuses UPDATE and DELETE (only TRUNCATE, a privileged maintenance statement, empties
a table). SQLite refuses UPDATE; its DELETE is refused by the application, because SQLite has
no TRUNCATE and its test databases are emptied with DELETE.
"""

from django.db import migrations

TABLES = ["audittrail_auditevent", "audittrail_accesslogentry"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sro_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only (%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, None)  # no parameters: keep the % as written
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sro_append_only();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS sro_append_only();")


class Migration(migrations.Migration):
    dependencies = [("audittrail", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
