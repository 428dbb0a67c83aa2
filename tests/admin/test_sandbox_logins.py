"""Issue 23 item 15: `make run` (seed_sandbox) prints a sandbox DfE staff login per role, as it prints API tokens, and
writes them to .sandbox/tokens.json; each signs in to the admin with its role's permissions (README.md, "Admin")."""

import json

import pytest
from django.test import Client

from config import sandbox as staff_logins

pytestmark = pytest.mark.django_db


def admin_sign_in(username: str, password: str) -> Client:
    client = Client()
    client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return client


def test_make_run_prints_a_staff_login_per_role_that_signs_in_to_the_admin(sandbox):
    logins = json.loads(sandbox.tokens_file.read_text())["staff_users"]
    assert sorted(logins) == ["finance", "support"]
    printed = sandbox.output
    assert "DfE staff logins (role: username / password), sign in at /admin/ (new passwords every run):" in printed
    for role, login in logins.items():
        assert login["username"] == f"sandbox-{role}"
        assert f"  {role}: sandbox-{role} / {login['password']}" in printed

    support = admin_sign_in(logins["support"]["username"], logins["support"]["password"])
    finance = admin_sign_in(logins["finance"]["username"], logins["finance"]["password"])
    # Support reads (and closes) support queries; finance authorises statements and does not see support queries.
    assert support.get("/admin/schools/supportquery/").status_code == 200
    assert finance.get("/admin/schools/supportquery/").status_code == 403
    assert finance.get("/admin/statements/statement/").status_code == 200
    assert support.get("/admin/statements/statement/add/").status_code == 403

    # The next run gives new passwords: the printed ones stop working.
    again = staff_logins.seed()["staff_users"]
    assert again["support"]["password"] != logins["support"]["password"]
    assert admin_sign_in("sandbox-support", logins["support"]["password"]).get("/admin/").status_code == 302
    assert admin_sign_in("sandbox-support", again["support"]["password"]).get("/admin/").status_code == 200


def test_production_makes_no_sandbox_staff_login(settings):
    settings.SANDBOX_STAFF_LOGINS = False
    assert staff_logins.seed() == {}
