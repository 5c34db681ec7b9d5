"""CSV import and export of social enterprises in the admin (django-import-export).

The admin's import shows a dry run first (what would be created, changed or skipped,
with the differences) and writes only once staff confirm it. Rows are matched by slug;
every row goes through the model's full_clean(), so an invalid SIRET is refused with the
model's French message.
"""

from import_export import fields, resources, widgets

from occitanie_ess.common.exports import formula_safe, formula_unsafe
from structures.models import Departement, Enterprise, Organisation, Thematic


class EnterpriseResource(resources.ModelResource):
    """Export cells are made inert for spreadsheets (a name typed as `=HYPERLINK(…)` must
    not run); the apostrophe is taken off again when the file is imported back."""

    departement = fields.Field(
        attribute="departement",
        column_name="departement",
        widget=widgets.ForeignKeyWidget(Departement, field="code"),
    )
    thematics = fields.Field(
        attribute="thematics",
        column_name="thematiques",
        widget=widgets.ManyToManyWidget(Thematic, field="slug", separator="|"),
    )

    class Meta:
        model = Enterprise
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "legal_form",
            "esus",
            "siret",
            "creation_date",
            "headcount",
            "address",
            "postcode",
            "commune",
            "code_insee",
            "departement",
            "thematics",
            "website",
            "email",
            "phone",
            "description",
            "social_impact",
            "is_published",
            "last_verified",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = False

    def get_queryset(self):
        return Enterprise.objects.select_related("departement").prefetch_related("thematics")

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.category = Organisation.Category.ENTERPRISE
        return instance

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return formula_safe(value) if isinstance(value, str) else value

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = formula_unsafe(value)
