"""Factories and helpers for the school registration journeys' domain tests."""

import datetime as dt

import factory

from config.models import AuthorType
from participants.models import FakeTeacherRecord, InductionStatus
from schools.models import AppropriateBody, AppropriateBodyType

SCHOOL_USER = {"author_type": AuthorType.SCHOOL_USER, "author_name": "Sam Tutor (sam.tutor@school.example)"}


class AppropriateBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppropriateBody

    name = factory.Sequence(lambda n: f"Teaching School Hub {n}")
    body_type = AppropriateBodyType.TEACHING_SCHOOL_HUB
    active = True

    class Params:
        national = factory.Trait(name=factory.Sequence(lambda n: f"ISTIP {n}"), body_type=AppropriateBodyType.NATIONAL)
        local_authority = factory.Trait(
            name=factory.Sequence(lambda n: f"Local Authority {n}"), body_type=AppropriateBodyType.LOCAL_AUTHORITY
        )
        inactive = factory.Trait(active=False)


class FakeTeacherRecordFactory(factory.django.DjangoModelFactory):
    """A teacher TRS knows about (induction in progress unless a trait says otherwise)."""

    class Meta:
        model = FakeTeacherRecord

    trn = factory.Sequence(lambda n: f"{4000000 + n}")
    date_of_birth = dt.date(1995, 6, 15)
    national_insurance_number = factory.Sequence(lambda n: f"AB{n:06d}C")
    first_name = factory.Sequence(lambda n: f"Trs{n}")
    last_name = factory.Sequence(lambda n: f"Teacher{n}")
    induction_status = InductionStatus.IN_PROGRESS
    qts_awarded_on = dt.date(2024, 7, 1)

    class Params:
        passed = factory.Trait(induction_status=InductionStatus.PASSED)
        failed = factory.Trait(induction_status=InductionStatus.FAILED)
        exempt = factory.Trait(induction_status=InductionStatus.EXEMPT)
        prohibited = factory.Trait(prohibited_from_teaching=True)
