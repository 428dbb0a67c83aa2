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


def test_sandbox_seed_is_idempotent_and_covers_every_state():
    first = __import__("register.sandbox", fromlist=["seed"]).seed()
    second = __import__("register.sandbox", fromlist=["seed"]).seed()

    assert TrainingProvider.objects.count() == 2
    for provider in TrainingProvider.objects.all():
        states = set(Trainee.objects.filter(training_provider=provider).values_list("state", flat=True))
        assert states == set(TraineeState.values)
    tokens = second["training_providers"]
    assert set(tokens) == set(first["training_providers"]) and tokens != first["training_providers"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {next(iter(tokens.values()))}")
    assert client.get(f"{API}/trainees").status_code == 200


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
