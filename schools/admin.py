from django.contrib import admin, messages
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from config.admin_base import ReadOnlyModelAdmin, StaffHistoryAdmin

from .auth import impersonation_start, school_user_sign_in_relink, school_user_unlock
from .models import (
    AppropriateBody,
    EmailSignIn,
    RegistrationClosure,
    School,
    SchoolProgrammeChoices,
    SchoolUser,
    SupportQuery,
)
from .services import support_query_close

ACT_AS_SCHOOL = "schools.act_as_school"


@admin.register(School)
class SchoolAdmin(StaffHistoryAdmin):
    list_display = [
        "urn",
        "name",
        "gias_status",
        "establishment_type_code",
        "section_41_approved",
        "induction_tutor_name",
        "eligible",
    ]
    list_filter = ["gias_status", "section_41_approved"]
    search_fields = ["urn", "name", "induction_tutor_name", "induction_tutor_email"]
    readonly_fields = ["api_id", "created_at", "updated_at", "api_updated_at", "view_as_school"]

    @admin.display(boolean=True, description="Eligible for funding")
    def eligible(self, obj):
        return obj.eligible_for_funding

    @admin.display(description="School pages")
    def view_as_school(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:schools_school_view_as", args=[obj.pk])
        return format_html('<a class="button" href="{}">View as this school</a>', url)

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm(ACT_AS_SCHOOL):
            return self.readonly_fields
        return [name for name in self.readonly_fields if name != "view_as_school"]

    def get_urls(self):
        view = self.staff_view(self.view_as_school_view, ACT_AS_SCHOOL)
        return [path("<int:school_id>/view-as/", view, name="schools_school_view_as"), *super().get_urls()]

    def view_as_school_view(self, request, school_id: int):
        """DfE staff see the school's pages as its induction tutor would, and may act there; every change they make
        is recorded with their own name. Viewing as a school acts for it, so it needs its own permission, never a
        view one (docs/security.md §1); the start is a POST."""
        school = get_object_or_404(School, pk=school_id)
        if request.method == "POST":
            impersonation_start(request, school=school, staff_user=request.user)
            return redirect("school:home")
        context = {**self.admin_site.each_context(request), "school": school, "title": f"View as {school.name}"}
        return TemplateResponse(request, "admin/schools/view_as_school.html", context)


def _sign_in_state(field: str) -> Subquery:
    """A field of the sign-in state of the user's address (schools.auth.school_user_sign_in_relink keeps it linked)."""
    states = EmailSignIn.objects.filter(school_user=OuterRef("pk")).order_by("-updated_at")
    return Subquery(states.values(field)[:1])


class SignInLockedFilter(admin.SimpleListFilter):
    title = "sign-in locked"
    parameter_name = "sign_in_locked"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sign_in_locked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sign_in_locked_at__isnull=True)
        return queryset


@admin.register(SchoolUser)
class SchoolUserAdmin(StaffHistoryAdmin):
    """School users who sign in with an emailed code; DfE staff add them and unlock them."""

    list_display = ["email", "full_name", "school", "sign_in_locked_at", "last_signed_in_at"]
    list_filter = [SignInLockedFilter]
    search_fields = ["email", "full_name", "school__urn", "school__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["wrong_codes", "sign_in_locked_at", "last_signed_in_at", "created_at"]
    fields = ["email", "full_name", "school", "wrong_codes", "sign_in_locked_at", "last_signed_in_at", "created_at"]
    actions = ["unlock"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(sign_in_locked_at=_sign_in_state("locked_at"), wrong_codes=_sign_in_state("failed_codes"))
        )

    @admin.display(description="Sign-in locked at", ordering="sign_in_locked_at")
    def sign_in_locked_at(self, obj):
        return getattr(obj, "sign_in_locked_at", None)

    @admin.display(description="Wrong codes")
    def wrong_codes(self, obj):
        return getattr(obj, "wrong_codes", None) or 0

    def save_model(self, request, obj, form, change):
        if self.unchanged(form, change):
            return
        super().save_model(request, obj, form, change)
        if not change or "email" in form.changed_data:
            school_user_sign_in_relink(user=obj)

    def has_unlock_permission(self, request) -> bool:
        return request.user.has_perm("schools.unlock_schooluser")

    @admin.action(description="Unlock sign-in for the selected users", permissions=["unlock"])
    def unlock(self, request, queryset):
        staff_name = request.user.get_username()
        with transaction.atomic():  # all the selected users, or none
            for user in queryset.filter(sign_in_locked_at__isnull=False):
                school_user_unlock(user=user, staff_name=staff_name)
        self.message_user(request, "The selected users can sign in again.", messages.SUCCESS)


@admin.register(AppropriateBody)
class AppropriateBodyAdmin(StaffHistoryAdmin):
    list_display = ["name", "body_type", "active"]
    list_filter = ["body_type", "active"]
    search_fields = ["name"]


@admin.register(RegistrationClosure)
class RegistrationClosureAdmin(StaffHistoryAdmin):
    """The days on which schools cannot register teachers (while the next contract period is set up)."""

    list_display = ["starts_on", "finishes_on", "reason"]


@admin.register(SchoolProgrammeChoices)
class SchoolProgrammeChoicesAdmin(StaffHistoryAdmin):
    list_display = ["school", "appropriate_body", "training_programme", "lead_provider", "updated_at"]
    search_fields = ["school__urn", "school__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["updated_at"]


class SupportQueryStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(closed_at__isnull=True)
        if self.value() == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset


@admin.register(SupportQuery)
class SupportQueryAdmin(ReadOnlyModelAdmin):
    """What people sent from "Contact DfE support": support staff read them and close them once answered; nobody
    edits what was sent (docs/security.md §1)."""

    list_display = ["created_at", "name", "email", "school_name", "status"]
    list_filter = [SupportQueryStatusFilter]
    search_fields = ["name", "email", "school_name", "school__urn", "message"]
    date_hierarchy = "created_at"
    fields = ["created_at", "name", "email", "school_name", "school", "message", "closed_at", "closed_by"]
    readonly_fields = fields
    actions = ["close"]

    @admin.display(description="Status")
    def status(self, obj):
        return "Closed" if obj.closed_at else "Open"

    def has_close_permission(self, request) -> bool:
        return request.user.has_perm("schools.close_supportquery")

    @admin.action(description="Close the selected support queries", permissions=["close"])
    def close(self, request, queryset):
        staff_name = request.user.get_username()
        with transaction.atomic():  # all the selected queries close, or none
            for query in queryset.filter(closed_at__isnull=True):
                support_query_close(query=query, staff_name=staff_name)
        self.message_user(request, "The selected support queries are closed.", messages.SUCCESS)
