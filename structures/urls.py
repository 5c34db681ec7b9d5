from django.urls import path

from structures import views

app_name = "structures"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
]
