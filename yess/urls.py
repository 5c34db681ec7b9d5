from django.urls import path

from yess import views

app_name = "yess"

urlpatterns = [
    path("", views.index, name="index"),
]
