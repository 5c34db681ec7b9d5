from django.urls import path

from structures import views

app_name = "structures"

urlpatterns = [
    path("", views.index, name="index"),
    path("carte/", views.map_view, name="map"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path(
        "data-inclusion/structures.json",
        views.export_data_inclusion_json,
        name="export_data_inclusion_json",
    ),
    path(
        "data-inclusion/structures.csv",
        views.export_data_inclusion_csv,
        name="export_data_inclusion_csv",
    ),
    path("<slug:slug>/", views.detail, name="detail"),
]
