"""The trainee state machine (docs/register-api.md, "States" and "Actions")."""

import datetime as dt

from django.db import transaction

from config import clock
from config.errors import ValidationErrors
from register import trs
from register.errors import RegisterValidationError, StateTransitionError
from register.models import CodeList, Trainee, TraineeState
from register.reference_data import code_entry, code_table
from register.rules.common import parse_date, reject_structured, squish

S = TraineeState
ALLOWED_FROM = {
    "submit_for_trn": [S.DRAFT, S.DEFERRED],
    "receive_trn": [S.SUBMITTED_FOR_TRN, S.DEFERRED, S.TRN_RECEIVED, S.WITHDRAWN],
    "recommend_for_award": [S.TRN_RECEIVED],
    "defer": [S.SUBMITTED_FOR_TRN, S.TRN_RECEIVED],
    "withdraw": [S.SUBMITTED_FOR_TRN, S.TRN_RECEIVED, S.DEFERRED],
    "award": [S.RECOMMENDED_FOR_AWARD],
}
WITHDRAWAL_TRIGGERS = ["provider", "trainee"]
FUTURE_INTERESTS = ["yes", "no", "unknown"]


def _state_message(event: str) -> str:
    allowed = [state.value for state in ALLOWED_FROM[event]]
    if len(allowed) == 1:
        return f"Trainee state is invalid must be [{allowed[0]}]"
    return f"Trainee state is invalid must be one of [{', '.join(allowed)}]"


def _check_state(trainee: Trainee, event: str) -> None:
    if trainee.state not in ALLOWED_FROM[event]:
        raise RegisterValidationError([_state_message(event)])


def _date_field(
    errors: ValidationErrors, name: str, raw, *, blank: str = "can't be blank", invalid: str = "is invalid"
):
    if errors.has(name):  # of the wrong JSON type: already invalid
        return None
    if raw in (None, ""):
        errors.add(name, blank)
        return None
    value = parse_date(raw)
    if value is None:
        errors.add(name, invalid)
    return value


def submit_for_trn(trainee: Trainee, *, ask_trs: bool = True) -> Trainee:
    """Register asks the Teaching Regulation Agency for a TRN as soon as a record is complete (register/trs.py).
    The answer never comes with the request that submitted the trainee: outside production the stand-in service
    answers on a later request (docs/register-api.md, "TRNs in the sandbox")."""
    _check_state(trainee, "submit_for_trn")
    trainee.state = S.SUBMITTED_FOR_TRN
    trainee.submitted_for_trn_at = clock.now()
    trainee.awaits_stand_in_trn = ask_trs and trs.answer_delay() is not None
    trainee.save(update_fields=["state", "submitted_for_trn_at", "awaits_stand_in_trn", "updated_at"])
    return trainee


@transaction.atomic
def trainee_receive_stand_in_trn(*, trainee_pk: int) -> None:
    """Outside production, the stand-in teacher record service answers a request (register/trs.py): the trainee gets
    its TRN if it is still waiting for one (a trainee deferred meanwhile keeps waiting)."""
    trainee = Trainee.objects.select_for_update().filter(pk=trainee_pk).first()
    if trainee is None or trainee.state != S.SUBMITTED_FOR_TRN or trainee.trn:
        return
    trainee_receive_trn(trainee=trainee, trn=trs.issue_trn(trainee))


def trainees_receive_due_stand_in_trns(*, training_provider) -> None:
    """The stand-in service's answers, on a request of the provider's: TRNs for its trainees that asked for one at
    least the delay ago, by the request's own clock (docs/register-api.md "TRNs in the sandbox")."""
    delay = trs.answer_delay()
    if delay is None:
        return
    due = Trainee.objects.filter(
        training_provider=training_provider,
        awaits_stand_in_trn=True,
        state=S.SUBMITTED_FOR_TRN,
        trn__isnull=True,
        submitted_for_trn_at__lte=clock.now() - dt.timedelta(seconds=delay),
    ).values_list("pk", flat=True)
    for pk in list(due):
        trainee_receive_stand_in_trn(trainee_pk=pk)


@transaction.atomic
def trainee_receive_trn(*, trainee: Trainee, trn: str) -> Trainee:
    """The TRA answers with a TRN; a deferred or withdrawn trainee keeps its state but stores the TRN."""
    _check_state(trainee, "receive_trn")
    trainee.trn = trn
    trainee.awaits_stand_in_trn = False
    if trainee.state in (S.SUBMITTED_FOR_TRN, S.TRN_RECEIVED):
        trainee.state = S.TRN_RECEIVED
    trainee.save(update_fields=["trn", "state", "awaits_stand_in_trn", "updated_at"])
    return trainee


@transaction.atomic
def trainee_recommend_for_qts(*, trainee: Trainee, qts_standards_met_date: str | dt.date | None) -> Trainee:
    """A provider recommends a trainee with a TRN for QTS once they have met the standards."""
    errors = ValidationErrors()
    sent = reject_structured({"qts_standards_met_date": qts_standards_met_date}, errors)
    met = _date_field(errors, "qts_standards_met_date", sent["qts_standards_met_date"])
    if met and met > clock.today():
        errors.add("qts_standards_met_date", "must not be in the future")
    elif met and met < trainee.itt_start_date:
        errors.add("qts_standards_met_date", "must not be before the ITT start date")
    if errors:
        raise RegisterValidationError(errors.full_messages())
    route = code_entry(CodeList.TRAINING_ROUTE, trainee.training_route)
    if route and route.flag("requires_degree") and not trainee.degrees.exists():
        errors.add(None, "Trainee degree information must be completed before QTS recommendation")
    if trainee.state not in ALLOWED_FROM["recommend_for_award"]:
        errors.add(None, _state_message("recommend_for_award"))
    if errors:
        raise RegisterValidationError(errors.full_messages())
    trainee.state = S.RECOMMENDED_FOR_AWARD
    trainee.recommended_for_award_at = clock.now()
    trainee.outcome_date = met
    trainee.save(update_fields=["state", "recommended_for_award_at", "outcome_date", "updated_at"])
    return trainee


@transaction.atomic
def trainee_defer(*, trainee: Trainee, defer_date: str | dt.date | None, defer_reason: str | None = None) -> Trainee:
    """A trainee pauses training; only trainees waiting for or holding a TRN can be deferred."""
    errors = ValidationErrors()
    sent = reject_structured({"defer_date": defer_date, "defer_reason": defer_reason}, errors)
    day = _date_field(errors, "defer_date", sent["defer_date"])
    reason = squish(sent["defer_reason"])
    if reason and len(reason) > 500:
        errors.add("defer_reason", "is too long (maximum is 500 characters)")
    if errors:
        raise RegisterValidationError(errors.full_messages())
    _check_state(trainee, "defer")
    trainee.state = S.DEFERRED
    trainee.defer_date = day
    trainee.defer_reason = reason
    trainee.save(update_fields=["state", "defer_date", "defer_reason", "updated_at"])
    return trainee


@transaction.atomic
def trainee_withdraw(
    *,
    trainee: Trainee,
    withdraw_date: str | dt.date | None,
    trigger: str | None,
    future_interest: str | None,
    reasons: list[str] | str | None,
    another_reason: str | None = None,
) -> Trainee:
    """A trainee leaves the course for reasons given by whoever started the withdrawal (provider or trainee)."""
    if trainee.state not in ALLOWED_FROM["withdraw"]:
        raise StateTransitionError()
    errors = ValidationErrors()
    sent = reject_structured(
        {
            "withdraw_date": withdraw_date,
            "trigger": trigger,
            "future_interest": future_interest,
            "reasons": reasons,
            "another_reason": another_reason,
        },
        errors,
        lists=("reasons",),
    )
    trigger, future_interest, reasons = sent["trigger"], sent["future_interest"], sent["reasons"]
    day = _date_field(
        errors,
        "withdraw_date",
        sent["withdraw_date"],
        blank="Choose a withdrawal date",
        invalid="Choose a valid withdrawal date",
    )
    if day and day < trainee.itt_start_date:
        errors.add("withdraw_date", "The date must not be before the ITT start date")
    if trigger not in WITHDRAWAL_TRIGGERS:
        errors.add_first("trigger", "is not included in the list")
    if future_interest not in FUTURE_INTERESTS:
        errors.add_first("future_interest", "is not included in the list")
    reasons = [reasons] if isinstance(reasons, str) else [str(reason) for reason in reasons or []]
    # An unknown trigger is checked against the trainee's own reasons, as the reference service does.
    table = code_table(CodeList.WITHDRAWAL_REASON)
    valid_trigger = trigger if trigger in WITHDRAWAL_TRIGGERS else "trainee"
    chosen = [table.get(f"{valid_trigger}:{reason}") for reason in reasons]
    if not reasons:
        errors.add_first("reasons", "Choose one or more reasons why the trainee withdrew from the course")
    elif None in chosen:
        errors.add("reasons", "Reason(s) selected are not valid for this trigger")
    another = squish(sent["another_reason"])
    needs_another = any(entry and entry.flag("requires_another_reason") for entry in chosen)
    if needs_another and not another:
        errors.add_first("another_reason", "Enter another reason")
    if errors:
        raise RegisterValidationError(errors.full_messages())
    trainee.state = S.WITHDRAWN
    trainee.withdraw_date = day
    trainee.withdrawal_trigger = trigger
    trainee.withdrawal_future_interest = future_interest
    trainee.withdrawal_reasons = list(dict.fromkeys(reasons))
    trainee.withdrawal_another_reason = another if needs_another else None
    trainee.save()
    return trainee


@transaction.atomic
def trainee_award(*, trainee: Trainee, awarded_at: dt.datetime | None = None) -> Trainee:
    """The TRA confirms the award of QTS for a recommended trainee; never through the API."""
    _check_state(trainee, "award")
    trainee.state = S.AWARDED
    trainee.awarded_at = awarded_at or clock.now()
    trainee.save(update_fields=["state", "awarded_at", "updated_at"])
    return trainee
