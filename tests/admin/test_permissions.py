"""Every admin view and action needs an explicit permission: each staff role × each admin page or action answers
as allowed or 403, never 500, and never silently does what the role may not (docs/security.md)."""

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.admin_base import StaffAdminMixin
from config.models import ApiRequest, Event
from declarations.models import Declaration, PaymentState
from participants.models import ECTAtSchoolPeriod, Teacher
from partnerships.models import LeadProviderAPIToken, Partnership
from partnerships.services import delivery_partner_pair
from register.models import TrainingProviderAPIToken
from schools.models import EmailSignIn, School, SchoolUser, SupportQuery
from statements.models import Adjustment, Statement, StatementState
from tests.declarations.factories import StatementFactory, close
from tests.factories import DeliveryPartnerFactory, SchoolFactory, TeacherFactory, cohort, schedule
from tests.participants.factories import FakeTeacherRecordFactory
from tests.register.factories import TrainingProviderFactory
from tests.schools.conftest import locked_by_wrong_codes
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_pause

from . import support
from .forms import submitted

pytestmark = pytest.mark.django_db

ROLES = ["support", "finance", "viewer", "nobody", "superuser"]
OUR_APPS = {"config", "schools", "partnerships", "participants", "declarations", "statements", "register", "webhooks"}


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
    project = OUR_APPS
    missing = [
        f"{model._meta.app_label}.view_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in project and (model._meta.app_label, f"view_{model._meta.model_name}") not in granted
    ]
    assert missing == []
    assert ("schools", "unlock_schooluser") in granted
    assert ("schools", "close_supportquery") in granted
    # Unlocking, merging and viewing as a school are their own permissions: support edits no school user or teacher.
    assert not {("schools", "change_schooluser"), ("participants", "change_teacher")} & granted


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


# The role × action matrix of docs/security.md §1, whole: what each staff role may do in the admin. ALLOWED: done
# (200 or 302). FORBIDDEN: 403 and nothing done. REFUSED: the page answers 200 saying why, and nothing is done
# (a money rule that binds every role: docs/security.md §2).
ALLOWED, FORBIDDEN, REFUSED = "allowed", "403", "refused with a reason"


def _row(*allowed: str, superuser: str = ALLOWED) -> dict[str, str]:
    return {role: ALLOWED if role in allowed else FORBIDDEN for role in ROLES[:-1]} | {"superuser": superuser}


MATRIX = {
    "issue lead provider token": _row("support"),
    "issue register token": _row("support"),
    "add lead provider token": _row("support"),
    "revoke lead provider token": _row("support"),
    "revoke register token": _row("support"),
    "merge teachers": _row("support"),
    "unlock a school user": _row("support"),
    "view as a school": _row("support"),
    # Support reads the queries sent from "Contact DfE support" and closes them once answered.
    "read support queries": _row("support", "viewer"),
    "close a support query": _row("support"),
    "revert a school from history": _row(),
    "revert a teacher from history": _row(),
    "edit a teacher's funding eligibility": _row(),
    "change a school user's email": _row(),
    "authorise payment": _row("finance"),
    "void declaration": _row("finance"),
    "add an adjustment": _row("finance"),
    "change an open statement's dates": _row(),
    "change a payable statement's dates": _row(superuser=REFUSED),
    "change the dates of a statement with declarations": _row(superuser=REFUSED),
    "untick output fee on a statement with declarations": _row(superuser=REFUSED),
    # The support console (docs/support.md): reading pages, then the support actions.
    "open the teacher page": _row("support", "viewer"),
    "open the school page": _row("support", "viewer"),
    "search the API request log": _row("support", "viewer"),
    "change a training's partnership": _row("support"),
    "change a training's cohort and schedule": _row("support"),
    "import an ECT from TRS": _row("support"),
    "refresh a teacher from TRS": _row("support"),
    "record that a teacher left a school": _row("support"),
    "correct a teacher's name": _row("support"),
    "correct a teacher's email": _row("support"),
    "add a partnership for a school": _row("support"),
    "add a webhook endpoint": _row("support"),
    "change a webhook endpoint": _row("support"),
    "send a test event": _row("support"),
    "pause a webhook endpoint": _row("support"),
    "resume a webhook endpoint": _row("support"),
    "issue a new webhook secret": _row("support"),
    "delete a webhook endpoint": _row(),
}


def _browser_data(url: str, form_id: str) -> dict:
    """What the page's form submits unchanged, as a superuser sees it (roles that may not see it post it too)."""
    reader, _ = get_user_model().objects.get_or_create(
        username="form-reader", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(reader)
    return {**submitted(client.get(url).content.decode(), form_id), "_save": "Save"}


def _statement_form(statement, **changes) -> tuple[str, dict]:
    url = reverse("admin:statements_statement_change", args=[statement.pk])
    return url, {**_browser_data(url, "statement_form"), **changes}


def _support_attempt(action: str, client: Client, world, lead_provider):
    """The support console's pages and actions (docs/support.md), each through its journey."""
    teacher = world["teacher"]
    if action == "open the teacher page":
        response = client.get(reverse("admin:participants_teacher_page", args=[teacher.pk]))
        return response, response.status_code == 200 and teacher.trn.encode() in response.content
    if action == "open the school page":
        school = world["school_user"].school
        response = client.get(reverse("admin:schools_school_page", args=[school.pk]))
        return response, response.status_code == 200 and school.urn.encode() in response.content
    if action == "search the API request log":
        ApiRequest.objects.create(
            requested_at=timezone.now(),
            api="lead_provider",
            provider="P",
            method="GET",
            path="/api/v3/x",
            status=200,
            duration_ms=1,
            ids=[str(teacher.api_id)],
        )
        response = client.get(reverse("admin:config_apirequest_changelist"), {"q": str(teacher.api_id)})
        return response, response.status_code == 200 and b"/api/v3/x" in response.content
    if action == "change a training's partnership":
        training, other = support.movable_ect(lead_provider)
        response = support.walk(
            client,
            "participants_teacher_change_partnership",
            {"teacher_id": training.teacher_id, "training_id": training.pk},
            [("partnership", {"choice": other.pk})],
        )
        return response, support.latest_training(training.teacher).partnership_id == other.pk
    if action == "change a training's cohort and schedule":
        training, _ = support.movable_ect(lead_provider)
        response = support.walk(
            client,
            "participants_teacher_change_schedule",
            {"teacher_id": training.teacher_id, "training_id": training.pk},
            [
                ("cohort", {"choice": training.schedule.cohort_id}),
                ("schedule", {"choice": schedule(2024, "ecf-extended-september").pk}),
            ],
        )
        return response, support.latest_training(training.teacher).schedule.identifier == "ecf-extended-september"
    if action == "import an ECT from TRS":
        record = FakeTeacherRecordFactory()
        response = support.walk(
            client,
            "participants_teacher_import",
            {},
            [("find", {"trn": record.trn, **support.date_fields("date_of_birth", record.date_of_birth)})],
        )
        return response, Teacher.objects.filter(trn=record.trn).exists()
    if action == "refresh a teacher from TRS":
        fresh = TeacherFactory()
        FakeTeacherRecordFactory(trn=fresh.trn, first_name=fresh.trs_first_name, last_name="Renamed")
        response = client.post(reverse("admin:participants_teacher_refresh", args=[fresh.pk]))
        return response, Teacher.objects.get(pk=fresh.pk).trs_last_name == "Renamed"
    if action == "record that a teacher left a school":
        training, _ = support.movable_ect(lead_provider)
        leaving_on = support.today() + dt.timedelta(days=10)
        response = support.walk(
            client,
            "participants_teacher_record_leaving",
            {"teacher_id": training.teacher_id, "role": "ect", "period_id": training.ect_at_school_period_id},
            [("leaving-date", support.date_fields("leaving_on", leaving_on))],
        )
        period = ECTAtSchoolPeriod.objects.get(pk=training.ect_at_school_period_id)
        return response, period.finished_on == leaving_on
    if action == "correct a teacher's name":
        fresh = TeacherFactory()
        response = support.walk(
            client, "participants_teacher_correct_name", {"teacher_id": fresh.pk}, [("name", {"name": "Ada King"})]
        )
        return response, Teacher.objects.get(pk=fresh.pk).corrected_name == "Ada King"
    if action == "correct a teacher's email":
        training, _ = support.movable_ect(lead_provider)
        response = support.walk(
            client,
            "participants_teacher_correct_email",
            {"teacher_id": training.teacher_id, "role": "ect", "period_id": training.ect_at_school_period_id},
            [("email", {"email": "corrected@example.com"})],
        )
        period = ECTAtSchoolPeriod.objects.get(pk=training.ect_at_school_period_id)
        return response, period.email == "corrected@example.com"
    if action == "add a partnership for a school":
        school = SchoolFactory()
        pairing = delivery_partner_pair(
            lead_provider=lead_provider, delivery_partner=DeliveryPartnerFactory(), cohort=cohort(2024)
        )
        response = support.walk(
            client,
            "schools_school_add_partnership",
            {"school_id": school.pk},
            [
                ("cohort", {"choice": pairing.contract.cohort_id}),
                ("lead-provider", {"choice": lead_provider.pk}),
                ("delivery-partner", {"choice": pairing.pk}),
            ],
        )
        return response, Partnership.objects.filter(school=school, delivery_partnership=pairing).exists()
    return None


def _attempt(action: str, client: Client, world, lead_provider):
    """Try the action; return (status code, whether it took effect, the page)."""
    if (support_action := _support_attempt(action, client, world, lead_provider)) is not None:
        return support_action
    if action == "issue lead provider token":
        before = LeadProviderAPIToken.objects.count()
        response = client.post(
            "/admin/partnerships/leadprovider/", {"action": "issue_api_token", "_selected_action": [lead_provider.pk]}
        )
        return response, LeadProviderAPIToken.objects.count() > before
    if action == "issue register token":
        provider = TrainingProviderFactory()
        response = client.post(
            "/admin/register/trainingprovider/", {"action": "issue_api_token", "_selected_action": [provider.pk]}
        )
        return response, TrainingProviderAPIToken.objects.filter(training_provider=provider).exists()
    if action == "add lead provider token":
        before = LeadProviderAPIToken.objects.count()
        response = client.post(
            "/admin/partnerships/leadproviderapitoken/add/", {"lead_provider": lead_provider.pk, "description": "x"}
        )
        return response, LeadProviderAPIToken.objects.count() > before
    if action.startswith("revoke"):
        model = LeadProviderAPIToken if "lead provider" in action else TrainingProviderAPIToken
        token = model.objects.filter(revoked_at__isnull=True).first()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
        token.refresh_from_db()
        return response, token.revoked_at is not None
    if action == "merge teachers":
        keep, retire = world["teacher"], TeacherFactory()
        response = client.post(f"/admin/participants/teacher/{keep.pk}/merge/", {"duplicate": retire.trn})
        retire.refresh_from_db()
        return response, retire.merged_into_id == keep.pk
    if action == "unlock a school user":
        user = world["school_user"]
        locked_by_wrong_codes(user)
        response = client.post("/admin/schools/schooluser/", {"action": "unlock", "_selected_action": [user.pk]})
        return response, EmailSignIn.objects.get(school_user=user).locked_at is None
    if action == "view as a school":
        school = world["school_user"].school
        response = client.post(reverse("admin:schools_school_view_as", args=[school.pk]))
        return response, Event.objects.filter(event_type="dfe_user_impersonates_school").exists()
    if action == "read support queries":
        query = world["support_query"]
        response = client.get(reverse("admin:schools_supportquery_change", args=[query.pk]))
        return response, response.status_code == 200 and query.message in response.content.decode()
    if action == "close a support query":
        query = world["support_query"]
        response = client.post(
            reverse("admin:schools_supportquery_changelist"), {"action": "close", "_selected_action": [query.pk]}
        )
        return response, SupportQuery.objects.get(pk=query.pk).closed_at is not None
    if action == "revert a school from history":
        school = SchoolFactory(name="Old name")
        school.name = "New name"
        school.save()
        version = school.history.order_by("history_id").first()
        url = reverse("admin:schools_school_simple_history", args=[school.pk, version.history_id])
        response = client.post(url, _browser_data(url, "historicalschool_form"))
        return response, School.objects.get(pk=school.pk).name == "Old name"
    if action == "revert a teacher from history":
        teacher = TeacherFactory(corrected_name="Old name")
        teacher.corrected_name = "New name"
        teacher.save()
        version = teacher.history.order_by("history_id").first()
        url = reverse("admin:participants_teacher_simple_history", args=[teacher.pk, version.history_id])
        response = client.post(url, _browser_data(url, "historicalteacher_form"))
        return response, Teacher.objects.get(pk=teacher.pk).corrected_name == "Old name"
    if action == "edit a teacher's funding eligibility":
        teacher = TeacherFactory()
        url = reverse("admin:participants_teacher_change", args=[teacher.pk])
        data = _browser_data(url, "teacher_form") | {
            "ect_first_became_eligible_for_funding_at_0": "2024-10-02",
            "ect_first_became_eligible_for_funding_at_1": "09:00:00",
        }
        response = client.post(url, data)
        return response, Teacher.objects.get(pk=teacher.pk).ect_first_became_eligible_for_funding_at is not None
    if action == "change a school user's email":
        user = world["school_user"]
        url = reverse("admin:schools_schooluser_change", args=[user.pk])
        response = client.post(url, _browser_data(url, "schooluser_form") | {"email": "someone.else@example.com"})
        return response, SchoolUser.objects.get(pk=user.pk).email == "someone.else@example.com"
    if action == "authorise payment":
        # Authorising is a confirm page with a box to tick (docs/finance.md), once the cut-off has passed.
        statement = world["statement"]
        close(statement)
        response = client.post(f"/admin/statements/statement/{statement.pk}/authorise/", {"confirm": "on"})
        statement.refresh_from_db()
        return response, statement.state == StatementState.PAID
    if action == "void declaration":
        declaration = world["declaration"]
        response = client.post(
            "/admin/declarations/declaration/",
            {"action": "void_declarations", "_selected_action": [declaration.pk]},
        )
        return response, Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.VOIDED
    if action == "add an adjustment":
        data = {"statement": world["statement"].pk, "payment_type": "Late fee", "amount": "10.00"}
        response = client.post("/admin/statements/adjustment/add/", data)
        return response, Adjustment.objects.filter(payment_type="Late fee").exists()
    if "webhook" in action or action == "send a test event":
        return _webhook_attempt(action, client, world, lead_provider)
    if "statement" in action:
        if action == "change an open statement's dates":
            statement = StatementFactory(lead_provider=lead_provider)
        elif action == "change a payable statement's dates":
            statement = StatementFactory(lead_provider=lead_provider, payable=True)
        else:
            statement = world["declaration"].statement
        if "output fee" in action:
            url, data = _statement_form(statement)
            data.pop("output_fee", None)  # an unticked box is not sent
            response = client.post(url, data)
            return response, not Statement.objects.get(pk=statement.pk).output_fee
        later = statement.payment_date + dt.timedelta(days=1)
        url, data = _statement_form(statement, payment_date=later.isoformat())
        response = client.post(url, data)
        return response, Statement.objects.get(pk=statement.pk).payment_date == later
    raise AssertionError(action)


def _webhook_attempt(action: str, client: Client, world, lead_provider):
    endpoints = "/admin/webhooks/webhookendpoint/"
    endpoint = world["endpoint"]
    if action == "add a webhook endpoint":
        data = {"lead_provider": lead_provider.pk, "url": "https://new.example/hooks", "events": ["statement.updated"]}
        response = client.post(f"{endpoints}add/", data | {"description": ""})
        return response, WebhookEndpoint.objects.filter(url="https://new.example/hooks").exists()
    if action == "change a webhook endpoint":
        url = reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
        response = client.post(url, _browser_data(url, "webhookendpoint_form") | {"url": "https://moved.example/h"})
        return response, WebhookEndpoint.objects.get(pk=endpoint.pk).url == "https://moved.example/h"
    if action == "delete a webhook endpoint":
        url = reverse("admin:webhooks_webhookendpoint_delete", args=[endpoint.pk])
        response = client.post(url, {"post": "yes"})
        return response, not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    if action == "resume a webhook endpoint":
        endpoint_pause(endpoint=endpoint, reason="Paused by staff")
    names = {
        "send a test event": "send_test_event",
        "pause a webhook endpoint": "pause",
        "resume a webhook endpoint": "resume",
        "issue a new webhook secret": "issue_new_secret",
    }
    before = (WebhookDelivery.objects.count(), endpoint.secret_encrypted)
    response = client.post(endpoints, {"action": names[action], "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    took_effect = {
        "send a test event": WebhookDelivery.objects.count() == before[0] + 1,
        "pause a webhook endpoint": endpoint.state == "paused",
        "resume a webhook endpoint": endpoint.state == "active",
        "issue a new webhook secret": endpoint.secret_encrypted != before[1],
    }[action]
    return response, took_effect


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_the_role_action_matrix(action, role, world, lead_provider, staff_client):
    """docs/security.md §1, "Staff roles", for every role (support, finance, a user with every view permission,
    staff without permissions, a superuser) and every action the rule book names."""
    response, took_effect = _attempt(action, staff_client(role), world, lead_provider)
    expected = MATRIX[action][role]
    if expected == ALLOWED:
        assert response.status_code in (200, 302) and took_effect, (response.status_code, took_effect)
    elif expected == FORBIDDEN:
        assert response.status_code == 403 and not took_effect, (response.status_code, took_effect)
    else:
        page = response.content.decode()
        assert response.status_code == 200 and not took_effect, (response.status_code, took_effect)
        # The admin's refusal, in the words of docs/statements.md, "The calendar".
        assert (
            "This statement carries declarations or is no longer open, so its dates cannot change: they come from the "
            "calendar."
            in page
            or "This statement carries declarations, so its lead provider, cohort and output fee cannot change." in page
        )


# The fields each role's change pages let it edit (docs/security.md §1): support and the view-only user edit
# nothing; finance edits adjustments and contract versions that have paid nothing. A field here that the rule book
# does not give the role fails this test.
CONTRACT_FIELDS = {
    "contract_type",
    "recruitment_target",
    "set_up_fee",
    "monthly_service_fee",
    "uplift_amount",
    "uplift_target_percentage",
    "mentor_recruitment_target",
    "mentor_payment_per_participant",
    "vat_registered",
    "vat_percentage",
}
BAND_FIELDS = {
    f"contractband.{name}"
    for name in (
        "band",
        "min_participants",
        "max_participants",
        "per_participant",
        "output_percentage",
        "service_percentage",
    )
}
EDITABLE = {
    "support": {"webhooks.webhookendpoint": {"url", "events", "description"}},
    "viewer": {},
    "nobody": {},
    "finance": {
        "statements.adjustment": {"statement", "payment_type", "amount"},
        "statements.calloffcontract": CONTRACT_FIELDS | BAND_FIELDS,
    },
}
STATEMENT_FIELDS = {
    "lead_provider",
    "cohort",
    "year",
    "month",
    "cut_off_date",
    "payment_date",
    "output_fee",
    "contract",
}


def _editable(response) -> set[str]:
    """The fields the change page lets its user edit, inline rows' fields as "model.field"."""
    adminform = response.context["adminform"]
    names = {name for name in flatten_fieldsets(adminform.fieldsets) if name not in adminform.readonly_fields}
    for inline in response.context["inline_admin_formsets"]:
        if inline.has_change_permission or inline.has_add_permission:
            fk = getattr(inline.formset, "fk", None)
            names |= {
                f"{inline.opts.model._meta.model_name}.{name}"
                for name in flatten_fieldsets(inline.fieldsets)
                if name not in inline.readonly_fields and (fk is None or name != fk.name)
            }
    return names


@pytest.mark.parametrize("role", EDITABLE)
def test_no_change_page_offers_a_field_the_role_may_not_change(role, world, staff_client):
    client = staff_client(role)
    found = {}
    for model in admin.site._registry:
        opts = model._meta
        obj = model._default_manager.first()
        if opts.app_label not in OUR_APPS or obj is None:
            continue
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        if response.status_code == 200 and _editable(response):
            found[opts.label_lower] = _editable(response)
    assert found == EDITABLE[role]


def test_a_superuser_edits_a_statement_s_calendar_facts_and_the_page_says_when_they_are_fixed(world, staff_client):
    client = staff_client("superuser")
    statement = world["declaration"].statement
    response = client.get(reverse("admin:statements_statement_change", args=[statement.pk]))
    assert _editable(response) == STATEMENT_FIELDS


def test_every_admin_page_of_its_own_declares_its_permission():
    """Django's own pages check the model permissions; every other admin page declares what it needs
    (config/admin_base.py `staff_view`)."""
    standard = ("_changelist", "_add", "_history", "_delete", "_change", "_simple_history")
    own = {}
    for model_admin in admin.site._registry.values():
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and not name.endswith(standard):
                own[name] = getattr(pattern.callback, "required_permission", None)
    assert own == {
        "participants_teacher_merge": "participants.merge_teacher",
        "participants_teacher_page": "participants.view_teacher",
        "participants_teacher_import": "participants.import_teacher",
        "participants_teacher_refresh": "participants.refresh_teacher",
        "participants_teacher_change_partnership": "participants.change_training",
        "participants_teacher_change_schedule": "participants.change_training",
        "participants_teacher_correct_name": "participants.correct_teacher_details",
        "participants_teacher_correct_email": "participants.correct_teacher_details",
        "participants_teacher_record_leaving": "participants.record_leaving",
        "schools_school_page": "schools.view_school",
        "schools_school_add_partnership": "partnerships.add_partnership",
        "schools_school_view_as": "schools.act_as_school",
        "statements_statement_authorise": "statements.authorise_payment",
        "statements_statement_declarations_csv": "statements.view_statement",
    }


def test_a_view_only_user_changes_nothing(world, staff_client):
    """Every change page, posted back as a browser would, by a user holding every view permission: 403."""
    client = staff_client("viewer")
    for model in admin.site._registry:
        opts = model._meta
        obj = model._default_manager.first()
        if opts.app_label not in OUR_APPS or obj is None:
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.post(url, _browser_data(url, f"{opts.model_name}_form"))
        assert response.status_code == 403, (model, response.status_code)


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
