"""URLs of the clinic app."""

from __future__ import annotations

from django.urls import path

from coolclaim.web.clinic import views

app_name = "clinic"

urlpatterns = [
    path("patients/", views.patient_list, name="patient_list"),
    path("patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("courses/<int:course_id>/sessions/new/", views.session_new, name="session_new"),
    path("courses/<int:course_id>/sessions/preview/", views.session_preview, name="session_preview"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/preview/", views.session_preview, name="session_preview_existing"),
]
