"""Sandbox statements: a contract for every lead provider and cohort (realistic, made-up terms), then the
published calendar for every lead provider contract (docs/statements.md, "The calendar"), each statement paid under its
provider's contract. Idempotent: existing contracts and statements are left alone."""

from decimal import Decimal

from django.db import transaction

from partnerships.models import LeadProviderContract

from .models import CallOffContract, ContractBand, ContractType, Statement, StatementState
from .services import statements_ensure_calendar

# Per provider: recruitment target and a price offset (£), so that the statements differ between providers.
TERMS = {
    "Ambition Institute": (6000, Decimal(0)),
    "Best Practice Network": (2500, Decimal(12)),
    "Education Development Trust": (4500, Decimal(-8)),
    "Teach First": (5500, Decimal(5)),
}
NOT_VAT_REGISTERED = {"Best Practice Network"}


def _bands(target: int, offset: Decimal, flat_rate: bool) -> list[tuple[str, int, int, Decimal, Decimal]]:
    """Bands A–C up to 115% of the target; before 2025 Band D pays the rest up to 150% as output only."""
    a, b, c, d = target // 2, target, target * 115 // 100, target * 150 // 100
    bands = [
        ("A", 0, a, Decimal(995) + offset, Decimal(60)),
        ("B", a + 1, b, Decimal(979) + offset, Decimal(60)),
        ("C", b + 1, c, Decimal(966) + offset, Decimal(60)),
    ]
    if not flat_rate:
        bands.append(("D", c + 1, d, Decimal(966) + offset, Decimal(100)))
    return bands


def _contract(contract: LeadProviderContract) -> CallOffContract:
    existing = (
        CallOffContract.objects.filter(lead_provider=contract.lead_provider, cohort=contract.cohort)
        .order_by("-version")
        .first()
    )
    if existing:
        return existing
    target, offset = TERMS.get(contract.lead_provider.name, (3000, Decimal(0)))
    flat_rate = contract.cohort.mentor_funding
    year = contract.cohort.start_year
    terms = CallOffContract.objects.create(
        lead_provider=contract.lead_provider,
        cohort=contract.cohort,
        version=1,
        contract_type=ContractType.ITTECF_ECTP if flat_rate else ContractType.ECF,
        recruitment_target=target,
        set_up_fee=Decimal(149651) if year == 2021 else Decimal(0),
        uplift_amount=None if flat_rate else Decimal(100),
        uplift_target_percentage=Decimal(0) if flat_rate else Decimal(40 if year == 2024 else 33),
        mentor_recruitment_target=target // 2 if flat_rate else None,
        mentor_payment_per_participant=Decimal(1000) if flat_rate else None,
        vat_registered=contract.lead_provider.name not in NOT_VAT_REGISTERED,
    )
    ContractBand.objects.bulk_create(
        ContractBand(
            contract=terms,
            band=letter,
            min_participants=minimum,
            max_participants=maximum,
            per_participant=price,
            output_percentage=output,
            service_percentage=Decimal(100) - output,
        )
        for letter, minimum, maximum, price, output in _bands(target, offset, flat_rate)
    )
    return terms


@transaction.atomic
def seed() -> dict[str, dict[str, str]]:
    latest = {}
    for contract in LeadProviderContract.objects.select_related("lead_provider", "cohort"):
        latest[(contract.lead_provider_id, contract.cohort_id)] = _contract(contract)
    statements_ensure_calendar()
    # Statements made before their provider had a contract get it now (paid ones cannot change).
    for statement in Statement.objects.filter(contract__isnull=True).exclude(state=StatementState.PAID):
        terms = latest.get((statement.lead_provider_id, statement.cohort_id))
        if terms is not None:
            Statement.objects.filter(pk=statement.pk).update(contract=terms)
    return {}
