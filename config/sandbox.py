"""Sandbox DfE staff logins: one admin user per staff role, with a fresh password on every `make run` (README.md,
"Admin"; docs/security.md §1). Never in production (SANDBOX_STAFF_LOGINS)."""

import secrets

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

ROLES = ("support", "finance")


def username_for(role: str) -> str:
    return f"sandbox-{role}"


def seed() -> dict[str, dict[str, dict[str, str]]]:
    """Idempotent: each role's user is created once; every run gives it a new password (the previous one stops
    working) and lifts any sign-in lock, as every run issues new API tokens."""
    if not settings.SANDBOX_STAFF_LOGINS:
        return {}
    logins = {}
    for role in ROLES:
        user, _ = get_user_model().objects.get_or_create(
            username=username_for(role), defaults={"email": f"{username_for(role)}@example.com"}
        )
        password = secrets.token_urlsafe(12)
        user.is_staff, user.is_active, user.is_superuser = True, True, False
        user.set_password(password)
        user.save()
        user.user_permissions.clear()
        user.groups.set([Group.objects.get(name=role)])
        reset_sign_in_failures(username=user.username)
        logins[role] = {"username": user.username, "password": password}
    return {"staff_users": logins}
