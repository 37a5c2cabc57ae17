"""URLs of the work queue."""

from __future__ import annotations

from django.urls import path

from coolclaim.web.workqueue import views

app_name = "queue"

urlpatterns = [
    path("", views.index, name="index"),
]
