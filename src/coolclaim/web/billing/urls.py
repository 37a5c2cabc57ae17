"""URLs of the billing app."""

from __future__ import annotations

from django.urls import path

from coolclaim.web.billing import views

app_name = "billing"

urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/accept/", views.claim_accept, name="claim_accept"),
    path("claims/<int:pk>/hold/", views.claim_hold, name="claim_hold"),
    path("claims/<int:pk>/claim-form.pdf", views.claim_form, name="claim_form"),
    path("claims/<int:pk>/fhir.json", views.claim_fhir, name="claim_fhir"),
    path("claims/<int:pk>/void/", views.claim_void, name="claim_void"),
    path("claims/<int:pk>/notes/", views.claim_note_add, name="claim_note_add"),
    path("claims/<int:pk>/send-back/", views.claim_send_back, name="claim_send_back"),
    path("claims/<int:pk>/edits/<int:edit_id>/override/", views.edit_override, name="edit_override"),
    path("fees/", views.fee_schedule, name="fee_schedule"),
    path("fees/<int:facility_id>/add/", views.fee_entry_add, name="fee_entry_add"),
    path("fees/<int:facility_id>/import/", views.fee_schedule_import, name="fee_schedule_import"),
    path("submit/", views.submission, name="submission"),
    path("partners/", views.trading_partner, name="trading_partner"),
    path("remittances/", views.remittances, name="remittances"),
    path("remittances/review/", views.payment_review, name="payment_review"),
    path("remittances/review/<int:pk>/", views.payment_resolve, name="payment_resolve"),
    path("remittances/review/matches/<int:pk>/confirm/", views.payment_confirm, name="payment_confirm"),
]
