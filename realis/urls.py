from django.urls import path

from realis import views

app_name = "realis"

urlpatterns = [
    path("", views.index, name="index"),
]
