"""The school page (docs/support.md, "School page"): a school's details, induction tutor, ECTs and mentors now and
before, and its partnerships by cohort, with "Add partnership" (cohort, then lead provider, then a delivery partner
paired with it in that cohort). It lives with the participants' admin because it shows the school's teachers
(participants sit above schools: docs/architecture.md); it extends the schools app's own admin of the school."""

from itertools import groupby

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from config import clock
from config.admin_wizard import QUESTION_TEMPLATE, AdminWizard, RadioChoiceForm, admin_wizard_urls
from config.wizard import CHECK_ANSWERS, Step
from partnerships.models import Cohort, LeadProviderContract, LeadProviderDeliveryPartnership, Partnership
from partnerships.services import partnership_add_by_dfe
from schools.admin import ACT_AS_SCHOOL, SchoolAdmin
from schools.models import School, SchoolUser

from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from ..school_pages.cohorts import lead_providers_in, ongoing
from ..services.mentors import training_lead_provider

VIEW_SCHOOL = "schools.view_school"
ADD_PARTNERSHIP = "partnerships.add_partnership"


def _people(model, school: School, today):
    """The school's ECTs or mentors: those here now (or joining), then those who were here before."""
    periods = list(
        model.objects.filter(school=school).select_related("teacher").order_by("-started_on", "teacher__trs_last_name")
    )
    now = [p for p in periods if p.finished_on is None or p.finished_on >= today]
    before = [p for p in periods if p.finished_on is not None and p.finished_on < today]
    return now, before


def school_page_context(school: School, *, user) -> dict:
    today = clock.today()
    ects_now, ects_before = _people(ECTAtSchoolPeriod, school, today)
    mentors_now, mentors_before = _people(MentorAtSchoolPeriod, school, today)
    trainings = {
        t.ect_at_school_period_id: t
        for t in TrainingPeriod.objects.filter(school=school, ect_at_school_period__isnull=False)
        .select_related(
            "schedule__cohort",
            "expression_of_interest__lead_provider",
            "partnership__delivery_partnership__contract__lead_provider",
        )
        .order_by("started_on")
    }  # the latest training of each ECT's period at the school (mentor periods are another table: ids overlap)
    mentors = {
        m.mentee_id: m.mentor.teacher
        for m in ongoing(MentorshipPeriod.objects.filter(mentee__school=school), today=today)
        .select_related("mentor__teacher")
        .order_by("started_on")
    }

    def rows(periods, *, ect: bool):
        return [
            {
                "period": period,
                "training": trainings.get(period.pk) if ect else None,
                "lead_provider": training_lead_provider(trainings.get(period.pk)) if ect else None,
                "mentor": mentors.get(period.pk) if ect else None,
            }
            for period in periods
        ]

    partnerships = (
        Partnership.objects.filter(school=school)
        .select_related(
            "delivery_partnership__contract__lead_provider",
            "delivery_partnership__contract__cohort",
            "delivery_partnership__delivery_partner",
        )
        .annotate(trained=Count("training_periods__teacher", distinct=True))
        .order_by(
            "-delivery_partnership__contract__cohort__start_year",
            "delivery_partnership__contract__lead_provider__name",
            "delivery_partnership__delivery_partner__name",
        )
    )
    by_cohort = [
        {"cohort": year, "partnerships": list(group)}
        for year, group in groupby(partnerships, key=lambda p: p.delivery_partnership.contract.cohort.start_year)
    ]
    return {
        "school": school,
        "users": list(SchoolUser.objects.filter(school=school).order_by("email")),
        "ects_now": rows(ects_now, ect=True),
        "ects_before": rows(ects_before, ect=True),
        "mentors_now": rows(mentors_now, ect=False),
        "mentors_before": rows(mentors_before, ect=False),
        "partnerships_by_cohort": by_cohort,
        "can_add_partnership": user.has_perm(ADD_PARTNERSHIP),
        "can_view_as_school": user.has_perm(ACT_AS_SCHOOL),
    }


# -- "Add partnership": cohort, lead provider, delivery partner, check answers --------------------------------------
class CohortForm(RadioChoiceForm):
    question, blank = "Cohort", "Choose a cohort"

    def queryset(self):
        # Cohorts some lead provider has a contract in (the only ones a partnership can be in).
        return Cohort.objects.filter(Exists(LeadProviderContract.objects.filter(cohort=OuterRef("pk")))).order_by(
            "-start_year"
        )

    def choice_label(self, cohort) -> str:
        return str(cohort.start_year)


class LeadProviderForm(RadioChoiceForm):
    question, blank = "Lead provider", "Choose a lead provider"

    def queryset(self):
        cohort = self.wizard.answer("cohort", "choice")
        return lead_providers_in(cohort)


class DeliveryPartnerForm(RadioChoiceForm):
    question, blank = "Delivery partner", "Choose a delivery partner"

    def queryset(self):
        return (
            LeadProviderDeliveryPartnership.objects.filter(
                contract__cohort=self.wizard.answer("cohort", "choice"),
                contract__lead_provider=self.wizard.answer("lead-provider", "choice"),
            )
            .select_related("delivery_partner")
            .order_by("delivery_partner__name")
        )

    def choice_label(self, pairing) -> str:
        return str(pairing.delivery_partner)


class AddPartnership(AdminWizard):
    name = "schools_school_add_partnership"
    url_context_names = ("school_id",)
    confirm_label = "Add partnership"
    check_answers_title = "Check the new partnership"
    steps = [
        Step("cohort", "Which cohort is the partnership for?", CohortForm, QUESTION_TEMPLATE),
        Step("lead-provider", "Which lead provider?", LeadProviderForm, QUESTION_TEMPLATE),
        Step("delivery-partner", "Which delivery partner?", DeliveryPartnerForm, QUESTION_TEMPLATE),
    ]

    def __init__(self, request, **context):
        super().__init__(request, **context)
        self.school = get_object_or_404(School, pk=context["school_id"])

    @property
    def caption(self) -> str:
        return f"{self.school.name} ({self.school.urn})"

    @property
    def breadcrumbs(self):
        return [
            {"url": reverse("admin:schools_school_changelist"), "label": "Schools"},
            {"url": self.exit_url(), "label": self.school.name},
        ]

    def exit_url(self) -> str:
        return reverse("admin:schools_school_page", args=[self.school.pk])

    def next_step(self, step):
        return {"cohort": "lead-provider", "lead-provider": "delivery-partner"}.get(step, CHECK_ANSWERS)

    def summary(self):
        return [
            {"key": "School", "value": f"{self.school.name} ({self.school.urn})"},
            {"key": "Cohort", "value": str(self.answer("cohort", "choice").start_year), "step": "cohort"},
            {"key": "Lead provider", "value": str(self.answer("lead-provider", "choice")), "step": "lead-provider"},
            {
                "key": "Delivery partner",
                "value": str(self.answer("delivery-partner", "choice").delivery_partner),
                "step": "delivery-partner",
            },
        ]

    def commit(self):
        pairing = self.answer("delivery-partner", "choice")
        partnership_add_by_dfe(school=self.school, pairing=pairing, author_name=self.request.user.get_username())
        return {
            "title": f"{self.school.name} is in partnership with {pairing.contract.lead_provider} and "
            f"{pairing.delivery_partner} for {pairing.contract.cohort.start_year}",
            "next_url": self.exit_url(),
        }


admin.site.unregister(School)


@admin.register(School)
class SchoolPageAdmin(SchoolAdmin):
    """The schools app's admin of a school, with the school page and "Add partnership"."""

    list_display = ["name_link", *[name for name in SchoolAdmin.list_display if name != "name"]]
    list_display_links = None

    @admin.display(description="Name", ordering="name")
    def name_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:schools_school_page", args=[obj.pk]), obj.name)

    def get_urls(self):
        return [
            path("<int:pk>/page/", self.staff_view(self.page_view, VIEW_SCHOOL), name="schools_school_page"),
            *admin_wizard_urls(self, "<int:school_id>/add-partnership", AddPartnership, ADD_PARTNERSHIP),
            *super().get_urls(),
        ]

    def page_view(self, request, pk):
        school = get_object_or_404(School, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            **school_page_context(school, user=request.user),
            "opts": self.model._meta,
            "title": f"{school.name} ({school.urn})",
        }
        return TemplateResponse(request, "admin/schools/school/page.html", context)
