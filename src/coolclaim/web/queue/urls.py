"""URLs of the queue app (mounted at / by the project's URLs)."""

from __future__ import annotations

from django.urls import path

from coolclaim.web.queue import views

app_name = "queue"

urlpatterns = [
    path("", views.facilities, name="facilities"),
    path("queue/", views.index, name="index"),
]
