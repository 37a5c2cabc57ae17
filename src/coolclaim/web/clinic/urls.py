"""URLs of the clinic app (pages are added by later work; see views.py)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "clinic"

urlpatterns: list[URLPattern] = []
