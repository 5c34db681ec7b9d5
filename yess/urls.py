from django.urls import path

from yess import views

app_name = "yess"

urlpatterns = [
    path("", views.index, name="index"),
    path("promotions/<int:year>/", views.cohort_detail, name="cohort_detail"),
    path("promotions/<int:year>/seances/", views.cohort_sessions, name="cohort_sessions"),
    path("candidater/", views.apply, name="apply"),
    path("candidater/recapitulatif/", views.review, name="review"),
    path("candidater/deposer/", views.submit, name="submit"),
    path("candidater/<slug:slug>/", views.step, name="step"),
    path("candidater/<slug:slug>/enregistrement/", views.autosave, name="autosave"),
    path("mes-candidatures/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "mes-candidatures/<int:pk>/retirer/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "mes-candidatures/<int:pk>/fichiers/<slug:kind>/",
        views.attachment,
        name="attachment",
    ),
    path("jury/", views.jury_list, name="jury_list"),
    path("jury/candidatures/<int:pk>/", views.jury_score, name="jury_score"),
    path("jury/classement/<int:year>/", views.ranking, name="ranking"),
]
