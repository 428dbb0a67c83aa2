"""Factories for contracts, their bands and adjustments (the default contract of docs/finance.md's examples)."""

from decimal import Decimal

import factory

from statements.models import Adjustment, CallOffContract, ContractBand, ContractType

DEFAULT_BANDS = (("A", 0, 2000, Decimal(995)), ("B", 2001, 4000, Decimal(979)), ("C", 4001, 6000, Decimal(966)))


class CallOffContractFactory(factory.django.DjangoModelFactory):
    """The default contract of the worked examples: target 6,000, set-up fee £149,651, uplift £100, VAT 20%;
    from 2025 (`flat_rate`) mentors at £1,000 and no uplift."""

    class Meta:
        model = CallOffContract
        skip_postgeneration_save = True

    lead_provider = None
    cohort = None
    version = factory.Sequence(lambda n: n + 1)
    recruitment_target = 6000
    set_up_fee = Decimal(149651)
    uplift_amount = Decimal(100)
    uplift_target_percentage = Decimal(33)

    class Params:
        flat_rate = factory.Trait(
            contract_type=ContractType.ITTECF_ECTP,
            uplift_amount=None,
            mentor_recruitment_target=3000,
            mentor_payment_per_participant=Decimal(1000),
        )

    @factory.post_generation
    def bands(obj, create, extracted, **kwargs):
        rows = DEFAULT_BANDS if extracted is None else extracted
        for letter, minimum, maximum, price, *split in rows:
            output = split[0] if split else Decimal(60)
            ContractBand.objects.create(
                contract=obj,
                band=letter,
                min_participants=minimum,
                max_participants=maximum,
                per_participant=price,
                output_percentage=output,
                service_percentage=Decimal(100) - output,
            )


def default_contract(lead_provider, cohort) -> CallOffContract | None:
    """The provider's latest contract for the cohort, created with the default terms when there is none."""
    if lead_provider is None:
        return None
    existing = CallOffContract.objects.filter(lead_provider=lead_provider, cohort=cohort).order_by("-version").first()
    if existing:
        return existing
    return CallOffContractFactory(
        lead_provider=lead_provider, cohort=cohort, version=1, flat_rate=cohort.mentor_funding
    )


class AdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjustment

    payment_type = factory.Sequence(lambda n: f"Backdated service fee {n}")
    amount = Decimal("100.00")
