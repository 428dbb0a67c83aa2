import json

import pytest

from participants.school_pages.selectors import school_ects
from schools.models import School

from .conftest import Client, sign_in

pytestmark = pytest.mark.django_db


def test_sandbox_school_users_are_printed_and_can_sign_in(sandbox):
    users = json.loads(sandbox.tokens_file.read_text())["school_users"]
    assert users["100000"] == "sit.100000@example.com" and "sit.100000@example.com" in sandbox.output
    client = Client()
    sign_in(client, users["100000"])
    # Sandbox schools confirm their induction tutor first.
    assert client.get("/school/home/ects")["Location"].startswith("/school/induction-tutor/confirm-existing/")
    # The sandbox shows the status tags a school meets: a new ECT without a mentor, deferred and withdrawn ECTs.
    from config import clock

    tags = {
        tag.text
        for urn in ("100000", "100039")
        for card in school_ects(school=School.objects.get(urn=urn), today=clock.now().date())
        for tag in card.tags
    }
    assert {"Registered", "Action required", "Training paused"} <= tags
