"""URL configuration of coolclaim."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from coolclaim.api.main import api
from coolclaim.web.accounts.forms import SignInForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("coolclaim.web.queue.urls")),
    path("clinic/", include("coolclaim.web.clinic.urls")),
    path("billing/", include("coolclaim.web.billing.urls")),
    path("hub/", include("coolclaim.web.hub.urls")),
    path("import/", include("coolclaim.web.imports.urls")),
    path("api/v1/", api.urls),
]
