"""Finance in the admin: the statement summary and authorising payment."""

import pytest
from django.contrib.auth import get_user_model

from declarations.models import Declaration, PaymentState
from statements import services
from statements.models import StatementState
from tests.declarations.factories import StatementFactory, declare, ect

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client):
    user = get_user_model().objects.create_superuser("finance", "finance@education.gov.uk", "pw")
    client.force_login(user)
    return client


def test_finance_authorises_a_payable_statement(finance_client, lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    services.statement_mark_payable(statement=statement)
    page = finance_client.get(f"/admin/statements/statement/{statement.pk}/change/")
    assert page.status_code == 200
    assert b"payable: started" in page.content and b"1 claims, 0 clawbacks" in page.content
    response = finance_client.post(
        "/admin/statements/statement/", {"action": "authorise_for_payment", "_selected_action": [statement.pk]}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.state == StatementState.PAID
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.PAID
    assert finance_client.get("/admin/statements/statement/").status_code == 200
    assert finance_client.get("/admin/declarations/declaration/").status_code == 200


def test_staff_who_may_only_view_statements_cannot_authorise_payment(client, lead_provider):
    from django.contrib.auth.models import Permission

    viewer = get_user_model().objects.create_user("viewer", "viewer@education.gov.uk", "pw", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_statement"), Permission.objects.get(codename="view_declaration")
    )
    client.force_login(viewer)
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    services.statement_mark_payable(statement=statement)
    client.post("/admin/statements/statement/", {"action": "authorise_for_payment", "_selected_action": [statement.pk]})
    client.post(
        "/admin/declarations/declaration/", {"action": "void_declarations", "_selected_action": [declaration.pk]}
    )
    statement.refresh_from_db()
    assert statement.state == StatementState.PAYABLE
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.PAYABLE
