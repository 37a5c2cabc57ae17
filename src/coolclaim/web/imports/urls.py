from __future__ import annotations

from django.urls import path

from coolclaim.web.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/progress/", views.batch_progress, name="progress"),
    path("<int:pk>/rejects.<str:fmt>", views.download_rejects, name="rejects"),
]
