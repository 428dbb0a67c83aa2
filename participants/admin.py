from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from config.admin_base import StaffHistoryAdmin
from config.errors import DomainValidationError
from config.models import Event
from declarations.services import declarations_follow_funding

from .models import (
    ECTAtSchoolPeriod,
    FakeTeacherRecord,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    ParticipantIdChange,
    Teacher,
    TrainingPeriod,
)
from .selectors import teacher_for_write
from .services import teacher_merge


class ReadOnlyInline(admin.TabularInline):
    """Periods are changed by the services (school pages, API), never edited in place here."""

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


@admin.register(Teacher)
class TeacherAdmin(StaffHistoryAdmin):
    """Support staff find a teacher by TRN, name or participant id, see their periods and events, merge duplicates."""

    list_display = ["trn", "full_name", "api_id", "merged_into", "created_at"]
    search_fields = ["trn", "trs_first_name", "trs_last_name", "corrected_name", "api_id"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "api_id",
        "api_ect_training_record_id",
        "api_mentor_training_record_id",
        "merged_into",
        "created_at",
        "api_updated_at",
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
        if obj.pk is None:
            return "-"
        subjects = Q(subject_type=ContentType.objects.get_for_model(Teacher), subject_id=obj.pk)
        for model, periods in (
            (ECTAtSchoolPeriod, obj.ect_at_school_periods.all()),
            (MentorAtSchoolPeriod, obj.mentor_at_school_periods.all()),
            (TrainingPeriod, obj.training_periods.all()),
            (MentorshipPeriod, MentorshipPeriod.objects.filter(mentee__teacher=obj)),
        ):
            subjects |= Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=periods.values("pk"))
        rows = Event.objects.filter(subjects).order_by("-happened_at")[:200]
        return (
            format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    "<li>{} — {} ({} {})</li>",
                    ((e.happened_at, e.heading, e.author_type, e.author_name) for e in rows),
                ),
            )
            if rows
            else "-"
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/merge/",
                self.staff_view(self.merge_view, "participants.merge_teacher"),
                name="participants_teacher_merge",
            ),
            *super().get_urls(),
        ]

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
                return redirect("admin:participants_teacher_change", teacher.pk)
        context = {**self.admin_site.each_context(request), "teacher": teacher, "form": form, "opts": self.model._meta}
        return TemplateResponse(request, "admin/participants/teacher/merge.html", context)


class FakeTeacherRecordAdmin(StaffHistoryAdmin):
    """The stand-in Teacher Record Service answers (never in production, where TRS itself answers)."""

    list_display = ("trn", "first_name", "last_name", "date_of_birth", "induction_status", "prohibited_from_teaching")
    list_filter = ("induction_status", "prohibited_from_teaching")
    search_fields = ("trn", "first_name", "last_name")


if settings.STAND_IN_TEACHER_RECORDS:
    admin.site.register(FakeTeacherRecord, FakeTeacherRecordAdmin)
