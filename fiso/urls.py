from django.urls import path

from fiso import views

app_name = "fiso"

urlpatterns = [
    path("", views.index, name="index"),
]
