from django.urls import include, path

from occitanie_ess import views

urlpatterns = [
    path("", views.account_space, name="account_space"),
    path("", include("allauth.urls")),
]
