from django.urls import path

from coventis import views

app_name = "coventis"

urlpatterns = [
    path("", views.index, name="index"),
    path("flux.atom", views.edition_feed, name="feed"),
    path("rendez-vous/<int:pk>/", views.meeting_detail, name="meeting"),
    path("rendez-vous/<int:pk>/accepter/", views.meeting_accept, name="meeting_accept"),
    path("rendez-vous/<int:pk>/refuser/", views.meeting_decline, name="meeting_decline"),
    path("rendez-vous/<int:pk>/annuler/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:year>/", views.edition_detail, name="edition"),
    path("<int:year>/programme.ics", views.programme_ics, name="programme_ics"),
    path("<int:year>/inscription/", views.registration_create, name="register"),
    path("<int:year>/mes-rendez-vous/", views.schedule, name="schedule"),
    path("<int:year>/mes-rendez-vous.ics", views.schedule_ics, name="schedule_ics"),
    path(
        "<int:year>/rendez-vous/demander/",
        views.meeting_request_create,
        name="meeting_request",
    ),
]
