from django.urls import path

from realis import views

app_name = "realis"

urlpatterns = [
    path("", views.index, name="index"),
    path("reservations/", views.calendar, name="calendar"),
    path("reservations/nouvelle/", views.booking_create, name="booking_create"),
    path("reservations/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("reservations/<int:pk>/annuler/", views.booking_cancel, name="booking_cancel"),
]
