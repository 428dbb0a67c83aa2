"""Factories and builders for declarations and statements tests (the money path)."""

import datetime as dt

import factory
from django.utils import timezone

from config import clock
from declarations import services
from declarations.models import Declaration
from participants import services as participant_services
from statements.models import Statement, StatementState
from tests.factories import (
    DeliveryPartnerFactory,
    SchoolFactory,
    TeacherFactory,
    cohort,
    ect_training,
    partnership,
    schedule,
)
from tests.statements.factories import default_contract


class StatementFactory(factory.django.DjangoModelFactory):
    """An open output-fee statement whose cut-off is still ahead (month/year far in the future keep it unique)."""

    class Meta:
        model = Statement

    lead_provider = None
    cohort = factory.LazyFunction(lambda: cohort(2024))
    year = factory.Sequence(lambda n: 2040 + n // 12)
    month = factory.Sequence(lambda n: n % 12 + 1)
    cut_off_date = factory.LazyFunction(lambda: clock.today() + dt.timedelta(days=30))
    payment_date = factory.LazyAttribute(lambda o: o.cut_off_date + dt.timedelta(days=25))
    output_fee = True
    state = StatementState.OPEN
    contract = factory.LazyAttribute(lambda o: default_contract(o.lead_provider, o.cohort))

    class Params:
        paid = factory.Trait(state=StatementState.PAID, marked_as_paid_at=factory.LazyFunction(timezone.now))
        payable = factory.Trait(state=StatementState.PAYABLE)


def close(statement) -> None:
    """Time passes: the statement's cut-off is behind us, and it becomes payable (as the daily job does)."""
    from declarations.services import payments as payment_run

    yesterday = clock.today() - dt.timedelta(days=1)
    Statement.objects.filter(pk=statement.pk).update(cut_off_date=yesterday)
    payment_run.statement_mark_payable(statement=statement)
    statement.refresh_from_db()


def make_fundable(teacher, role: str = "ect") -> None:
    """The participant becomes fundable in the role, and calls what every service that makes one fundable calls."""
    field = f"{role}_first_became_eligible_for_funding_at"
    setattr(teacher, field, timezone.now())
    teacher.save(update_fields=[field])
    services.declarations_follow_funding(teacher=teacher)


def ect(lead_provider, *, year: int = 2024, fundable: bool = True, school=None, delivery_partner=None, **kwargs):
    """An ECT trained by `lead_provider` (confirmed partnership) on the cohort's standard September schedule."""
    school = school or SchoolFactory()
    delivery_partner = delivery_partner or DeliveryPartnerFactory()
    period = ect_training(
        school, year=year, partnership=partnership(school, lead_provider, delivery_partner, year), **kwargs
    )
    if fundable:
        make_fundable(period.teacher, "ect")
    return period


def mentor(lead_provider, *, year: int = 2024, fundable: bool = True, school=None, delivery_partner=None):
    """A mentor trained by `lead_provider` on the cohort's standard September schedule."""
    school = school or SchoolFactory()
    delivery_partner = delivery_partner or DeliveryPartnerFactory()
    teacher = TeacherFactory()
    started_on = dt.date(year, 9, 1)
    at_school = participant_services.mentor_at_school_start(
        email="teacher@example.com", teacher=teacher, school=school, started_on=started_on
    )
    period = participant_services.training_period_start(
        at_school_period=at_school,
        started_on=started_on,
        partnership=partnership(school, lead_provider, delivery_partner, year),
        schedule=schedule(year),
    )
    if fundable:
        make_fundable(teacher, "mentor")
    return period


def declare(lead_provider, period, declaration_type: str = "started", declaration_date: str | None = None, **kw):
    """Records a declaration through the service, with a date inside the 2024 standard September windows."""
    course = "ecf-induction" if period.role == "ect" else "ecf-mentor"
    dates = {
        "started": "2024-10-01T10:00:00Z",
        "retained-1": "2025-02-01T10:00:00Z",
        "retained-2": "2025-05-01T10:00:00Z",
        "retained-3": "2025-09-01T10:00:00Z",
        "retained-4": "2026-02-01T10:00:00Z",
        "completed": "2026-05-01T10:00:00Z",
    }
    if period.schedule.cohort.start_year >= 2025:
        dates = {key: "2025-10-01T10:00:00Z" for key in dates}
    recorded = services.declaration_record(
        lead_provider=lead_provider,
        participant_id=str(period.teacher.api_id),
        course_identifier=course,
        declaration_type=declaration_type,
        declaration_date=declaration_date or dates[declaration_type],
        evidence_held=kw.get("evidence_held", None if declaration_type == "started" else "other"),
    )
    return Declaration.objects.get(pk=recorded.pk)
