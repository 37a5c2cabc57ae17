"""URLs of the hub app."""

from __future__ import annotations

from django.urls import path

from coolclaim.web.hub import views
from coolclaim.web.hub.views import exchange as exchange_views

app_name = "hub"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/enroll/", views.enroll_case, name="enroll"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/events/", views.case_event, name="case_event"),
    path("cases/<int:pk>/benefits/", views.benefits, name="benefits"),
    path("cases/<int:pk>/benefits/271/", exchange_views.benefits_from_271, name="benefits_from_271"),
    path("cases/<int:pk>/pa/", views.pa_submit, name="pa_submit"),
    path("cases/<int:pk>/pa/pas-bundle.json", exchange_views.pas_bundle, name="pas_bundle"),
    path("cases/<int:pk>/pa/<int:auth_pk>/decision/", views.pa_decide, name="pa_decide"),
    path("cases/<int:pk>/appeal/", views.appeal_file, name="appeal_file"),
    path("cases/<int:pk>/appeal/decision/", views.appeal_decide, name="appeal_decide"),
    path("cases/<int:pk>/pap/", views.pap, name="pap"),
    path("cases/<int:pk>/reauthorizations/<int:step_pk>/", views.reauthorization, name="reauthorization"),
    path("cases/<int:pk>/sob/", views.sob, name="sob"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("cases/<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("cases/<int:pk>/documents/<int:doc_pk>/pdf/", views.document_download, name="document_download"),
    path("cases/<int:pk>/cap-kit/", views.cap_kit_step, name="cap_kit_step"),
    path("enrollment-form.pdf", views.enrollment_form_blank, name="enrollment_form_blank"),
    path("screening/", views.screening, name="screening"),
]
