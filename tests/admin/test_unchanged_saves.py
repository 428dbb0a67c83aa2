"""Saving an admin change form with nothing changed writes nothing (docs/security.md §1): no timestamp that lead
providers or training providers sync on moves (a declaration's `updated_at`, a participant's `api_updated_at`), and
no history row is added."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from declarations.models import Declaration
from participants.models import Teacher
from register.models import Trainee
from schools.models import School
from statements.models import Statement

from .forms import submitted

pytestmark = pytest.mark.django_db

OUR_APPS = {"config", "schools", "partnerships", "participants", "declarations", "statements", "register"}


def _written(obj) -> dict:
    """Every timestamp of the row that moves when it is saved, and how many history rows it has."""
    model = type(obj)
    fresh = model._default_manager.get(pk=obj.pk)
    stamps = {
        field.attname: getattr(fresh, field.attname)
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and (field.auto_now or field.name in getattr(model, "api_timestamps", {}))
    }
    history = getattr(fresh, "history", None)
    return {**stamps, "history rows": history.count() if history is not None else None}


def test_saving_any_change_form_unchanged_writes_nothing(world, staff_client):
    client = staff_client("superuser")
    request = type("Request", (), {"user": get_user_model().objects.get(username="superuser")})()
    saved = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model._default_manager.first()
        if opts.app_label not in OUR_APPS or obj is None or not model_admin.has_change_permission(request, obj):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        before = _written(obj)
        data = submitted(client.get(url).content.decode(), f"{opts.model_name}_form")
        response = client.post(url, {**data, "_save": "Save"})
        assert response.status_code == 302, (model, response.context and response.context["adminform"].form.errors)
        assert _written(obj) == before, model
        saved.add(model)
    # The API-visible records among them (config/db.py ApiTimestamps, and what both APIs show as updated_at).
    assert saved >= {Declaration, Statement, Teacher, School, Trainee}
