"""Finance in the admin: the statement page, the declarations CSV, authorising payment, adjustments; support
staff only look."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from declarations.models import Declaration, PaymentState
from statements.calculation import to_the_penny
from statements.models import Adjustment, Statement, StatementState
from statements.payments import statement_payment
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.statements.factories import AdjustmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(staff_client):
    return staff_client("finance")


@pytest.fixture
def support_client(staff_client):
    return staff_client("support")


def page_url(statement):
    return f"/admin/statements/statement/{statement.pk}/change/"


def authorise_url(statement):
    return f"/admin/statements/statement/{statement.pk}/authorise/"


@pytest.fixture
def payable_statement(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    close(statement)
    return statement


def test_statement_page_shows_output_fees_service_fee_uplifts_clawbacks_adjustments_total_and_vat(
    finance_client, payable_statement
):
    AdjustmentFactory(statement=payable_statement, payment_type="Backdated service fee", amount=Decimal("799.99"))
    page = finance_client.get(page_url(payable_statement)).content.decode()
    payment = statement_payment(statement=payable_statement)
    # One started ECT in Band A of the default contract (£119.40), the service fee, the adjustment, 20% VAT.
    for text in (
        "Output payment",
        "£119.40",
        "Service fee",
        "£75,943.07",
        "Uplift fees",
        "Clawbacks",
        "Backdated service fee",
        "£799.99",
        "VAT",
        f"Total £{to_the_penny(payment.total):,}",
        "Download declarations (CSV)",
        "Authorise for payment",
        "Revised recruitment target (150%)",
    ):
        assert text in page, text
    assert to_the_penny(payment.total) == to_the_penny(
        (Decimal("119.40") + Decimal("75943.0689655172") + Decimal("799.99")) * 6 / 5
    )


def test_finance_authorises_through_the_confirm_page_and_the_paid_amount_is_fixed(finance_client, payable_statement):
    expected = to_the_penny(statement_payment(statement=payable_statement).total)
    confirm = finance_client.get(authorise_url(payable_statement)).content.decode()
    assert f"£{expected:,}" in confirm and "I have checked the figures" in confirm
    unticked = finance_client.post(authorise_url(payable_statement), {})
    assert unticked.status_code == 200 and "Tick the box" in unticked.content.decode()
    assert Statement.objects.get(pk=payable_statement.pk).state == StatementState.PAYABLE
    response = finance_client.post(authorise_url(payable_statement), {"confirm": "on"})
    assert response.status_code == 302
    statement = Statement.objects.get(pk=payable_statement.pk)
    assert (statement.state, statement.paid_amount) == (StatementState.PAID, expected)
    assert Declaration.objects.get(statement=statement).payment_state == PaymentState.PAID
    assert f"{to_the_penny(expected):,}" in finance_client.get(page_url(statement)).content.decode()
    with pytest.raises(DatabaseError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(paid_amount=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Adjustment.objects.create(statement=statement, payment_type="Late", amount=Decimal(5))
    with pytest.raises(DatabaseError), transaction.atomic():
        statement.contract.bands.update(per_participant=Decimal(1))
    assert finance_client.post(authorise_url(statement), {"confirm": "on"}).status_code == 200
    assert Statement.objects.get(pk=statement.pk).paid_amount == expected


def test_a_statement_before_its_cut_off_cannot_be_authorised(finance_client, lead_provider):
    from declarations.services import payments as payment_run

    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    payment_run.statement_mark_payable(statement=statement)
    page = finance_client.get(authorise_url(statement)).content.decode()
    assert "A statement can be authorised for payment only after its cut-off date." in page
    finance_client.post(authorise_url(statement), {"confirm": "on"})
    assert Statement.objects.get(pk=statement.pk).state == StatementState.PAYABLE


def test_support_staff_see_statements_but_change_nothing(support_client, payable_statement):
    declaration = Declaration.objects.get(statement=payable_statement)
    page = support_client.get(page_url(payable_statement))
    assert page.status_code == 200 and "Total £" in page.content.decode()
    assert "Authorise for payment</a>" not in page.content.decode()
    assert support_client.get(f"/admin/statements/statement/{payable_statement.pk}/declarations.csv").status_code == 200
    assert support_client.get(authorise_url(payable_statement)).status_code == 403
    assert support_client.post(authorise_url(payable_statement), {"confirm": "on"}).status_code == 403
    assert support_client.get(f"/admin/statements/adjustment/add/?statement={payable_statement.pk}").status_code == 403
    added = support_client.post(
        "/admin/statements/adjustment/add/",
        {"statement": payable_statement.pk, "payment_type": "Bonus", "amount": "10"},
    )
    assert added.status_code == 403
    assert support_client.post(page_url(payable_statement), {"output_fee": ""}).status_code == 403
    assert support_client.post("/admin/statements/calloffcontract/add/", {}).status_code == 403
    support_client.post(
        "/admin/declarations/declaration/", {"action": "void_declarations", "_selected_action": [declaration.pk]}
    )
    assert Statement.objects.get(pk=payable_statement.pk).state == StatementState.PAYABLE
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.PAYABLE
    assert not Adjustment.objects.exists()


def test_finance_voids_a_declaration_from_the_admin(finance_client, payable_statement):
    declaration = Declaration.objects.get(statement=payable_statement)
    finance_client.post(
        "/admin/declarations/declaration/", {"action": "void_declarations", "_selected_action": [declaration.pk]}
    )
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.VOIDED


def test_finance_adds_changes_and_removes_adjustments_while_the_statement_is_unpaid(finance_client, payable_statement):
    response = finance_client.post(
        "/admin/statements/adjustment/add/",
        {"statement": payable_statement.pk, "payment_type": "Backdated service fee", "amount": "-250.50"},
    )
    assert response.status_code == 302
    adjustment = Adjustment.objects.get()
    assert statement_payment(statement=payable_statement).adjustments == Decimal("-250.50")
    finance_client.post(
        f"/admin/statements/adjustment/{adjustment.pk}/change/",
        {"statement": payable_statement.pk, "payment_type": "Backdated service fee", "amount": "300"},
    )
    assert Adjustment.objects.get().amount == Decimal(300)
    finance_client.post(f"/admin/statements/adjustment/{adjustment.pk}/delete/", {"post": "yes"})
    assert not Adjustment.objects.exists()
    from config.models import Event

    assert list(
        Event.objects.filter(event_type__startswith="adjustment_").order_by("id").values_list("event_type", flat=True)
    ) == [
        "adjustment_added",
        "adjustment_changed",
        "adjustment_removed",
    ]


def test_adjustments_only_on_output_statements(finance_client, lead_provider):
    service_only = StatementFactory(lead_provider=lead_provider, output_fee=False)
    response = finance_client.post(
        "/admin/statements/adjustment/add/",
        {"statement": service_only.pk, "payment_type": "Bonus", "amount": "10"},
    )
    assert response.status_code == 200
    assert "Adjustments can be made only on an output statement that is not paid." in response.content.decode()


def test_statement_page_runs_a_fixed_number_of_queries(finance_client, lead_provider, django_assert_num_queries):
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    finance_client.get(page_url(statement))  # the first page of the process also caches the content types
    # 15 whatever the number of declarations: the signed-in user (session, user, two permission lookups), the
    # statement with its provider, cohort and contract, and again for the page; its figures (contract, bands,
    # adjustments, earlier statements, the claims counted in one GROUP BY), the contract choices of its provider and
    # cohort with theirs, and the session's save (3)
    with django_assert_num_queries(15):
        response = finance_client.get(page_url(statement))
    assert response.status_code == 200 and "<td>1</td>" in response.content.decode()
    for _ in range(5):
        declare(lead_provider, ect(lead_provider))
    with django_assert_num_queries(15):
        response = finance_client.get(page_url(statement))
    assert response.status_code == 200 and "<td>6</td>" in response.content.decode()


def test_declarations_csv_lists_what_the_statement_pays_in_the_published_columns(finance_client, payable_statement):
    response = finance_client.get(f"/admin/statements/statement/{payable_statement.pk}/declarations.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ECF-Declarations-AmbitionInstitute-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    declaration = Declaration.objects.get(statement=payable_statement)
    assert len(rows) == 1
    row = rows[0]
    assert row["Declaration ID"] == str(declaration.api_id)
    assert row["Participant ID"] == str(declaration.teacher.api_id)
    assert row["TRN"] == declaration.teacher.trn
    assert (row["Type"], row["Declaration Type"], row["Declaration Status"]) == ("ect", "started", "payable")
    assert row["Statement ID"] == str(payable_statement.api_id)
    assert row["Eligible For Funding"] == "true" and row["Uplift Payable"] == "false"
    assert list(rows[0].keys())[:3] == ["Participant ID", "Participant Name", "TRN"]
    assert list(rows[0].keys())[-4:] == ["Evidence Held", "Statement Name", "Statement ID", "Uplift Payable"]


def test_an_adjustment_of_nothing_or_over_a_million_is_refused_with_a_message(finance_client, payable_statement):
    for amount in ("0", "1000000.01"):
        response = finance_client.post(
            "/admin/statements/adjustment/add/",
            {"statement": payable_statement.pk, "payment_type": "Bonus", "amount": amount},
        )
        assert response.status_code == 200
        assert "Enter an amount other than zero" in response.content.decode()
    assert not Adjustment.objects.exists()


def _contract_form(lead_provider, bands):
    from tests.factories import cohort

    data = {
        "lead_provider": lead_provider.pk,
        "cohort": cohort(2024).pk,
        "version": "7",
        "contract_type": "ecf",
        "recruitment_target": "100",
        "set_up_fee": "0",
        "uplift_amount": "100",
        "uplift_target_percentage": "33",
        "vat_registered": "on",
        "vat_percentage": "20",
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "4",
    }
    for index, (letter, low, high, output, service) in enumerate(bands):
        data |= {
            f"bands-{index}-band": letter,
            f"bands-{index}-min_participants": str(low),
            f"bands-{index}-max_participants": str(high),
            f"bands-{index}-per_participant": "900",
            f"bands-{index}-output_percentage": str(output),
            f"bands-{index}-service_percentage": str(service),
        }
    return data


def test_finance_adds_a_contract_version_that_applies_to_unpaid_statements(finance_client, lead_provider):
    from statements.models import CallOffContract

    statement = StatementFactory(lead_provider=lead_provider)
    bad_order = _contract_form(lead_provider, [("A", 51, 100, 60, 40), ("B", 1, 50, 60, 40)])
    response = finance_client.post("/admin/statements/calloffcontract/add/", bad_order)
    assert response.status_code == 200 and "must start above the end of band A" in response.content.decode()
    bad_split = _contract_form(lead_provider, [("A", 1, 50, 60, 50)])
    assert finance_client.post("/admin/statements/calloffcontract/add/", bad_split).status_code == 200
    assert not CallOffContract.objects.filter(version=7).exists()
    good = _contract_form(lead_provider, [("A", 1, 50, 60, 40), ("B", 51, 100, 100, 0)])
    assert finance_client.post("/admin/statements/calloffcontract/add/", good).status_code == 302
    version_7 = CallOffContract.objects.get(version=7)
    assert version_7.bands.count() == 2
    assert Statement.objects.get(pk=statement.pk).contract == version_7


def test_2025_statement_page_shows_ect_and_mentor_parts(finance_client, lead_provider):
    from tests.declarations.factories import mentor
    from tests.factories import cohort

    statement = StatementFactory(lead_provider=lead_provider, cohort=cohort(2025))
    declare(lead_provider, ect(lead_provider, year=2025))
    for _ in range(2):
        declare(lead_provider, mentor(lead_provider, year=2025))
    page = finance_client.get(page_url(statement)).content.decode()
    for text in (
        "ECTs output payment",
        "Mentors output payment",
        "Early career teacher (ECT) output payments",
        "Fee per ECT",
        "Mentor output payments",
        "Fee per mentor",
        "£500.00",
        "£1,000.00",
        "Mentors clawbacks",
        "Payment per mentor",
    ):
        assert text in page, text
    assert "Uplift fees" not in page


def test_a_service_fee_statement_shows_its_service_fee_without_outputs(finance_client, lead_provider):
    statement = StatementFactory(lead_provider=lead_provider, output_fee=False)
    page = finance_client.get(page_url(statement)).content.decode()
    assert "£75,943.07" in page
    assert "Download declarations (CSV)" not in page and "Add adjustment" not in page
    assert finance_client.get(f"/admin/statements/statement/{statement.pk}/declarations.csv").status_code == 404


def test_unticking_output_fee_on_a_statement_with_declarations_says_why_and_changes_nothing(
    lead_provider, staff_client
):
    """The database refuses it (docs/security.md §2); the page says why on the field, never a 500."""
    from tests.admin.forms import submitted

    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    client = staff_client("superuser")
    data = submitted(client.get(page_url(statement)).content.decode(), "statement_form")
    del data["output_fee"]  # an unticked box is not sent

    response = client.post(page_url(statement), {**data, "_save": "Save"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "output_fee": [
            "This statement carries declarations, so its lead provider, cohort and output fee cannot change."
        ]
    }
    assert Statement.objects.get(pk=statement.pk).output_fee is True


def test_a_superuser_corrects_an_open_statement_without_declarations(lead_provider, staff_client):
    from tests.admin.forms import submitted

    statement = StatementFactory(lead_provider=lead_provider)
    client = staff_client("superuser")
    data = submitted(client.get(page_url(statement)).content.decode(), "statement_form")
    del data["output_fee"]

    response = client.post(page_url(statement), {**data, "_save": "Save"})

    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).output_fee is False
