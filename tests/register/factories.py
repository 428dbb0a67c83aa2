"""factory-boy factories for the register app, and a valid POST /trainees body."""

import datetime as dt

import factory

from config import clock
from register.cycles import academic_year_for
from register.models import (
    CodeList,
    Degree,
    Placement,
    ReferenceCode,
    Trainee,
    TraineeState,
    TrainingProvider,
)


def code(code_list: str, value: str) -> ReferenceCode:
    return ReferenceCode.objects.get(code_list=code_list, code=value)


def cycle_start(year: int | None = None) -> dt.date:
    return dt.date(year if year is not None else academic_year_for(clock.today()), 9, 1)


class TrainingProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProvider

    ukprn = factory.Sequence(lambda n: f"{10000000 + n}")
    name = factory.Sequence(lambda n: f"Training provider {n}")


class TraineeFactory(factory.django.DjangoModelFactory):
    """A submitted primary undergraduate trainee in the current cycle, as the API would have stored it."""

    class Meta:
        model = Trainee

    class Params:
        trn_received = factory.Trait(state=TraineeState.TRN_RECEIVED, trn=factory.Sequence(lambda n: f"{2000000 + n}"))
        deferred = factory.Trait(state=TraineeState.DEFERRED, defer_date=factory.LazyFunction(clock.today))
        withdrawn = factory.Trait(state=TraineeState.WITHDRAWN, withdraw_date=factory.LazyFunction(clock.today))
        recommended = factory.Trait(
            state=TraineeState.RECOMMENDED_FOR_AWARD,
            trn="1234567",
            recommended_for_award_at=factory.LazyFunction(clock.now),
        )
        awarded = factory.Trait(state=TraineeState.AWARDED, trn="1234567", awarded_at=factory.LazyFunction(clock.now))
        draft = factory.Trait(state=TraineeState.DRAFT, submitted_for_trn_at=None)

    training_provider = factory.SubFactory(TrainingProviderFactory)
    state = TraineeState.SUBMITTED_FOR_TRN
    submitted_for_trn_at = factory.LazyFunction(clock.now)
    hesa_id = factory.Sequence(lambda n: f"{1000000000000 + n}")
    first_names = factory.Sequence(lambda n: f"Ada{n}")
    last_name = factory.Sequence(lambda n: f"Lovelace{n}")
    date_of_birth = dt.date(2000, 1, 1)
    sex = "10"
    email = factory.LazyAttribute(lambda t: f"{t.first_names.lower()}@example.com")
    ethnicity = "997"
    ethnic_group = "not_provided_ethnic_group"
    ethnic_background = "Not provided"
    disability_disclosure = "disability_not_provided"
    diversity_disclosure = "diversity_not_disclosed"
    training_route = "11"
    itt_start_date = factory.LazyFunction(cycle_start)
    itt_end_date = factory.LazyAttribute(lambda t: t.itt_start_date + dt.timedelta(days=300))
    trainee_start_date = factory.LazyAttribute(lambda t: t.itt_start_date)
    start_academic_year = factory.LazyAttribute(lambda t: academic_year_for(t.trainee_start_date))
    course_subject_one = "100511"
    study_mode = "01"
    course_age_range = "13914"
    course_min_age = 5
    course_max_age = 11
    course_education_phase = "primary"
    course_year = 1
    course_level = "undergrad"
    course_qualification = "QTS"
    itt_aim = "201"
    fund_code = "2"
    funding_method = "6"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    trainee = factory.SubFactory(TraineeFactory)
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"School {n}")
    postcode = "AB1 2CD"


class DegreeFactory(factory.django.DjangoModelFactory):
    """A UK BSc in physics, upper second, from Durham."""

    class Meta:
        model = Degree

    trainee = factory.SubFactory(TraineeFactory)
    subject = factory.LazyFunction(lambda: code(CodeList.DEGREE_SUBJECT, "100425"))
    uk_degree = factory.LazyFunction(lambda: code(CodeList.DEGREE_TYPE, "083"))
    grade = factory.LazyFunction(lambda: code(CodeList.DEGREE_GRADE, "02"))
    institution = factory.LazyFunction(lambda: code(CodeList.DEGREE_INSTITUTION, "0116"))
    graduation_year = 2022


def trainee_payload(**overrides) -> dict:
    """The `data` of a valid POST /trainees (the published example, on a route that needs no degree)."""
    start = cycle_start()
    data = {
        "first_names": "John",
        "last_name": "Doe",
        "previous_last_name": "Smith",
        "date_of_birth": "1990-01-01",
        "sex": "99",
        "email": "john.doe@example.com",
        "nationality": "GB",
        "training_route": "11",
        "itt_start_date": start.isoformat(),
        "itt_end_date": (start + dt.timedelta(days=300)).isoformat(),
        "course_subject_one": "100346",
        "study_mode": "63",
        "disability1": "58",
        "disability2": "57",
        "degrees_attributes": [
            {"grade": "02", "subject": "100485", "institution": "0117", "uk_degree": "083", "graduation_year": "2003"}
        ],
        "placements_attributes": [{"name": "Placement", "urn": "900020"}],
        "itt_aim": 202,
        "itt_qualification_aim": "001",
        "course_year": "1",
        "course_age_range": "13913",
        # The published example asks for a scholarship (fund code 7, method 4), but no scholarship exists for a
        # primary undergraduate course, so funding-method rule step 5 refuses it; this body claims no funding.
        "fund_code": "2",
        "funding_method": "6",
        "hesa_id": "0310261553101",
        "provider_trainee_id": "99157234/2/01",
        "pg_apprenticeship_start_date": "2024-03-11",
        "ethnicity": "142",
        "course_subject_two": "101410",
        "course_subject_three": "100366",
        "employing_school_urn": "790928",
        "ethnic_group": "mixed_ethnic_group",
        "ethnic_background": "Another Mixed background",
        "lead_partner_urn": "900020",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not ...}
