"""What a journey keeps in the session (config/wizard.py, docs/school-pages.md "Journeys"): each step's own fields,
once each, within a size cap, whatever else a POST carries."""

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import RequestFactory

from config.govuk import GovukForm
from config.wizard import CHECK_ANSWERS, MAX_ANSWER_CHARS, Step, Wizard, WizardView

pytestmark = pytest.mark.django_db

BASE = "/school/register-ect"


def _store(client) -> dict:
    (key,) = [key for key in client.session.keys() if key.startswith("wizard:register-ect:")]
    return client.session[key]


def _session_size(client) -> int:
    return len(Session.objects.get(pk=client.session.session_key).session_data)


def _find_ada(client, ada, **extra):
    client.post(f"{BASE}/what-you-will-need", {})
    born = ada.date_of_birth
    data = {"trn": ada.trn, "date_of_birth_0": born.day, "date_of_birth_1": born.month, "date_of_birth_2": born.year}
    return client.post(f"{BASE}/find-ect", {**data, **extra})


def test_a_step_keeps_only_its_own_fields_however_much_else_is_posted(school_client, ada):
    padding = "x" * 1_900_000
    for _ in range(3):
        response = _find_ada(school_client, ada, padding=padding, submit="Continue")
        assert response["Location"] == f"{BASE}/review-ect-details"
    assert set(_store(school_client)["find-ect"]) == {"trn", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2"}
    assert _session_size(school_client) < 10_000
    # The journey goes on from the kept answers.
    response = school_client.post(f"{BASE}/review-ect-details", {"details_correct": "yes"})
    assert response["Location"] == f"{BASE}/email-address"


def test_a_field_sent_many_times_is_kept_once(school_client, ada):
    _find_ada(school_client, ada)
    school_client.post(f"{BASE}/review-ect-details", {"details_correct": "yes"})
    school_client.post(f"{BASE}/email-address", {"email": "ada@oak.example"})
    school_client.post(f"{BASE}/start-date", {"started_on_0": 1, "started_on_1": 9, "started_on_2": 2026})
    response = school_client.post(f"{BASE}/working-pattern", {"working_pattern": ["full_time"] * 900})
    assert response.status_code == 302
    assert _store(school_client)["working-pattern"] == {"working_pattern": "full_time"}
    assert _session_size(school_client) < 10_000


# A journey with a question no validation bounds, to show the cap on its own.
class EssayForm(GovukForm):
    essay = forms.CharField()


class EssayWizard(Wizard):
    name = "essay"
    steps = [Step("essay", "Tell us everything", EssayForm)]

    def next_step(self, step: str) -> str:
        return CHECK_ANSWERS

    def url(self, step: str) -> str:
        return f"/essay/{step}"


class EssayView(WizardView):
    wizard_class = EssayWizard


def _post_essay(session, text: str):
    request = RequestFactory().post("/essay/essay", {"essay": text})
    request.session = session
    return EssayView.as_view()(request, step="essay")


def test_an_answer_larger_than_the_cap_is_refused_and_not_kept():
    session = SessionStore()
    assert _post_essay(session, "short")["Location"] == f"/essay/{CHECK_ANSWERS}"
    response = _post_essay(session, "x" * (MAX_ANSWER_CHARS + 1))
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()
    assert session["wizard:essay:"] == {"essay": {"essay": "short"}}
