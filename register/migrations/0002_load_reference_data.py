from django.db import migrations


def load(apps, schema_editor):
    from register.reference_data import load_reference_data

    # The historical models of this point in the migration history, never the current ones.
    load_reference_data(models={name: apps.get_model("register", name) for name in ("ReferenceCode", "AcademicCycle")})


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
