"""Reads for the school induction tutor pages, always for one school (docs/school-pages.md, "Home pages")."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import cached_property

from schools.models import School

from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from .date_rules import format_date


@dataclass
class StatusTag:
    text: str
    colour: str  # a GOV.UK tag colour
    detail: str = ""


@dataclass
class ECTCard:
    period: ECTAtSchoolPeriod
    tags: list[StatusTag] = field(default_factory=list)
    mentor_name: str = ""


def _current(queryset: QuerySet, today: dt.date) -> QuerySet:
    return queryset.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))


def _latest_training(periods: list[TrainingPeriod]) -> TrainingPeriod | None:
    return max(periods, key=lambda period: period.started_on, default=None)


def _current_mentorship(mentorships: list[MentorshipPeriod], today: dt.date) -> MentorshipPeriod | None:
    for mentorship in mentorships:
        if mentorship.finished_on is None or mentorship.finished_on >= today:
            return mentorship
    return None


def leaving_tag(period) -> StatusTag | None:
    """An ECT or mentor whose time at the school has an end date is leaving, on that date (docs/school-pages.md,
    "Home pages")."""
    if period.finished_on is None:
        return None
    return StatusTag("Leaving school", "yellow", f"Leaving on {format_date(period.finished_on)}")


def ect_status_tags(period: ECTAtSchoolPeriod, *, today: dt.date) -> list[StatusTag]:
    """What the school needs to know about an ECT at a glance: leaving, the lead provider pausing or stopping
    their training, and whether they have a mentor."""
    name = period.teacher.full_name
    if leaving := leaving_tag(period):
        return [leaving]
    training = _latest_training(list(period.training_periods.all()))
    if training is not None and training.withdrawn_at is not None:
        return [
            StatusTag(
                "Action required",
                "red",
                f"{training_provider_name(training)} has told us {name} is no "
                "longer training with them. Contact them if you think this is wrong.",
            )
        ]
    if training is not None and training.deferred_at is not None:
        return [StatusTag("Training paused", "orange")]
    if _current_mentorship(list(period.mentorship_periods.all()), today) is None:
        return [StatusTag("Action required", "red", f"A mentor needs to be assigned to {name}.")]
    return [StatusTag("Registered", "green")]


def training_provider_name(training: TrainingPeriod) -> str:
    if training.partnership_id is not None:
        return training.partnership.delivery_partnership.contract.lead_provider.name
    if training.expression_of_interest_id is not None:
        return training.expression_of_interest.lead_provider.name
    return "The lead provider"


def _ect_queryset(school: School):
    training = TrainingPeriod.objects.select_related(
        "partnership__delivery_partnership__contract__lead_provider",
        "partnership__delivery_partnership__delivery_partner",
        "expression_of_interest__lead_provider",
        "expression_of_interest__cohort",
        "schedule",
    )
    mentorships = MentorshipPeriod.objects.select_related("mentor__teacher").order_by("started_on")
    return (
        ECTAtSchoolPeriod.objects.filter(school=school)
        .select_related("teacher", "appropriate_body")
        .prefetch_related(
            Prefetch("training_periods", queryset=training),
            Prefetch("mentorship_periods", queryset=mentorships),
        )
    )


class ECTCards:
    """The school's ECTs as cards, built only for the rows asked for: the home page's Paginator counts them in SQL
    and slices one page, so a page costs the same whatever the number of ECTs."""

    def __init__(self, periods: QuerySet, today: dt.date):
        self.periods, self.today = periods, today

    def _card(self, period: ECTAtSchoolPeriod) -> ECTCard:
        mentorship = _current_mentorship(list(period.mentorship_periods.all()), self.today)
        return ECTCard(
            period=period,
            tags=ect_status_tags(period, today=self.today),
            mentor_name=mentorship.mentor.teacher.full_name if mentorship else "",
        )

    @cached_property
    def _count(self) -> int:
        return self.periods.count()

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._card(period) for period in self.periods[index]]
        return self._card(self.periods[index])

    def __iter__(self):
        return (self._card(period) for period in self.periods)


def school_ects(*, school: School, today: dt.date, search: str = "") -> ECTCards:
    """The school's ECTs who are at the school today or will be, newest first, optionally found by name or TRN."""
    queryset = _current(_ect_queryset(school), today)
    words = search.split()
    for word in words:
        queryset = queryset.filter(
            Q(teacher__trn__icontains=word)
            | Q(teacher__trs_first_name__icontains=word)
            | Q(teacher__trs_last_name__icontains=word)
            | Q(teacher__corrected_name__icontains=word)
        )
    return ECTCards(queryset.order_by("-started_on", "-id"), today)


def school_ect(*, school: School, ect_id: int, today: dt.date) -> dict | None:
    """One ECT's page: personal, induction and training details as the school and the lead provider reported
    them. None when the ECT is not (or no longer) at this school."""
    period = _current(_ect_queryset(school), today).filter(pk=ect_id).first()
    if period is None:
        return None
    training = _latest_training(list(period.training_periods.all()))
    mentorship = _current_mentorship(list(period.mentorship_periods.all()), today)
    provider = delivery_partner = ""
    confirmed = False
    if training is not None and training.training_programme == "provider_led":
        provider = training_provider_name(training)
        confirmed = training.partnership_id is not None
        if confirmed:
            delivery_partner = training.partnership.delivery_partnership.delivery_partner.name
    return {
        "period": period,
        "teacher": period.teacher,
        "tags": ect_status_tags(period, today=today),
        "mentor": mentorship.mentor if mentorship else None,
        "training": training,
        "lead_provider": provider,
        "confirmed": confirmed,
        "delivery_partner": delivery_partner,
    }


def school_mentors(*, school: School, today: dt.date) -> list[MentorAtSchoolPeriod]:
    """The school's current mentors, each with the ECTs they mentor now (`current_mentees`) and their status tags
    (`tags`: "Leaving school" once a leaving date is reported)."""
    mentorships = (
        MentorshipPeriod.objects.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .select_related("mentee__teacher")
        .order_by("started_on")
    )
    mentors = list(
        _current(MentorAtSchoolPeriod.objects.filter(school=school), today)
        .select_related("teacher")
        .prefetch_related(
            Prefetch("mentorship_periods", queryset=mentorships, to_attr="current_mentorships"),
            Prefetch(
                "training_periods",
                queryset=TrainingPeriod.objects.select_related(
                    "partnership__delivery_partnership__contract__lead_provider",
                    "expression_of_interest__lead_provider",
                ),
            ),
        )
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "id")
    )
    for mentor in mentors:
        mentor.tags = [tag for tag in [leaving_tag(mentor)] if tag]
        mentor.current_mentees = [mentorship.mentee for mentorship in mentor.current_mentorships]
        training = _latest_training(list(mentor.training_periods.all()))
        mentor.lead_provider_name = training_provider_name(training) if training else ""
    return mentors


def school_mentor(*, school: School, mentor_id: int, today: dt.date) -> MentorAtSchoolPeriod | None:
    return next((mentor for mentor in school_mentors(school=school, today=today) if mentor.pk == mentor_id), None)
