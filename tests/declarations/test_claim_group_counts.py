"""The claim group counts the database keeps (docs/finance.md "How the counts are kept") always equal the GROUP BY
over the declarations they count, whatever changed the declarations and however many rows one statement changed;
and nothing but the declarations' trigger writes them."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings

from config.errors import DomainValidationError
from config.models import Event, EventSource
from conftest import _client_of
from declarations import services as declaration_services
from declarations.models import CLAIM_GROUP_FACTS, ClaimGroupCount, Declaration, PaymentState
from declarations.selectors import claim_groups_apart, counted_claim_groups, statement_claim_groups
from declarations.services import payments as payment_run
from declarations.services.merges import declarations_follow_merge
from statements import rules as statement_rules
from statements.models import Statement
from statements.payments import kept_counts_disagree
from statements.tasks import COUNTS_DISAGREE_EVENT, check_claim_counts
from tests.declarations.factories import StatementFactory, close, declare, ect, make_fundable, mentor
from tests.declarations.helpers import URL, attrs, body
from tests.factories import cohort, mark_merged
from tests.platform.test_database_invariants import app_role, as_app_role, refusal, sql
from tests.statements.test_money_properties import _Rollback, _run, operations

pytestmark = pytest.mark.django_db


def kept() -> dict:
    """Every group the database keeps a count of, its shards added up (empty groups left out)."""
    rows = ClaimGroupCount.objects.values(*CLAIM_GROUP_FACTS).annotate(total=Sum("count")).order_by()
    return {tuple(row[fact] for fact in CLAIM_GROUP_FACTS): row["total"] for row in rows if row["total"]}


def counted() -> dict:
    """The same groups counted from the declarations themselves."""
    rows = Declaration.objects.values(*CLAIM_GROUP_FACTS).annotate(total=Count("*")).order_by()
    return {tuple(row[fact] for fact in CLAIM_GROUP_FACTS): row["total"] for row in rows}


def assert_counts_agree() -> None:
    assert kept() == counted()
    for statement in Statement.objects.all():
        question = {
            "lead_provider_id": statement.lead_provider_id,
            "cohort_id": statement.cohort_id,
            "statement_ids": [statement.pk],
        }
        fast = sorted(map(sorted_items, statement_claim_groups(**question)))
        slow = sorted(map(sorted_items, counted_claim_groups(**question)))
        assert fast == slow


def repair_by_the_owner(statement: str, params=()) -> None:
    """A data repair by the tables' owner that switches the counts' guard off, writes them, and switches it on."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE declarations_claimgroupcount DISABLE TRIGGER claim_group_counts_are_kept")
        cursor.execute(statement, params)
        cursor.execute("ALTER TABLE declarations_claimgroupcount ENABLE TRIGGER claim_group_counts_are_kept")


def sorted_items(row: dict) -> tuple:
    return tuple(sorted(row.items(), key=lambda item: item[0]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_random_declares_voids_clawbacks_and_payments_keep_the_counts_equal_to_the_declarations(ops):
    try:
        with transaction.atomic():
            _run(ops)
            assert_counts_agree()
            raise _Rollback
    except _Rollback:
        pass


def test_the_counts_follow_every_kind_of_write(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    ects = [declare(lead_provider, ect(lead_provider)) for _ in range(11)]
    for _ in range(3):
        declare(lead_provider, mentor(lead_provider))
    assert_counts_agree()
    assert sum(kept().values()) == 14

    # One UPDATE of many rows (a school's uplift found later), then the payment run's bulk updates.
    Declaration.objects.filter(pk__in=[d.pk for d in ects[:5]]).update(pupil_premium_uplift=True)
    assert_counts_agree()
    close(statement)
    payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    assert_counts_agree()
    paid = {key[5] for key in kept()}
    assert paid == {PaymentState.PAID}

    # A paid ECT's claim is clawed back onto the next statement; an update that changes no fact changes no count.
    StatementFactory(lead_provider=lead_provider)
    declaration_services.declaration_void(declaration=Declaration.objects.get(pk=ects[0].pk))
    assert_counts_agree()
    before = list(ClaimGroupCount.objects.order_by("pk").values_list("pk", "count"))
    Declaration.objects.filter(lead_provider=lead_provider).update(evidence_held="other")
    assert list(ClaimGroupCount.objects.order_by("pk").values_list("pk", "count")) == before

    # A declaration that is deleted (a data repair of one never paid) leaves its group.
    fresh = declare(lead_provider, ect(lead_provider))
    assert fresh.statement_id is not None
    Declaration.objects.filter(pk=fresh.pk).delete()
    assert_counts_agree()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_of_the_same_kind_of_claim_are_all_counted(reference_data, lp_client):
    """They fall in one group, spread over its 8 rows: none is lost between two transactions writing the same row."""
    StatementFactory(lead_provider=lp_client.lead_provider, cohort=cohort(2024))
    payloads = [body(**attrs(ect(lp_client.lead_provider))) for _ in range(20)]
    clients = [_client_of(lp_client.lead_provider) for _ in payloads]  # a test client is not shared between threads
    barrier = threading.Barrier(len(payloads))
    statuses = []

    def send(client, payload):
        try:
            barrier.wait()
            statuses.append(client.post(URL, payload, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, payloads, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    assert list(kept().values()) == [20]
    assert_counts_agree()
    connection.close()


def test_nothing_but_the_declarations_trigger_writes_the_counts(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    row = ClaimGroupCount.objects.get()

    message = "claim group counts are kept by the database as declarations change; they cannot be written"
    assert message in refusal(lambda: ClaimGroupCount.objects.filter(pk=row.pk).update(count=1000))
    assert message in refusal(lambda: ClaimGroupCount.objects.filter(pk=row.pk).delete())
    assert message in refusal(
        lambda: sql("INSERT INTO declarations_claimgroupcount SELECT * FROM declarations_claimgroupcount")
    )
    assert ClaimGroupCount.objects.get().count == 1


@app_role
def test_the_app_role_reads_the_counts_but_cannot_write_them_or_stand_in_for_them(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    as_app_role()

    assert ClaimGroupCount.objects.get().count == 1
    for write in (
        "UPDATE declarations_claimgroupcount SET count = 1000",
        "DELETE FROM declarations_claimgroupcount",
        "INSERT INTO declarations_claimgroupcount SELECT * FROM declarations_claimgroupcount",
        "TRUNCATE declarations_claimgroupcount",
    ):
        assert "permission denied for table declarations_claimgroupcount" in refusal(lambda write=write: sql(write)), (
            write
        )
    # A temporary table of the same name would come first on the session's search path.
    assert "permission denied to create temporary tables" in refusal(
        lambda: sql("CREATE TEMP TABLE declarations_claimgroupcount (LIKE public.declarations_claimgroupcount)")
    )
    assert "must be owner" in refusal(
        lambda: sql("ALTER TABLE declarations_declaration DISABLE TRIGGER declarations_count_inserted")
    )
    # Its own declarations are still counted: the trigger writes as the tables' owner.
    declare(lead_provider, ect(lead_provider))
    assert sum(kept().values()) == 2


def test_counts_that_no_longer_match_the_declarations_refuse_the_change_that_shows_it(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))

    repair_by_the_owner("DELETE FROM declarations_claimgroupcount")  # the group's count is lost
    message = refusal(lambda: declaration_services.declaration_void(declaration=declaration))
    assert "claim group count would be negative (-1): the counts no longer match the declarations" in message
    assert Declaration.objects.get(pk=declaration.pk).payment_state == PaymentState.ELIGIBLE


def test_promotions_merges_duplicates_uplifts_and_other_providers_and_cohorts_are_counted(
    lead_provider, other_lead_provider
):
    for provider, year in ((lead_provider, 2024), (lead_provider, 2025), (other_lead_provider, 2024)):
        StatementFactory(lead_provider=provider, cohort=cohort(year))
        uplifted = declare(provider, ect(provider, year=year), declaration_date=f"{year}-10-01T10:00:00Z")
        Declaration.objects.filter(pk=uplifted.pk).update(sparsity_uplift=True)
    # A participant who becomes fundable: their waiting claims become eligible, one UPDATE each.
    waiting = ect(lead_provider, fundable=False)
    declare(lead_provider, waiting)
    declare(lead_provider, waiting, "retained-1", "2025-02-01T10:00:00Z", evidence_held="other")
    assert_counts_agree()
    make_fundable(waiting.teacher, "ect")
    assert set(Declaration.objects.filter(teacher=waiting.teacher).values_list("payment_state", flat=True)) == {
        PaymentState.ELIGIBLE
    }
    assert_counts_agree()
    # The same milestone claimed under two records of one person: the merge makes one an ineligible duplicate.
    keep, retire = ect(lead_provider), ect(lead_provider)
    declare(lead_provider, keep)
    declare(lead_provider, retire)
    mark_merged(retire.teacher, into=keep.teacher)
    assert declarations_follow_merge(keep=keep.teacher, retire=retire.teacher) == 1
    assert_counts_agree()
    # An insert that the live-claim index refuses (ON CONFLICT DO NOTHING, as two identical POSTs at once) counts
    # nothing.
    before = kept()
    clash = Declaration.objects.filter(teacher=keep.teacher, payment_state=PaymentState.ELIGIBLE).get()
    clash.pk, clash.api_id = None, uuid.uuid4()
    declarations = Declaration.objects.count()
    Declaration.objects.bulk_create([clash], ignore_conflicts=True)
    assert Declaration.objects.count() == declarations
    assert kept() == before
    assert {key[0] for key in kept()} == {lead_provider.pk, other_lead_provider.pk}
    assert len({key[1] for key in kept()}) == 2
    assert any(key[-1] for key in kept())  # the sparsity uplift is a fact of its own group


def test_a_truncate_of_the_declarations_empties_the_counts(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    assert kept()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks left pending on the rows about to go
        cursor.execute("TRUNCATE declarations_declaration CASCADE")
    assert not ClaimGroupCount.objects.exists()


def test_the_counting_trigger_counts_by_the_facts_the_model_names():
    """The trigger's SQL names its facts itself (migrations cannot import the model): they are `CLAIM_GROUP_FACTS`,
    in order, the model's columns, and its shards are `ClaimGroupCount.SHARDS`."""
    columns = [field.column for field in ClaimGroupCount._meta.concrete_fields]
    assert columns == ["id", *CLAIM_GROUP_FACTS, "shard", "count"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('declarations_count_claim_groups'::regproc)")
        (definition,) = cursor.fetchone()
    facts = ", ".join(CLAIM_GROUP_FACTS)
    assert definition.count(f"SELECT {facts}, id % {ClaimGroupCount.SHARDS} AS shard") == 4
    assert definition.count(f"GROUP BY {facts}, shard") == 3
    assert "SECURITY DEFINER" in definition


def test_the_payment_run_refuses_to_pay_counts_that_no_longer_match_the_declarations(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    declare(lead_provider, ect(lead_provider))
    close(statement)
    assert not kept_counts_disagree(statement)
    repair_by_the_owner("UPDATE declarations_claimgroupcount SET count = count + 1 WHERE count > 0")
    assert kept_counts_disagree(statement)
    with pytest.raises(DomainValidationError) as refused:
        payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
    assert refused.value.errors == [("state", statement_rules.COUNTS_DISAGREE)]
    assert not Declaration.objects.filter(payment_state=PaymentState.PAID).exists()


def test_the_owner_can_count_every_declaration_again_after_a_repair_lost_the_counts(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    for _ in range(3):
        declare(lead_provider, ect(lead_provider))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE declarations_claimgroupcount")  # an owner's repair, outside any trigger
        assert not kept()
        cursor.execute("SELECT declarations_recount_claim_groups()")
        assert cursor.fetchone()[0] == ClaimGroupCount.objects.count()
    assert_counts_agree()
    assert sum(kept().values()) == 3
    # The guard is back on.
    assert "cannot be written" in refusal(lambda: ClaimGroupCount.objects.update(count=0))


@app_role
def test_the_app_role_cannot_recount_or_create_anything(lead_provider):
    as_app_role()

    assert "permission denied for function declarations_recount_claim_groups" in refusal(
        lambda: sql("SELECT declarations_recount_claim_groups()")
    )
    assert "permission denied for schema public" in refusal(lambda: sql("CREATE TABLE mine (id int)"))


def test_the_daily_check_tells_each_statement_whose_kept_counts_disagree(lead_provider, other_lead_provider, caplog):
    fine = StatementFactory(lead_provider=other_lead_provider)
    declare(other_lead_provider, ect(other_lead_provider))
    statement = StatementFactory(lead_provider=lead_provider)
    declare(lead_provider, ect(lead_provider))
    declare(lead_provider, ect(lead_provider))
    assert claim_groups_apart() == []
    assert check_claim_counts() == []
    repair_by_the_owner(
        "UPDATE declarations_claimgroupcount SET count = count + 1 WHERE count > 0 AND lead_provider_id = %s",
        [lead_provider.pk],
    )
    apart = claim_groups_apart()
    # One group (two claims, on two of its rows, each counted once too many): its shards are added up.
    assert [(g["statement_id"], g["kept"], g["counted"]) for g in apart] == [(statement.pk, 4, 2)]
    with caplog.at_level("ERROR", logger="statements.tasks"):
        assert check_claim_counts() == [statement]
    assert "claim group counts disagree with the declarations" in caplog.text
    [event] = Event.objects.filter(event_type=COUNTS_DISAGREE_EVENT)
    assert (event.subject_id, event.source) == (statement.pk, EventSource.JOB)
    assert event.heading == "The declaration counts kept for this statement do not match its declarations"
    assert "started ecf-induction eligible on statement" in event.metadata["groups"]
    assert not Event.objects.filter(event_type=COUNTS_DISAGREE_EVENT, subject_id=fine.pk).exists()
