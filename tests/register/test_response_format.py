"""The trainee, placement and degree objects as the published examples print them (docs/register-api.md): keys,
key order and value formats."""

import datetime as dt
import re

import pytest

from register.models import Trainee

from .conftest import API
from .factories import DegreeFactory, PlacementFactory, TraineeFactory

pytestmark = pytest.mark.django_db

SEED_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

# The published GET /trainees/{trainee_id} example, in its order, then the keys only its POST example shows.
SEED_TRAINEE_KEYS = (
    "trainee_id provider_trainee_id first_names last_name date_of_birth created_at updated_at email middle_names "
    "training_route sex diversity_disclosure ethnic_group ethnic_background additional_ethnic_background "
    "disability_disclosure course_subject_one itt_start_date outcome_date itt_end_date trn submitted_for_trn_at state "
    "withdraw_date defer_date recommended_for_award_at trainee_start_date reinstate_date course_min_age course_max_age "
    "course_subject_two course_subject_three awarded_at training_initiative applying_for_bursary bursary_tier "
    "study_mode ebacc region applying_for_scholarship course_education_phase applying_for_grant course_uuid "
    "lead_partner_not_applicable employing_school_not_applicable submission_ready commencement_status discarded_at "
    "created_from_dttp hesa_id additional_dttp_data created_from_hesa hesa_updated_at record_source iqts_country "
    "hesa_editable withdraw_reasons_dfe_details placement_detail ukprn ethnicity course_qualification course_title "
    "course_level course_itt_start_date course_age_range expected_end_date employing_school_urn lead_partner_ukprn "
    "lead_partner_urn fund_code bursary_level course_year funding_method itt_aim itt_qualification_aim ni_number "
    "previous_last_name hesa_disabilities additional_training_initiative withdrawal_future_interest withdrawal_trigger "
    "withdrawal_reasons withdrawal_another_reason placements degrees"
).split()
SEED_POST_ONLY_KEYS = [
    "slug_sent_to_dqt_at",
    "course_study_mode",
    "pg_apprenticeship_start_date",
    "nationality",
    "withdraw_reasons",
    "application_id",
]


def test_trainee_keys_follow_seed_003_order(api, provider):
    trainee = TraineeFactory(training_provider=provider)

    body = api.get(f"{API}/trainees/{trainee.slug}").json()["data"]

    keys = [key for key in body if key != "defer_reason"]  # a deferred trainee adds defer_reason (docs/register-api.md)
    assert keys == SEED_TRAINEE_KEYS[:-2] + SEED_POST_ONLY_KEYS + SEED_TRAINEE_KEYS[-2:]


def test_timestamps_have_milliseconds_in_utc_like_seed_003(api, provider):
    trainee = TraineeFactory(
        training_provider=provider,
        trn_received=True,
        submitted_for_trn_at=dt.datetime(2024, 1, 18, 8, 2, 41, 420999, tzinfo=dt.UTC),
    )
    PlacementFactory(trainee=trainee)
    DegreeFactory(trainee=trainee)

    body = api.get(f"{API}/trainees/{trainee.slug}").json()["data"]
    placement = api.get(f"{API}/trainees/{trainee.slug}/placements").json()["data"][0]
    degree = api.get(f"{API}/trainees/{trainee.slug}/degrees").json()["data"][0]

    assert body["submitted_for_trn_at"] == "2024-01-18T08:02:41.420Z"
    for record in (body, body["placements"][0], body["degrees"][0], placement, degree):
        assert SEED_TIMESTAMP.match(record["created_at"]), record["created_at"]
        assert SEED_TIMESTAMP.match(record["updated_at"]), record["updated_at"]


@pytest.mark.parametrize(
    ("funding_method", "bursary", "tier", "scholarship", "grant"),
    [
        ("6", False, None, False, False),
        ("4", False, None, True, False),
        ("8", True, "tier_two", False, False),
        ("D", True, None, False, False),
        ("E", False, None, False, True),
    ],
)
def test_applying_for_flags_follow_funding_method(api, provider, funding_method, bursary, tier, scholarship, grant):
    trainee = TraineeFactory(training_provider=provider, funding_method=funding_method)

    body = api.get(f"{API}/trainees/{trainee.slug}").json()["data"]

    assert (
        body["applying_for_bursary"],
        body["bursary_tier"],
        body["applying_for_scholarship"],
        body["applying_for_grant"],
    ) == (bursary, tier, scholarship, grant)


@pytest.mark.parametrize("case", [str.upper, str.lower, str.swapcase])
def test_ids_are_matched_ignoring_case(api, provider, case):
    trainee = TraineeFactory(training_provider=provider)
    placement = PlacementFactory(trainee=trainee)
    degree = DegreeFactory(trainee=trainee)
    base = f"{API}/trainees/{case(trainee.slug)}"

    assert api.get(base).json()["data"]["trainee_id"] == trainee.slug
    assert api.get(f"{base}/placements/{case(placement.slug)}").json()["data"]["placement_id"] == placement.slug
    assert api.get(f"{base}/degrees/{case(degree.slug)}").json()["data"]["degree_id"] == degree.slug
    assert Trainee.objects.count() == 1


def test_course_year_is_answered_as_text_as_seed_003_shows(api, provider):
    from tests.register.factories import TraineeFactory

    trainee = TraineeFactory(training_provider=provider, course_year=2)
    body = api.get(f"/api/v1.0-pre/trainees/{trainee.slug}").json()
    assert body["data"]["course_year"] == "2"
