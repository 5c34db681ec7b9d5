from django.db import migrations

from structures.territory import DEPARTEMENTS, ensure_departements


def load(apps, schema_editor):
    ensure_departements(apps.get_model("structures", "Departement"))


def unload(apps, schema_editor):
    Departement = apps.get_model("structures", "Departement")
    Departement.objects.filter(code__in=[code for code, _name, _slug in DEPARTEMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
