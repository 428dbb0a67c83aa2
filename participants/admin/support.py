"""DfE support's actions on a teacher (docs/support.md): each a short journey ending in a check-answers step, each
saved through the service the API and the school pages use, with the staff user as the author; a refusal shows the
service's own message. The school pages' forms ask the questions they share (TRN and date of birth, a name, an
email address, a leaving date), so their checks are the same too."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from config import clock
from config.admin_wizard import QUESTION_TEMPLATE, AdminWizard, RadioChoiceForm, admin_wizard_urls
from config.errors import DomainValidationError
from config.models import AuthorType
from config.wizard import CHECK_ANSWERS, Step
from partnerships.models import Cohort, Partnership, Schedule

from .. import rules, services
from ..models import ECTAtSchoolPeriod, InductionStatus, MentorAtSchoolPeriod, Teacher, TrainingPeriod
from ..school_pages import forms as school_forms
from ..selectors import ROLE_COURSES, cohort_move_partnership, latest_training_period, partnerships_to_move_to
from ..services import ect_changes, mentor_changes
from ..services.mentors import training_lead_provider
from ..services.school_periods import latest_training_start
from ..services.teacher_records import REFRESHED_FIELDS, teacher_import_check, teacher_refresh_preview
from ..trs import TRS_UNAVAILABLE, TRSUnavailable

CHANGE_TRAINING = "participants.change_training"
IMPORT_TEACHER = "participants.import_teacher"
REFRESH_TEACHER = "participants.refresh_teacher"
RECORD_LEAVING = "participants.record_leaving"
CORRECT_DETAILS = "participants.correct_teacher_details"
AT_SCHOOL = {"ect": ECTAtSchoolPeriod, "mentor": MentorAtSchoolPeriod}


def _partnership_label(partnership: Partnership | None) -> str:
    if partnership is None:
        return "None (an expression of interest only)"
    pairing = partnership.delivery_partnership
    return f"{pairing.contract.lead_provider} with {pairing.delivery_partner} ({pairing.contract.cohort})"


def _training_label(training: TrainingPeriod) -> str:
    role = "ECT" if training.role == "ect" else "Mentor"
    return f"{role} training at {training.school.name} from {training.started_on:%-d %B %Y}"


# -- the journeys on one teacher ---------------------------------------------------------------------------------
class TeacherWizard(AdminWizard):
    """A journey about one teacher (`teacher_id`); it ends back on the teacher page."""

    url_context_names = ("teacher_id",)

    def __init__(self, request, **context):
        super().__init__(request, **context)
        self.teacher = get_object_or_404(Teacher, pk=context["teacher_id"], merged_into__isnull=True)
        self.today = clock.today()

    @property
    def caption(self) -> str:
        return f"{self.teacher.full_name} (TRN {self.teacher.trn})"

    @property
    def breadcrumbs(self) -> list[dict]:
        return [
            {"url": reverse("admin:participants_teacher_changelist"), "label": "Teachers"},
            {"url": self.exit_url(), "label": self.teacher.full_name},
        ]

    def exit_url(self) -> str:
        return reverse("admin:participants_teacher_page", args=[self.teacher.pk])

    def author(self) -> dict:
        return {"author_type": AuthorType.DFE_STAFF_USER, "author_name": self.request.user.get_username()}

    def done(self, title: str) -> dict:
        return {"title": title, "next_url": self.exit_url()}


class _TrainingWizard(TeacherWizard):
    url_context_names = ("teacher_id", "training_id")

    def __init__(self, request, **context):
        super().__init__(request, **context)
        self.training = get_object_or_404(
            TrainingPeriod.objects.select_related(
                "school",
                "schedule__cohort",
                "expression_of_interest__lead_provider",
                "partnership__delivery_partnership__contract__lead_provider",
                "partnership__delivery_partnership__contract__cohort",
                "partnership__delivery_partnership__delivery_partner",
            ),
            pk=context["training_id"],
            teacher=self.teacher,
        )
        if self.training.training_programme != "provider_led":
            raise Http404


class PartnershipForm(RadioChoiceForm):
    question = "Partnership"
    blank = rules.PARTNERSHIP_BLANK

    def queryset(self):
        return partnerships_to_move_to(training=self.wizard.training)

    def choice_label(self, partnership) -> str:
        return _partnership_label(partnership)


class ChangePartnership(_TrainingWizard):
    """Move ongoing provider-led training to another partnership at its school, in its cohort."""

    name = "participants_teacher_change_partnership"
    confirm_label = "Change partnership"
    check_answers_title = "Check the change of partnership"
    steps = [
        Step("partnership", "Which partnership should the training move to?", PartnershipForm, QUESTION_TEMPLATE),
        Step(
            "no-other-partnerships",
            "There is no other partnership to move to",
            None,
            QUESTION_TEMPLATE,
            dead_end=True,
            extra={"body": "admin/participants/teacher/no_other_partnerships.html"},
        ),
    ]

    def first_step(self) -> str:
        return "partnership" if partnerships_to_move_to(training=self.training).exists() else "no-other-partnerships"

    def next_step(self, step):
        return CHECK_ANSWERS

    def summary(self):
        return [
            {"key": "Training", "value": _training_label(self.training)},
            {"key": "Partnership now", "value": _partnership_label(self.training.partnership)},
            {
                "key": "New partnership",
                "value": _partnership_label(self.answer("partnership", "choice")),
                "step": "partnership",
            },
            {"key": "Schedule", "value": f"{self.training.schedule.identifier} (stays)"},
        ]

    def commit(self):
        services.training_period_change_partnership(
            training_period=self.training,
            partnership=self.answer("partnership", "choice"),
            author_name=self.request.user.get_username(),
        )
        return self.done(f"The training moved to {_partnership_label(self.answer('partnership', 'choice'))}")


class CohortForm(RadioChoiceForm):
    question = "Cohort"
    blank = "Choose a cohort"

    def queryset(self):
        return Cohort.objects.order_by("-start_year")


class ScheduleForm(RadioChoiceForm):
    question = "Schedule"
    blank = "Choose a schedule"

    def queryset(self):
        cohort = self.wizard.answer("cohort", "choice")
        return Schedule.objects.filter(cohort=cohort).order_by("identifier")

    def choice_label(self, schedule) -> str:
        return f"{schedule.identifier} ({schedule.name})"


class ChangeSchedule(_TrainingWizard):
    """Move the lead provider's training to another cohort and schedule, by the API's change-schedule rules."""

    name = "participants_teacher_change_schedule"
    confirm_label = "Change cohort and schedule"
    check_answers_title = "Check the new cohort and schedule"
    steps = [
        Step("cohort", "Which cohort should the training be in?", CohortForm, QUESTION_TEMPLATE),
        Step("schedule", "Which schedule should the training follow?", ScheduleForm, QUESTION_TEMPLATE),
    ]

    def _latest_only(self) -> None:
        """The API's change-schedule acts on the provider's latest training of the teacher: only that one is
        offered (the teacher page's link), and only that one is shown on check answers and changed. (After the
        change, a newer training exists: the confirmation is not asked again.)"""
        provider = self.lead_provider()
        if (
            provider is None
            or latest_training_period(lead_provider=provider, teacher=self.teacher, role=self.training.role)
            != self.training
        ):
            raise Http404

    def next_step(self, step):
        return "schedule" if step == "cohort" else CHECK_ANSWERS

    def lead_provider(self):
        return training_lead_provider(self.training)

    def summary(self):
        self._latest_only()
        cohort, schedule = self.answer("cohort", "choice"), self.answer("schedule", "choice")
        partnership = self.training.partnership
        if cohort != self.training.schedule.cohort:
            partnership = cohort_move_partnership(
                school_id=self.training.school_id, lead_provider=self.lead_provider(), cohort=cohort
            )
        return [
            {"key": "Training", "value": _training_label(self.training)},
            {"key": "Lead provider", "value": str(self.lead_provider())},
            {
                "key": "Cohort",
                "value": f"{self.training.schedule.cohort.start_year} → {cohort.start_year}",
                "step": "cohort",
            },
            {
                "key": "Schedule",
                "value": f"{self.training.schedule.identifier} → {schedule.identifier}",
                "step": "schedule",
            },
            {
                "key": "Partnership",
                "value": _partnership_label(partnership) if partnership else "None in that cohort",
            },
        ]

    def commit(self):
        self._latest_only()
        cohort, schedule = self.answer("cohort", "choice"), self.answer("schedule", "choice")
        services.participant_change_schedule(
            lead_provider=self.lead_provider(),
            teacher=self.teacher,
            course_identifier=ROLE_COURSES[self.training.role],
            schedule_identifier=schedule.identifier,
            cohort=str(cohort.start_year),
            **self.author(),
        )
        return self.done(f"The training moved to {schedule.identifier} in the {cohort.start_year} cohort")


class CorrectName(TeacherWizard):
    """A corrected name, by the school pages' rules (the TRS name is kept beside it)."""

    name = "participants_teacher_correct_name"
    confirm_label = "Correct name"
    check_answers_title = "Check the corrected name"
    steps = [Step("name", "What is the teacher's correct name?", school_forms.ChangeNameForm, QUESTION_TEMPLATE)]

    @property
    def current(self):
        return self  # the school pages' name form reads `current.teacher`

    def next_step(self, step):
        return CHECK_ANSWERS

    def summary(self):
        return [
            {"key": "Name now", "value": self.teacher.full_name},
            {
                "key": "Name in the Teacher Record Service",
                "value": f"{self.teacher.trs_first_name} {self.teacher.trs_last_name}",
            },
            {"key": "Corrected name", "value": self.answer("name", "name"), "step": "name"},
        ]

    def commit(self):
        ect_changes.teacher_change_name(teacher=self.teacher, name=self.answer("name", "name"), **self.author())
        return self.done(f"The name is now {self.answer('name', 'name')}")


class _AtSchoolWizard(TeacherWizard):
    """A journey about one of the teacher's ongoing periods at a school (`role`: ect or mentor, `period_id`)."""

    url_context_names = ("teacher_id", "role", "period_id")

    def __init__(self, request, **context):
        super().__init__(request, **context)
        model = AT_SCHOOL.get(context["role"])
        if model is None:
            raise Http404
        self.current = get_object_or_404(
            model.objects.select_related("teacher", "school"), pk=context["period_id"], teacher=self.teacher
        )
        if self.current.finished_on is not None and self.current.finished_on < self.today:
            raise Http404  # over already: nothing to correct or report

    @property
    def store_key(self) -> str:
        return f"{super().store_key}:{self.context['role']}"

    @property
    def whose(self) -> str:
        return "ECT" if self.context["role"] == "ect" else "mentor"

    def next_step(self, step):
        return CHECK_ANSWERS


class CorrectEmail(_AtSchoolWizard):
    name = "participants_teacher_correct_email"
    confirm_label = "Correct email address"
    check_answers_title = "Check the corrected email address"
    steps = [
        Step(
            "email",
            "What is the teacher's email address at this school?",
            school_forms.ChangeEmailForm,
            QUESTION_TEMPLATE,
        )
    ]

    def summary(self):
        return [
            {"key": "School", "value": f"{self.current.school.name} (as {self.whose})"},
            {"key": "Email address now", "value": self.current.email},
            {"key": "New email address", "value": self.answer("email", "email"), "step": "email"},
        ]

    def commit(self):
        email = self.answer("email", "email")
        if self.context["role"] == "ect":
            ect_changes.ect_change_email(ect_at_school_period=self.current, email=email, **self.author())
        else:
            mentor_changes.mentor_change_email(mentor_at_school_period=self.current, email=email, **self.author())
        return self.done(f"The email address at {self.current.school.name} is now {email}")


class RecordLeaving(_AtSchoolWizard):
    name = "participants_teacher_record_leaving"
    confirm_label = "Record leaving"
    check_answers_title = "Check the leaving date"
    steps = [
        Step(
            "leaving-date",
            "When did or will the teacher leave the school?",
            school_forms.LeavingDateForm,
            QUESTION_TEMPLATE,
        )
    ]

    def latest_training_start(self):
        return latest_training_start(self.current, today=self.today)

    def summary(self):
        leaving_on = self.answer("leaving-date", "leaving_on")
        return [
            {"key": "School", "value": f"{self.current.school.name} (as {self.whose})"},
            {"key": "Started", "value": f"{self.current.started_on:%-d %B %Y}"},
            {"key": "Leaving date", "value": f"{leaving_on:%-d %B %Y}", "step": "leaving-date"},
        ]

    def commit(self):
        leaving_on = self.answer("leaving-date", "leaving_on")
        school = self.current.school
        if self.context["role"] == "ect":
            ect_changes.ect_report_leaving(
                ect_at_school_period=self.current, school=school, leaving_on=leaving_on, **self.author()
            )
        else:
            mentor_changes.mentor_report_leaving(
                mentor_at_school_period=self.current, school=school, leaving_on=leaving_on, **self.author()
            )
        return self.done(f"{self.teacher.full_name} leaves {school.name} on {leaving_on:%-d %B %Y}")


# -- importing an ECT from TRS -----------------------------------------------------------------------------------
class ImportFindForm(school_forms.FindTeacherForm):
    """The school pages' TRN and date of birth, then the import's own refusals (docs/support.md)."""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.found = teacher_import_check(trn=data["trn"], date_of_birth=data["date_of_birth"])
        except DomainValidationError as error:
            for attribute, message in error.errors:
                self.add_error(attribute if attribute in self.fields else None, message)
        except TRSUnavailable:
            self.add_error(None, TRS_UNAVAILABLE)
        return data


class ImportTeacher(AdminWizard):
    name = "participants_teacher_import"
    confirm_label = "Import teacher"
    check_answers_title = "Check the teacher's record in the Teacher Record Service"
    steps = [Step("find", "Find the ECT in the Teacher Record Service", ImportFindForm, QUESTION_TEMPLATE)]

    @property
    def breadcrumbs(self):
        return [{"url": reverse("admin:participants_teacher_changelist"), "label": "Teachers"}]

    def exit_url(self):
        return reverse("admin:participants_teacher_changelist")

    def next_step(self, step):
        return CHECK_ANSWERS

    def summary(self):
        found = self.bound_form("find").found
        return [
            {"key": "TRN", "value": found.trn, "step": "find"},
            {"key": "Date of birth", "value": f"{self.answer('find', 'date_of_birth'):%-d %B %Y}", "step": "find"},
            {"key": "Name", "value": found.full_name},
            {"key": "Induction status", "value": InductionStatus(found.induction_status).label},
            {
                "key": "Induction completed",
                "value": f"{found.induction_completed_on:%-d %B %Y}" if found.induction_completed_on else "No",
            },
            {"key": "QTS awarded", "value": f"{found.qts_awarded_on:%-d %B %Y}" if found.qts_awarded_on else "No"},
            {"key": "Prohibited from teaching", "value": "Yes" if found.prohibited_from_teaching else "No"},
        ]

    def commit(self):
        teacher = services.teacher_import_from_trs(
            trn=self.answer("find", "trn"),
            date_of_birth=self.answer("find", "date_of_birth"),
            author_name=self.request.user.get_username(),
        )
        return {
            "title": f"{teacher.full_name} was imported from the Teacher Record Service",
            "next_url": reverse("admin:participants_teacher_page", args=[teacher.pk]),
        }


# -- refreshing from TRS: one page that shows what would change, and a button -------------------------------------
def _shown(name: str, value) -> str:
    """A refreshed field's value as the page shows it: a status by its label, a date in words, yes or no."""
    if name == "trs_induction_status":
        return InductionStatus(value).label if value else "Not known"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "—"
    return f"{value:%-d %B %Y}" if hasattr(value, "strftime") else str(value)


def refresh_view(model_admin, request, pk):
    teacher = get_object_or_404(Teacher, pk=pk, merged_into__isnull=True)
    page = reverse("admin:participants_teacher_page", args=[teacher.pk])
    error = ""
    if request.method == "POST":
        try:
            changes = services.teacher_refresh_from_trs(
                teacher=teacher, author_type=AuthorType.DFE_STAFF_USER, author_name=request.user.get_username()
            )
        except TRSUnavailable:
            error = TRS_UNAVAILABLE
        else:
            labels = ", ".join(str(Teacher._meta.get_field(name).verbose_name) for name in changes)
            messages.success(request, f"Refreshed from the Teacher Record Service: {labels or 'nothing'} changed")
            return redirect(page)
    try:
        preview = teacher_refresh_preview(teacher=teacher)
    except TRSUnavailable:
        preview, error = None, TRS_UNAVAILABLE
    rows = [
        {
            "label": capfirst(Teacher._meta.get_field(name).verbose_name),
            "now": _shown(name, getattr(teacher, name)),
            "trs": _shown(name, preview[name][1] if preview and name in preview else getattr(teacher, name)),
            "changes": bool(preview) and name in preview,
        }
        for name in REFRESHED_FIELDS
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Teacher._meta,
        "teacher": teacher,
        "title": f"Refresh {teacher.full_name} from the Teacher Record Service",
        "rows": rows,
        "error": error,
        "page_url": page,
        "unchanged": preview == {},
    }
    return TemplateResponse(request, "admin/participants/teacher/refresh.html", context)


def teacher_urls(model_admin) -> list:
    """The support actions' pages on the teacher admin, each behind its permission (docs/security.md §1)."""
    return [
        *admin_wizard_urls(model_admin, "import", ImportTeacher, IMPORT_TEACHER),
        path(
            "<int:pk>/refresh/",
            model_admin.staff_view(lambda request, pk: refresh_view(model_admin, request, pk), REFRESH_TEACHER),
            name="participants_teacher_refresh",
        ),
        *admin_wizard_urls(
            model_admin, "<int:teacher_id>/training/<int:training_id>/partnership", ChangePartnership, CHANGE_TRAINING
        ),
        *admin_wizard_urls(
            model_admin, "<int:teacher_id>/training/<int:training_id>/schedule", ChangeSchedule, CHANGE_TRAINING
        ),
        *admin_wizard_urls(model_admin, "<int:teacher_id>/name", CorrectName, CORRECT_DETAILS),
        *admin_wizard_urls(
            model_admin, "<int:teacher_id>/<slug:role>/<int:period_id>/email", CorrectEmail, CORRECT_DETAILS
        ),
        *admin_wizard_urls(
            model_admin, "<int:teacher_id>/<slug:role>/<int:period_id>/leaving", RecordLeaving, RECORD_LEAVING
        ),
    ]
