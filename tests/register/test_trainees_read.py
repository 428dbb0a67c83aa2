import datetime as dt

import pytest

from register.models import Trainee

from .conftest import API
from .factories import DegreeFactory, PlacementFactory, TraineeFactory, TrainingProviderFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    return [trainee["trainee_id"] for trainee in response.json()["data"]]


def test_show_returns_trainee_with_placements_and_degrees(api, provider):
    trainee = TraineeFactory(training_provider=provider, trn_received=True)
    placement = PlacementFactory(trainee=trainee, urn="123456", postcode="AB1 2CD")
    degree = DegreeFactory(trainee=trainee)

    response = api.get(f"{API}/trainees/{trainee.slug}")

    assert response.status_code == 200
    body = response.json()["data"]
    assert body["trainee_id"] == trainee.slug and body["trn"] == trainee.trn and body["state"] == "trn_received"
    assert body["placements"][0] | {"address": "URN 123456, AB1 2CD"} == body["placements"][0]
    assert body["placements"][0]["placement_id"] == placement.slug
    assert (
        body["degrees"][0]
        | {
            "degree_id": degree.slug,
            "subject": "100425",
            "uk_degree": "083",
            "institution": "0116",
            "grade": "02",
            "country": None,
            "graduation_year": 2022,
            "subject_uuid": "918170f0-5dce-e911-a985-000d3ab79618",
            "uk_degree_uuid": "1b6a5652-c197-e711-80d8-005056ac45bb",
            "grade_uuid": "e2fe18d4-8655-47cf-ab1a-8c3e0b0f078f",
            "institution_uuid": "1071f34a-2887-e711-80d8-005056ac45bb",
        }
        == body["degrees"][0]
    )


def test_show_includes_drafts(api, provider):
    trainee = TraineeFactory(training_provider=provider, draft=True)

    assert api.get(f"{API}/trainees/{trainee.slug}").status_code == 200


def test_another_providers_trainee_is_not_found(api):
    trainee = TraineeFactory(training_provider=TrainingProviderFactory())

    response = api.get(f"{API}/trainees/{trainee.slug}")

    assert response.status_code == 404
    assert response.json() == {"errors": [{"error": "NotFound", "message": "Trainee(s) not found"}]}


def test_missing_token_is_unauthorized(db):
    from rest_framework.test import APIClient

    response = APIClient().get(f"{API}/trainees")

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


def test_revoked_token_is_unauthorized(provider):
    from rest_framework.test import APIClient

    from register.services import api_token_create, api_token_revoke

    token, raw = api_token_create(training_provider=provider)
    api_token_revoke(token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert client.get(f"{API}/info").status_code == 401


def test_info_reports_status(api):
    response = api.get(f"{API}/info")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_wrong_method_is_not_allowed(api, provider):
    trainee = TraineeFactory(training_provider=provider)

    assert api.delete(f"{API}/trainees/{trainee.slug}").status_code == 405
    assert api.post(f"{API}/info").status_code == 405
    response = api.get(f"{API}/trainees/{trainee.slug}/withdraw")
    assert response.status_code == 405
    assert response.json()["errors"][0]["error"] == "MethodNotAllowed"


def test_unknown_path_is_not_found(api):
    response = api.get(f"{API}/schools")

    assert response.status_code == 404
    assert response.json() == {"errors": [{"error": "NotFound", "message": "Not found"}]}


def test_list_shows_only_own_non_draft_trainees_of_the_current_cycle(api, provider):
    mine = TraineeFactory(training_provider=provider)
    TraineeFactory(training_provider=provider, draft=True)
    TraineeFactory(training_provider=TrainingProviderFactory())
    last_year = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2020, 9, 1))

    response = api.get(f"{API}/trainees")

    assert response.status_code == 200
    assert ids(response) == [mine.slug]
    assert response.json()["meta"] == {"current_page": 1, "total_pages": 1, "total_count": 1, "per_page": 50}
    assert ids(api.get(f"{API}/trainees", {"academic_cycle": 2020})) == [last_year.slug]


def test_academic_cycle_runs_from_1_august_to_31_july(api, provider):
    july = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 7, 31))
    august = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 8, 1))

    assert ids(api.get(f"{API}/trainees", {"academic_cycle": 2023})) == [july.slug]
    assert ids(api.get(f"{API}/trainees", {"academic_cycle": 2024})) == [august.slug]


def test_default_cycle_is_the_one_containing_today(api, provider):
    july = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2024, 9, 1))
    august = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2025, 8, 1))

    on_31_july = api.get(f"{API}/trainees", HTTP_X_WITH_SERVER_DATE="2025-07-31T23:00:00Z")
    on_1_august = api.get(f"{API}/trainees", HTTP_X_WITH_SERVER_DATE="2025-08-01T00:30:00Z")

    assert ids(on_31_july) == [july.slug]
    assert ids(on_1_august) == [august.slug]


def test_unknown_academic_cycle_is_refused(api):
    response = api.get(f"{API}/trainees", {"academic_cycle": "1999"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"academic_cycle": ["1999 is not a valid academic cycle year"]}


def test_status_filter_and_its_validation(api, provider):
    api.credentials(HTTP_AUTHORIZATION=api._credentials["HTTP_AUTHORIZATION"], HTTP_X_WITH_SERVER_DATE="2025-01-15")
    start = dt.date(2024, 9, 1)
    in_training = TraineeFactory(training_provider=provider, itt_start_date=start, trn_received=True)
    deferred = TraineeFactory(training_provider=provider, itt_start_date=start, deferred=True)
    withdrawn = TraineeFactory(training_provider=provider, itt_start_date=start, withdrawn=True)
    TraineeFactory(training_provider=provider, itt_start_date=start, awarded=True)
    not_started = TraineeFactory(training_provider=provider, itt_start_date=dt.date(2025, 3, 1))

    assert ids(api.get(f"{API}/trainees", {"status": "in_training"})) == [in_training.slug]
    assert ids(api.get(f"{API}/trainees", {"status": "course_not_yet_started"})) == [not_started.slug]
    both = api.get(f"{API}/trainees", {"status": ["deferred", "withdrawn"], "sort_order": "asc"})
    assert ids(both) == [deferred.slug, withdrawn.slug]

    response = api.get(f"{API}/trainees", {"status": "busy"})
    assert response.status_code == 422
    assert response.json() == {
        "message": "Validation failed: 1 error prohibited this request being run",
        "errors": {"status": ["busy is not a valid status"]},
    }


def test_has_trn_filter_accepts_true_and_false(api, provider):
    with_trn = TraineeFactory(training_provider=provider, trn_received=True)
    without = TraineeFactory(training_provider=provider)

    assert ids(api.get(f"{API}/trainees", {"has_trn": "true"})) == [with_trn.slug]
    assert ids(api.get(f"{API}/trainees", {"has_trn": "false"})) == [without.slug]
    assert api.get(f"{API}/trainees", {"has_trn": "maybe"}).json()["errors"] == {
        "has_trn": ["maybe is not a valid boolean"]
    }


def test_since_filter_keeps_trainees_changed_at_or_after(api, provider):
    old = TraineeFactory(training_provider=provider)
    new = TraineeFactory(training_provider=provider)
    Trainee.objects.filter(pk=old.pk).update(updated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    Trainee.objects.filter(pk=new.pk).update(updated_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))

    assert ids(api.get(f"{API}/trainees", {"since": "2024-06-01T00:00:00Z"})) == [new.slug]
    assert ids(api.get(f"{API}/trainees", {"since": "2023-12-31"})) == [new.slug, old.slug]
    assert api.get(f"{API}/trainees", {"since": "yesterday"}).json()["errors"] == {
        "since": ["yesterday is not a valid date"]
    }
    # Any offset Python accepts is compared in UTC (PostgreSQL refuses offsets beyond 15:59).
    response = api.get(f"{API}/trainees", {"since": "2024-05-31T06:00:00-16:30"})
    assert response.status_code == 200, response.content
    assert ids(response) == [new.slug]


def test_paging_and_sort_order(api, provider):
    trainees = [TraineeFactory(training_provider=provider) for _ in range(3)]
    for offset, trainee in enumerate(trainees):
        Trainee.objects.filter(pk=trainee.pk).update(updated_at=dt.datetime(2024, 1, 1 + offset, tzinfo=dt.UTC))

    first = api.get(f"{API}/trainees", {"per_page": 2})
    second = api.get(f"{API}/trainees", {"per_page": 2, "page": 2})
    ascending = api.get(f"{API}/trainees", {"sort_order": "asc"})

    assert ids(first) == [trainees[2].slug, trainees[1].slug]
    assert first.json()["meta"] == {"current_page": 1, "total_pages": 2, "total_count": 3, "per_page": 2}
    assert ids(second) == [trainees[0].slug]
    assert ids(ascending) == [t.slug for t in trainees]
    assert api.get(f"{API}/trainees", {"per_page": 500}).json()["meta"]["per_page"] == 100
    past_the_end = api.get(f"{API}/trainees", {"per_page": 2, "page": 3})
    assert past_the_end.status_code == 404
    assert past_the_end.json() == {"errors": [{"error": "NotFound", "message": "No trainees found"}]}
    assert api.get(f"{API}/trainees", {"sort_order": "up"}).json()["errors"] == {
        "sort_order": ["is not included in the list"]
    }


def test_list_query_count_does_not_grow_with_page_size(api, provider, pinned_now, api_queries):
    trainees = []
    for _ in range(5):
        trainees.append(TraineeFactory(training_provider=provider))
        PlacementFactory(trainee=trainees[-1])
        DegreeFactory(trainee=trainees[-1])
    api.get(f"{API}/info")  # the token's last_used_at is stamped once a minute, not on every request

    # 6 for the page whatever its size, plus the rate limit's one counter upsert (docs/security.md §4), plus the
    # stand-in teacher record service's one look for TRNs due to the provider's trainees (outside production only:
    # docs/register-api.md, "TRNs in the sandbox").
    with api_queries(8):
        response = api.get(f"{API}/trainees")

    assert response.status_code == 200
    assert sorted(ids(response)) == sorted(str(t.slug) for t in trainees)
    assert all(len(t["placements"]) == 1 and len(t["degrees"]) == 1 for t in response.json()["data"])
