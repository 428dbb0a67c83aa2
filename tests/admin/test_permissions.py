"""Every admin view and action needs an explicit permission: each staff role × each admin page or action answers
as allowed or 403, never 500, and never silently does what the role may not (docs/security.md)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from config.admin_base import StaffAdminMixin
from declarations.models import Declaration, PaymentState
from partnerships.models import LeadProviderAPIToken
from register.models import TrainingProviderAPIToken
from schools.models import School
from statements.models import StatementState
from tests.declarations.factories import close
from tests.factories import SchoolFactory, TeacherFactory
from tests.register.factories import TrainingProviderFactory

pytestmark = pytest.mark.django_db

ROLES = ["support", "finance", "viewer", "nobody", "superuser"]
OUR_APPS = {"config", "schools", "partnerships", "participants", "declarations", "statements", "register"}


def test_every_admin_of_the_project_refuses_with_403():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in OUR_APPS:
            assert isinstance(model_admin, StaffAdminMixin), model


def test_every_admin_action_declares_its_permissions():
    for model, model_admin in admin.site._registry.items():
        for func, name, _ in model_admin._get_base_actions():
            assert getattr(func, "allowed_permissions", ()), f"{model.__name__}.{name}"


def test_staff_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"support", "finance"}


def test_support_reads_every_record_of_the_project_and_unlocks_school_users(db):
    """docs/security.md, "1. Staff in the admin": support reads every record, including models added after the roles were
    made (a new model without a view permission for support fails here), and unlocks school users' sign-in."""
    support = Group.objects.get(name="support")
    granted = {(p.content_type.app_label, p.codename) for p in support.permissions.select_related("content_type")}
    project = {"config", "schools", "partnerships", "participants", "declarations", "statements", "register"}
    missing = [
        f"{model._meta.app_label}.view_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in project and (model._meta.app_label, f"view_{model._meta.model_name}") not in granted
    ]
    assert missing == []
    assert ("schools", "change_schooluser") in granted


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_admin_page_is_allowed_or_403(role, world, staff_client):
    client = staff_client(role)
    user = get_user_model().objects.get(username=role)
    request = type("Request", (), {"user": user})()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        can_view = model_admin.has_view_or_change_permission(request)
        response = client.get(reverse(f"{name}_changelist"))
        assert response.status_code == (200 if can_view else 403), (role, name, response.status_code)
        add = client.get(reverse(f"{name}_add"))
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), (role, name)
        obj = model._default_manager.first()
        if obj is None:
            continue
        change = client.get(reverse(f"{name}_change", args=[obj.pk]))
        assert change.status_code in ((200,) if model_admin.has_view_or_change_permission(request, obj) else (403,))
        delete = client.get(reverse(f"{name}_delete", args=[obj.pk]))
        assert delete.status_code == (200 if model_admin.has_delete_permission(request, obj) else 403), (role, name)
        for _func, action, _ in model_admin._get_base_actions():
            allowed = action in model_admin.get_actions(_with_post(request))
            response = client.post(reverse(f"{name}_changelist"), {"action": action, "_selected_action": [obj.pk]})
            assert response.status_code in ((200, 302) if allowed else (403,)), (role, name, action)


def _with_post(request):
    request.method = "POST"
    request.POST = {}
    request.GET = {}
    return request


# Explicit rows of the matrix for what matters most: (role → allowed?).
MATRIX = {
    "issue lead provider token": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "issue register token": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "add lead provider token": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "revoke lead provider token": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "revoke register token": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "merge teachers": {"support": True, "finance": False, "viewer": False, "nobody": False},
    "revert a school from history": {"support": False, "finance": False, "viewer": False, "nobody": False},
    "authorise payment": {"support": False, "finance": True, "viewer": False, "nobody": False},
    "void declaration": {"support": False, "finance": True, "viewer": False, "nobody": False},
}


def _attempt(action: str, client: Client, world, lead_provider):
    """Try the action; return (status code, whether it took effect)."""
    if action == "issue lead provider token":
        before = LeadProviderAPIToken.objects.count()
        response = client.post(
            "/admin/partnerships/leadprovider/", {"action": "issue_api_token", "_selected_action": [lead_provider.pk]}
        )
        return response.status_code, LeadProviderAPIToken.objects.count() > before
    if action == "issue register token":
        provider = TrainingProviderFactory()
        response = client.post(
            "/admin/register/trainingprovider/", {"action": "issue_api_token", "_selected_action": [provider.pk]}
        )
        return response.status_code, TrainingProviderAPIToken.objects.filter(training_provider=provider).exists()
    if action == "add lead provider token":
        before = LeadProviderAPIToken.objects.count()
        response = client.post(
            "/admin/partnerships/leadproviderapitoken/add/", {"lead_provider": lead_provider.pk, "description": "x"}
        )
        return response.status_code, LeadProviderAPIToken.objects.count() > before
    if action.startswith("revoke"):
        model = LeadProviderAPIToken if "lead provider" in action else TrainingProviderAPIToken
        token = model.objects.filter(revoked_at__isnull=True).first()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
        token.refresh_from_db()
        return response.status_code, token.revoked_at is not None
    if action == "merge teachers":
        keep, retire = world["teacher"], TeacherFactory()
        response = client.post(f"/admin/participants/teacher/{keep.pk}/merge/", {"duplicate": retire.trn})
        retire.refresh_from_db()
        return response.status_code, retire.merged_into_id == keep.pk
    if action == "revert a school from history":
        school = SchoolFactory(name="Old name")
        school.name = "New name"
        school.save()
        version = school.history.order_by("history_id").first()
        url = reverse("admin:schools_school_simple_history", args=[school.pk, version.history_id])
        fields = ["urn", "name", "gias_status", "establishment_type_code", "administrative_district_code"]
        response = client.post(url, {field: getattr(version, field) for field in fields})
        return response.status_code, School.objects.get(pk=school.pk).name == "Old name"
    if action == "authorise payment":
        # Authorising is a confirm page with a box to tick (docs/finance.md), once the cut-off has passed.
        statement = world["statement"]
        close(statement)
        response = client.post(f"/admin/statements/statement/{statement.pk}/authorise/", {"confirm": "on"})
        statement.refresh_from_db()
        return response.status_code, statement.state == StatementState.PAID
    if action == "void declaration":
        declaration = world["declaration"]
        response = client.post(
            "/admin/declarations/declaration/",
            {"action": "void_declarations", "_selected_action": [declaration.pk]},
        )
        return response.status_code, Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.VOIDED
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ["support", "finance", "viewer", "nobody"])
def test_permission_matrix(action, role, world, lead_provider, staff_client):
    status, took_effect = _attempt(action, staff_client(role), world, lead_provider)
    if MATRIX[action][role]:
        assert status in (200, 302) and took_effect, (status, took_effect)
    else:
        assert status == 403 and not took_effect, (status, took_effect)


def test_a_superuser_may_revert_from_history(world, lead_provider, staff_client):
    status, took_effect = _attempt("revert a school from history", staff_client("superuser"), world, lead_provider)
    assert status == 302 and took_effect


def test_an_issued_token_is_shown_on_its_own_page_and_never_in_a_cookie(world, lead_provider, staff_client):
    client = staff_client("support")
    response = client.post(
        "/admin/partnerships/leadprovider/", {"action": "issue_api_token", "_selected_action": [lead_provider.pk]}
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = re.search(rb'<code class="api-token">([^<]+)</code>', response.content).group(1).decode()
    assert "messages" not in response.cookies and raw not in str(response.cookies)
    added = client.post(
        "/admin/partnerships/leadproviderapitoken/add/", {"lead_provider": lead_provider.pk, "description": "x"}
    )
    assert added.status_code == 200 and b'class="api-token"' in added.content
    assert "messages" not in added.cookies
    # The next page shows no token either.
    assert b"api-token" not in client.get("/admin/partnerships/leadprovider/").content
