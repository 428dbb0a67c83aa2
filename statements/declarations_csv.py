"""'Download declarations (CSV)': the declarations a statement pays, claws back or voided, streamed row by row
so a statement with 100,000 declarations needs little memory (docs/finance.md "Declarations CSV")."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from django.db.models import Case, CharField, F, Func, Q, Value, When, Window
from django.db.models.functions import RowNumber

from declarations.models import CLAWBACK_STATES, ON_STATEMENT_STATES, UPLIFTED, PaymentState
from participants import expressions as participant
from participants.models.teachers import eligible_for_funding_q, full_name_expression

from .models import ContractType, Statement
from .payments import MENTOR_COURSE, StatementFigures

HEADER = [
    "Participant ID",
    "Participant Name",
    "TRN",
    "Type",
    "Mentor Profile ID",
    "Schedule",
    "Eligible For Funding",
    "Eligible For Funding Reason",
    "Sparsity Uplift",
    "Pupil Premium Uplift",
    "Sparsity And Pp",
    "Lead Provider Name",
    "Delivery Partner Name",
    "School URN",
    "School Name",
    "Training Status",
    "Training Status Reason",
    "Declaration ID",
    "Declaration Status",
    "Declaration Type",
    "Declaration Date",
    "Declaration Created At",
    "Evidence Held",
    "Statement Name",
    "Statement ID",
    "Uplift Payable",
]
ORDER = ("declaration_date", "created_at", "id")
ISO = 'YYYY-MM-DD"T"HH24:MI:SS"Z"'


class _Echo:
    def write(self, value: str) -> str:
        return value


def filename(statement: Statement) -> str:
    provider = re.sub(r"\W", "", statement.lead_provider.name)
    name = re.sub(r"\W", "", statement.name)
    return f"ECF-Declarations-{provider}-Cohort{statement.cohort.start_year}-{name}.csv"


def _columns(state_expression) -> dict:
    is_mentor = Q(course_identifier=MENTOR_COURSE)
    return {
        "participant_id": F("teacher__api_id"),
        "participant_name": full_name_expression("teacher__"),
        "trn": F("teacher__trn"),
        "type": Case(When(is_mentor, then=Value("mentor")), default=Value("ect")),
        "mentor_profile_id": F("mentor__api_id"),
        "schedule": F("training_period__schedule__identifier"),
        "eligible": Case(
            When(is_mentor, then=eligible_for_funding_q("mentor", "teacher__")),
            default=eligible_for_funding_q("ect", "teacher__"),
        ),
        "eligible_reason": Case(When(is_mentor, then=F("teacher__mentor_ineligible_for_funding_reason")), default=None),
        "sparsity": F("sparsity_uplift"),
        "pupil_premium": F("pupil_premium_uplift"),
        "both": Q(sparsity_uplift=True, pupil_premium_uplift=True),
        "lead_provider_name": F("lead_provider__name"),
        "delivery_partner_name": F("delivery_partner__name"),
        "school_urn": F("training_period__school__urn"),
        "school_name": F("training_period__school__name"),
        "training_status": participant.training_status("training_period__"),
        "training_status_reason": participant.training_status_reason("training_period__"),
        "declaration_id": F("api_id"),
        "declaration_status": state_expression,
        "declaration_type_name": F("declaration_type"),
        "declaration_date_text": ToChar("declaration_date", Value(ISO)),
        "created_at_text": ToChar("created_at", Value(ISO)),
        "evidence": F("evidence_held"),
        "uplift_payable": UPLIFTED & Q(payment_state=PaymentState.PAID),
    }


class ToChar(Func):
    function = "to_char"
    output_field = CharField()


def _first_n(queryset, limits: dict[str, int]):
    """Per declaration type, only the first N in declaration order: the ones the bands placed."""
    if not limits:
        return queryset.none()
    ranked = queryset.annotate(
        position=Window(RowNumber(), partition_by=[F("declaration_type")], order_by=[F(f) for f in ORDER])
    )
    limit = Case(*(When(declaration_type=t, then=Value(n)) for t, n in limits.items()), default=Value(0))
    return ranked.filter(position__lte=limit)


def _querysets(figures: StatementFigures):
    statement = figures.statement
    flat_rate = figures.contract.contract_type == ContractType.ITTECF_ECTP
    banded = ~Q(course_identifier=MENTOR_COURSE) if flat_rate else Q()
    placed_billable = {line.declaration_type: line.billable_count for line in figures.payment.outputs}
    placed_refundable = {line.declaration_type: line.refundable_count for line in figures.payment.outputs}
    shown_state = Case(When(payment_state=PaymentState.NO_PAYMENT, then=Value("submitted")), default=F("payment_state"))
    billed = statement.declarations.filter(banded, payment_state__in=ON_STATEMENT_STATES)
    refunded = statement.clawbacks.filter(banded, clawback_state__in=CLAWBACK_STATES)
    yield _first_n(billed, {t: n for t, n in placed_billable.items() if n}), shown_state
    yield _first_n(refunded, {t: n for t, n in placed_refundable.items() if n}), F("clawback_state")
    yield statement.declarations.filter(payment_state=PaymentState.VOIDED), shown_state
    if flat_rate:
        mentors = Q(course_identifier=MENTOR_COURSE)
        yield statement.declarations.filter(mentors, payment_state__in=ON_STATEMENT_STATES), shown_state
        yield statement.clawbacks.filter(mentors, clawback_state__in=CLAWBACK_STATES), F("clawback_state")


def rows(figures: StatementFigures) -> Iterator[list]:
    statement = figures.statement
    for queryset, state in _querysets(figures):
        columns = _columns(state)
        values = queryset.annotate(**{f"csv_{k}": v for k, v in columns.items()}).values_list(
            *(f"csv_{k}" for k in columns)
        )
        for row in values.order_by(*ORDER).iterator(chunk_size=2000):
            row = list(row)
            yield row[:-1] + [statement.name, str(statement.api_id), row[-1]]


def stream(figures: StatementFigures) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for row in rows(figures):
        yield writer.writerow([_text(value) for value in row])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
