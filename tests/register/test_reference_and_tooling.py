import csv
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from register.models import CodeList, ReferenceCode, Trainee, TraineeState, TrainingProvider
from register.reference_data import CODES_DIR, load_reference_data

from .conftest import API
from .factories import TrainingProviderFactory

pytestmark = pytest.mark.django_db


def test_every_code_list_row_is_loaded_and_reloading_changes_nothing():
    expected = sum(len(list(csv.DictReader(open(CODES_DIR / f"{name}.csv")))) for name in CodeList.values)
    assert ReferenceCode.objects.count() == expected == 2606

    load_reference_data()

    assert ReferenceCode.objects.count() == expected


def test_create_register_token_prints_a_working_token(capsys):
    TrainingProviderFactory(name="Oak SCITT")

    call_command("create_register_token", "--provider", "Oak SCITT")

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {capsys.readouterr().out.strip()}")
    assert client.get(f"{API}/info").status_code == 200


def test_sandbox_seed_is_idempotent_and_covers_every_state_in_every_cycle(pinned_now):
    first = __import__("register.sandbox", fromlist=["seed"]).seed()
    trainees = Trainee.objects.count()
    second = __import__("register.sandbox", fromlist=["seed"]).seed()

    assert Trainee.objects.count() == trainees
    assert TrainingProvider.objects.count() == 2
    tokens = second["training_providers"]
    assert set(tokens) == set(first["training_providers"]) and tokens != first["training_providers"]
    # Through the API, with each provider's token: every state in each academic cycle 2021–2026 (today's).
    for token in tokens.values():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        for year in range(2021, 2027):
            response = client.get(f"{API}/trainees?academic_cycle={year}&per_page=100")
            assert response.status_code == 200, (year, response.content[:300])
            states = {trainee["state"] for trainee in response.json()["data"]}
            # Lists never show drafts (docs/register-api.md, "Listing trainees"); each cycle has one all the same.
            assert states == set(TraineeState.values) - {TraineeState.DRAFT}, year
            assert Trainee.objects.filter(start_academic_year=year, state=TraineeState.DRAFT).count() == 2


def test_a_sandbox_seeded_before_trainees_were_kept_per_cycle_is_topped_up_without_duplicates(pinned_now):
    seed = __import__("register.sandbox", fromlist=["seed"]).seed
    seed()
    # Earlier sandboxes named the current cycle's trainees "SANDBOX-<state>".
    for trainee in Trainee.objects.filter(start_academic_year=2026):
        Trainee.objects.filter(pk=trainee.pk).update(provider_trainee_id=f"SANDBOX-{trainee.state}"[:20])
    trainees = Trainee.objects.count()
    seed()
    assert Trainee.objects.count() == trainees


def test_openapi_document_lists_only_this_api():
    from openapi_spec_validator import validate

    response = APIClient().get(f"{API}/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = json.loads(response.content)
    validate(document)
    assert document["info"]["title"] == "Register trainee teachers API"
    assert all(path.startswith("/api/v1.0-pre/") for path in document["paths"])
    assert "/api/v1.0-pre/trainees/{trainee_id}/recommend-for-qts" in document["paths"]
    assert APIClient().get(f"{API}/docs").status_code == 200


def test_readmes_register_example_returns_sandbox_trainees():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    query = re.search(r"/api/v1\.0-pre/trainees\?([^\"']+)", readme).group(1)
    tokens = __import__("register.sandbox", fromlist=["seed"]).seed()["training_providers"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {next(iter(tokens.values()))}")
    response = client.get(f"{API}/trainees?{query}")
    assert response.status_code == 200
    assert response.json()["data"]
