"""Teachers in the admin: find one (by name, TRN or participant id; by role, cohort, school and lead provider), see
everything about them on one page, merge duplicates (docs/support.md, "Teacher page")."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from config.admin_base import StaffHistoryAdmin
from config.admin_filters import TextInputFilter
from config.errors import DomainValidationError
from declarations.services import declarations_follow_funding
from partnerships.models import Cohort, LeadProvider

from ..models import (
    ECTAtSchoolPeriod,
    FakeTeacherRecord,
    MentorAtSchoolPeriod,
    ParticipantIdChange,
    Teacher,
    TrainingPeriod,
)
from ..selectors import teacher_for_write
from ..services import teacher_merge
from .teacher_page import teacher_page_context, timeline

VIEW_TEACHER = "participants.view_teacher"


class ReadOnlyInline(admin.TabularInline):
    """Periods are changed by the services (school pages, API, support actions), never edited in place here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ECTAtSchoolInline(ReadOnlyInline):
    model = ECTAtSchoolPeriod
    fields = ["school", "started_on", "finished_on", "email", "working_pattern", "appropriate_body"]


class MentorAtSchoolInline(ReadOnlyInline):
    model = MentorAtSchoolPeriod
    fields = ["school", "started_on", "finished_on", "email"]


class TrainingInline(ReadOnlyInline):
    model = TrainingPeriod
    fields = [
        "role",
        "school",
        "started_on",
        "finished_on",
        "training_programme",
        "partnership",
        "expression_of_interest",
        "schedule",
        "withdrawal_reason",
        "deferral_reason",
    ]


class IdChangeInline(ReadOnlyInline):
    model = ParticipantIdChange
    fields = ["from_participant_id", "to_participant_id", "changed_at"]


class MergeForm(forms.Form):
    duplicate = forms.CharField(label="Duplicate record's participant id or TRN")

    def clean_duplicate(self):
        value = self.cleaned_data["duplicate"].strip()
        teacher = Teacher.objects.filter(trn=value).first() or teacher_for_write(participant_id=value)
        if teacher is None:
            raise forms.ValidationError("No participant has that id or TRN.")
        return teacher


# -- the list's filters (docs/support.md, "Finding a teacher") ---------------------------------------------------
class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [("ect", "ECT"), ("mentor", "Mentor")]

    def queryset(self, request, queryset):
        if self.value() == "ect":
            return queryset.filter(Exists(ECTAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"))))
        if self.value() == "mentor":
            return queryset.filter(Exists(MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"))))
        return queryset


class CohortFilter(admin.SimpleListFilter):
    """Teachers with training in the cohort."""

    title = "cohort"
    parameter_name = "cohort"

    def lookups(self, request, model_admin):
        return [
            (str(year), str(year))
            for year in Cohort.objects.order_by("-start_year").values_list("start_year", flat=True)
        ]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        trained = TrainingPeriod.objects.filter(teacher=OuterRef("pk"), schedule__cohort__start_year=int(self.value()))
        return queryset.filter(Exists(trained))


class LeadProviderFilter(admin.SimpleListFilter):
    """Teachers whose training is with the lead provider: confirmed by its partnership, or an expression of interest."""

    title = "lead provider"
    parameter_name = "lead_provider"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in LeadProvider.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        provider = int(self.value())
        trained = TrainingPeriod.objects.filter(teacher=OuterRef("pk")).filter(
            Q(partnership__delivery_partnership__contract__lead_provider_id=provider)
            | Q(partnership__isnull=True, expression_of_interest__lead_provider_id=provider)
        )
        return queryset.filter(Exists(trained))


class SchoolFilter(TextInputFilter):
    """Teachers who were ever at the school (as an ECT or a mentor), by URN: typed in, as there are thousands."""

    title = "school URN"
    parameter_name = "school_urn"

    def queryset(self, request, queryset):
        urn = self.typed()
        if not urn:
            return queryset
        at_school = Q(Exists(ECTAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), school__urn=urn))) | Q(
            Exists(MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), school__urn=urn))
        )
        return queryset.filter(at_school)


@admin.register(Teacher)
class TeacherAdmin(StaffHistoryAdmin):
    """Support staff find a teacher by TRN, name or participant id, or by role, cohort, school and lead provider, and
    open the teacher page; a superuser edits the record (funding eligibility) on the change page."""

    list_display = ["name_link", "trn", "api_id", "merged_into", "created_at"]
    list_select_related = ["merged_into"]
    list_display_links = None
    search_fields = ["trn", "trs_first_name", "trs_last_name", "corrected_name", "api_id"]
    list_filter = [
        RoleFilter,
        CohortFilter,
        SchoolFilter,
        LeadProviderFilter,
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    change_list_template = "admin/participants/teacher/change_list.html"
    readonly_fields = [
        "api_id",
        "api_ect_training_record_id",
        "api_mentor_training_record_id",
        "merged_into",
        "created_at",
        "api_updated_at",
        "trs_induction_status",
        "trs_refreshed_at",
        "trs_not_found",
        "page_link",
        "merge_link",
        "events",
    ]
    inlines = [ECTAtSchoolInline, MentorAtSchoolInline, TrainingInline, IdChangeInline]

    def save_model(self, request, obj, form, change):
        """DfE staff may make a participant fundable here: their waiting claims follow in the same transaction."""
        if self.unchanged(form, change):
            return
        super().save_model(request, obj, form, change)
        declarations_follow_funding(teacher=obj)

    @admin.display(description="Name", ordering="trs_last_name")
    def name_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:participants_teacher_page", args=[obj.pk]), obj.full_name
        )

    @admin.display(description="Teacher page")
    def page_link(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">Open the teacher page</a>', reverse("admin:participants_teacher_page", args=[obj.pk])
        )

    @admin.display(description="Merge")
    def merge_link(self, obj):
        if obj.pk is None or obj.merged_into_id:
            return "-"
        return format_html(
            '<a href="{}">Merge a duplicate record into this one</a>',
            reverse("admin:participants_teacher_merge", args=[obj.pk]),
        )

    @admin.display(description="Events")
    def events(self, obj):
        """The teacher page's timeline, in short: when, what, by whom, newest first."""
        rows = timeline(obj) if obj.pk is not None else []
        if not rows:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} ({} {})</li>",
                ((e.happened_at, e.heading, e.author_type, e.author_name) for e in rows),
            ),
        )

    def get_urls(self):
        from .support import teacher_urls

        return [
            path("<int:pk>/page/", self.staff_view(self.page_view, VIEW_TEACHER), name="participants_teacher_page"),
            path(
                "<int:pk>/merge/",
                self.staff_view(self.merge_view, "participants.merge_teacher"),
                name="participants_teacher_merge",
            ),
            *teacher_urls(self),
            *super().get_urls(),
        ]

    def page_view(self, request, pk):
        teacher = get_object_or_404(Teacher, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            **teacher_page_context(teacher, user=request.user),
            "opts": self.model._meta,
            "title": f"{teacher.full_name} (TRN {teacher.trn})",
        }
        return TemplateResponse(request, "admin/participants/teacher/page.html", context)

    def merge_view(self, request, pk):
        teacher = get_object_or_404(Teacher, pk=pk)
        form = MergeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                teacher_merge(
                    keep=teacher, retire=form.cleaned_data["duplicate"], author_name=request.user.get_username()
                )
            except DomainValidationError as error:
                form.add_error("duplicate", [message for _, message in error.errors])
            else:
                self.message_user(
                    request, f"{form.cleaned_data['duplicate']} was merged into {teacher}.", messages.SUCCESS
                )
                return redirect("admin:participants_teacher_page", teacher.pk)
        context = {
            **self.admin_site.each_context(request),
            "teacher": teacher,
            "form": form,
            "opts": self.model._meta,
            "title": f"Merge a duplicate into {teacher}",
        }
        return TemplateResponse(request, "admin/participants/teacher/merge.html", context)


class FakeTeacherRecordAdmin(StaffHistoryAdmin):
    """The stand-in Teacher Record Service answers (never in production, where TRS itself answers)."""

    list_display = ("trn", "first_name", "last_name", "date_of_birth", "induction_status", "prohibited_from_teaching")
    list_filter = ("induction_status", "prohibited_from_teaching")
    search_fields = ("trn", "first_name", "last_name")


if settings.STAND_IN_TEACHER_RECORDS:
    admin.site.register(FakeTeacherRecord, FakeTeacherRecordAdmin)
