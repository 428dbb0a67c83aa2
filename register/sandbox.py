"""Sandbox data: two training providers, each with a trainee in every state in every academic cycle from 2021 to the
current one, and a fresh token for each provider."""

import datetime as dt

from django.db.models import Q

from config import clock

from . import services
from .cycles import academic_year_for
from .models import LeadPartner, Trainee, TraineeState, TrainingProvider

# Lead partners a sandbox trainee can be sent with (README lists them): by URN, by UKPRN, or both.
LEAD_PARTNERS = [
    ("Sandbox Lead Partner Academy", "100001", "10090001"),
    ("Sandbox Teaching School Hub", "100002", None),
    ("Sandbox Lead Partner Trust", None, "10090003"),
]
PROVIDERS = [("10000571", "Sandbox Teacher Training Partnership"), ("10000572", "Sandbox School-Centred ITT")]


FIRST_CYCLE = 2021


def _attributes(state: str, start: dt.date) -> dict:
    return {
        # At most 20 characters: "SANDBOX2025-" and the state's first 8, which tell every state apart.
        "provider_trainee_id": f"SANDBOX{start.year}-{state}"[:20],
        "first_names": "Sandbox",
        "last_name": f"Trainee {state.replace('_', ' ')}",
        "date_of_birth": "2000-01-01",
        "sex": "10",
        "email": f"{state}@example.com",
        "nationality": "GB",
        "ethnicity": "120",
        "disability1": "95",
        "training_route": "11",
        "itt_start_date": start.isoformat(),
        "itt_end_date": (start + dt.timedelta(days=300)).isoformat(),
        "course_subject_one": "100511",
        "study_mode": "01",
        "course_age_range": "13914",
        "course_year": "1",
        "itt_aim": "201",
        "fund_code": "2",
        "funding_method": "6",
        "hesa_id": f"{start.year % 100:02d}10261553{len(state):03d}",
        "lead_partner_urn": LEAD_PARTNERS[0][1],
        "employing_school_urn": "100001",
        "placements_attributes": [{"urn": "900020", "name": "Sandbox Primary School", "postcode": "AB1 2CD"}],
    }


def _trainee_in_state(provider: TrainingProvider, state: str, start: dt.date) -> None:
    attributes = _attributes(state, start)
    # By name and cycle too: sandboxes seeded before trainees were kept per cycle have "SANDBOX-<state>" ids.
    if Trainee.objects.filter(
        Q(provider_trainee_id=attributes["provider_trainee_id"])
        | Q(last_name=attributes["last_name"], start_academic_year=start.year),
        training_provider=provider,
    ).exists():
        return
    trainee = services.trainee_create(
        training_provider=provider, attributes=attributes, submit=state != TraineeState.DRAFT, ask_trs=False
    )
    if state in (TraineeState.DRAFT, TraineeState.SUBMITTED_FOR_TRN):
        return
    trn = f"{9000000 + trainee.pk % 1000000:07d}"
    if state == TraineeState.DEFERRED:
        services.trainee_defer(trainee=trainee, defer_date=clock.today())
        return
    services.trainee_receive_trn(trainee=trainee, trn=trn)
    if state == TraineeState.WITHDRAWN:
        services.trainee_withdraw(
            trainee=trainee,
            withdraw_date=clock.today(),
            trigger="trainee",
            future_interest="unknown",
            reasons=["trainee_workload_issues"],
        )
    elif state in (TraineeState.RECOMMENDED_FOR_AWARD, TraineeState.AWARDED):
        services.trainee_recommend_for_qts(trainee=trainee, qts_standards_met_date=clock.today())
        if state == TraineeState.AWARDED:
            services.trainee_award(trainee=trainee)


def seed() -> dict[str, dict[str, str]]:
    """Idempotent: providers and trainees are created once; every run issues each provider a new token."""
    cycles = range(FIRST_CYCLE, academic_year_for(clock.today()) + 1)
    tokens = {}
    for name, urn, ukprn in LEAD_PARTNERS:
        LeadPartner.objects.get_or_create(name=name, defaults={"urn": urn, "ukprn": ukprn})
    for ukprn, name in PROVIDERS:
        provider, _ = TrainingProvider.objects.get_or_create(ukprn=ukprn, defaults={"name": name})
        for year in cycles:
            for state in TraineeState.values:
                _trainee_in_state(provider, state, dt.date(year, 8, 1))
        _, raw = services.api_token_create(training_provider=provider, description="Sandbox token")
        tokens[provider.name] = raw
    return {"training_providers": tokens}
