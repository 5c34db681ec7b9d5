from django.urls import path

from coventis import views

app_name = "coventis"

urlpatterns = [
    path("", views.index, name="index"),
]
