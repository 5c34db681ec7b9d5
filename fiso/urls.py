from django.urls import path

from fiso import views

app_name = "fiso"

urlpatterns = [
    path("", views.index, name="index"),
    path("financements/<uuid:public_id>/", views.detail, name="detail"),
    path("financements/<int:pk>/echeancier.csv", views.schedule_csv, name="schedule_csv"),
    path("donnees/financements.csv", views.export_csv, name="export_csv"),
    path("donnees/financements.json", views.export_json, name="export_json"),
]
