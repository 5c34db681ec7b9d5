from django.urls import include, path

from occitanie_ess import account_views, views

urlpatterns = [
    path("", views.account_space, name="account_space"),
    path("mes-donnees/", account_views.my_data, name="account_my_data"),
    path("supprimer/", account_views.delete_account, name="account_delete"),
    path(
        "notifications/",
        account_views.staff_notifications,
        name="account_staff_notifications",
    ),
    path("", include("allauth.urls")),
]
