"""The database keeps the money invariants on its own (docs/security.md §2): every forbidden change is tried through
the ORM and through raw SQL, and PostgreSQL refuses it. The request-serving role cannot switch the guards off."""

import datetime as dt
import json

import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction

from declarations.models import Declaration, PaymentState
from declarations.services import payments as payment_run
from partnerships.models import Cohort
from statements.models import Statement
from tests.declarations.factories import StatementFactory, close, declare, ect
from tests.factories import LeadProviderFactory, TeacherFactory, cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(lead_provider):
    """A paid declaration on a paid statement."""
    statement = StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    close(statement)  # the cut-off has passed and the statement is payable
    payment_run.statement_authorise_payment(statement=statement, author_name="finance")
    declaration.refresh_from_db()
    assert declaration.payment_state == PaymentState.PAID
    return declaration


def refusal(change) -> str:
    """PostgreSQL's message when it refuses the change; empty when the change went through."""
    try:
        with transaction.atomic():
            change()
    except (IntegrityError, DatabaseError) as error:
        return str(error)
    return ""


def refused(change) -> bool:
    """Refused by one of the money guards (not, say, for want of a privilege)."""
    message = refusal(change)
    return bool(message) and "permission denied" not in message


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def paid_fact_changes(declaration: Declaration, lead_provider) -> dict:
    other_provider = LeadProviderFactory()
    return {
        "lead_provider_id": other_provider.pk,
        "teacher_id": TeacherFactory().pk,
        "course_identifier": "ecf-mentor",
        "declaration_type": "retained-1",
        "declaration_date": declaration.declaration_date - dt.timedelta(days=1),
        "cohort_id": cohort(2025).pk,
        "pupil_premium_uplift": not declaration.pupil_premium_uplift,
        "sparsity_uplift": not declaration.sparsity_uplift,
        "statement_id": StatementFactory(lead_provider=lead_provider).pk,
        "payment_state": PaymentState.PAYABLE,
    }


def test_every_billable_fact_of_a_paid_declaration_is_refused_through_the_orm(paid, lead_provider):
    for field, value in paid_fact_changes(paid, lead_provider).items():
        assert refused(lambda f=field, v=value: Declaration.objects.filter(pk=paid.pk).update(**{f: v})), field
    assert refused(lambda: Declaration.objects.filter(pk=paid.pk).delete())


def test_every_billable_fact_of_a_paid_declaration_is_refused_through_sql(paid, lead_provider):
    for field, value in paid_fact_changes(paid, lead_provider).items():
        query = f"UPDATE declarations_declaration SET {field} = %s WHERE id = %s"
        assert refused(lambda q=query, v=value: sql(q, [v, paid.pk])), field
    assert refused(lambda: sql("DELETE FROM declarations_declaration WHERE id = %s", [paid.pk]))


def test_a_paid_declaration_follows_its_teacher_into_a_merge(paid):
    from participants.services import teacher_merge

    keep = TeacherFactory()
    teacher_merge(keep=keep, retire=paid.teacher, author_name="support")
    assert Declaration.objects.get(pk=paid.pk).teacher == keep


def test_a_claim_sits_only_on_an_output_statement_of_its_own_provider_and_cohort(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    assert declaration.payment_state == PaymentState.ELIGIBLE
    others = {
        "another provider's": StatementFactory(lead_provider=LeadProviderFactory()),
        "another cohort's": StatementFactory(lead_provider=lead_provider, cohort=cohort(2025)),
        "a service-fee": StatementFactory(lead_provider=lead_provider, output_fee=False),
    }
    for name, statement in others.items():
        assert refused(lambda s=statement: Declaration.objects.filter(pk=declaration.pk).update(statement=s)), name
        query = "UPDATE declarations_declaration SET statement_id = %s WHERE id = %s"
        assert refused(lambda s=statement, q=query: sql(q, [s.pk, declaration.pk])), name
    # Moving the claim's provider or cohort away from its statement is the same change.
    assert refused(lambda: Declaration.objects.filter(pk=declaration.pk).update(lead_provider=LeadProviderFactory()))
    assert refused(lambda: Declaration.objects.filter(pk=declaration.pk).update(cohort=cohort(2025)))
    own = StatementFactory(lead_provider=lead_provider)
    Declaration.objects.filter(pk=declaration.pk).update(statement=own)


def test_a_statement_with_claims_keeps_its_provider_cohort_and_kind(lead_provider):
    StatementFactory(lead_provider=lead_provider)
    declaration = declare(lead_provider, ect(lead_provider))
    statement = declaration.statement
    assert refused(lambda: Statement.objects.filter(pk=statement.pk).update(lead_provider=LeadProviderFactory()))
    assert refused(lambda: Statement.objects.filter(pk=statement.pk).update(cohort=cohort(2025)))
    assert refused(lambda: sql("UPDATE statements_statement SET output_fee = false WHERE id = %s", [statement.pk]))


def test_a_clawback_lands_only_on_its_own_providers_statement(paid, lead_provider):
    foreign = StatementFactory(lead_provider=LeadProviderFactory())
    assert refused(
        lambda: Declaration.objects.filter(pk=paid.pk).update(
            clawback_state="awaiting_clawback", clawback_statement=foreign
        )
    )


app_role = pytest.mark.skipif(not settings.DATABASE_APP_ROLE, reason="DATABASE_APP_ROLE is not configured")


def as_app_role() -> None:
    sql(f"SET LOCAL ROLE {connection.ops.quote_name(settings.DATABASE_APP_ROLE)}")


@app_role
def test_the_connection_is_not_a_superuser_and_the_app_role_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
        cursor.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = %s", [settings.DATABASE_APP_ROLE]
        )
        assert cursor.fetchone() == (False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [settings.DATABASE_APP_ROLE],
        )
        assert cursor.fetchone() == (0,)


@app_role
def test_the_app_role_cannot_switch_the_guards_off(paid, lead_provider):
    as_app_role()
    assert "permission denied" in refusal(lambda: sql("SET LOCAL session_replication_role = replica"))
    assert "must be owner" in refusal(lambda: sql("ALTER TABLE declarations_declaration DISABLE TRIGGER ALL"))
    assert "must be owner" in refusal(
        lambda: sql("DROP TRIGGER declaration_paid_facts_frozen ON declarations_declaration")
    )
    # The sandbox's history loading switch means nothing to it.
    sql("SET LOCAL declarations.loading_history = 'on'")
    copy = {
        field.column: getattr(paid, field.attname)
        for field in Declaration._meta.concrete_fields
        if field.column not in {"id", "api_id"}
    }
    columns = ", ".join(copy)
    placeholders = ", ".join(["%s"] * len(copy))
    values = [json.dumps(v) if isinstance(v, dict) else v for v in copy.values()]
    values[list(copy).index("declaration_type")] = "retained-2"
    insert = f"INSERT INTO declarations_declaration (api_id, {columns}) VALUES (gen_random_uuid(), {placeholders})"
    assert "cannot add declaration" in refusal(lambda: sql(insert, values))
    assert refused(
        lambda: sql(
            "UPDATE declarations_declaration SET sparsity_uplift = NOT sparsity_uplift WHERE id = %s", [paid.pk]
        )
    )


@app_role
def test_the_app_role_serves_the_money_path(lp_client, lead_provider):
    StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    as_app_role()
    response = lp_client.post(
        "/api/v3/participant-declarations",
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": str(period.teacher.api_id),
                    "declaration_type": "started",
                    "declaration_date": "2024-10-01T10:00:00Z",
                    "course_identifier": "ecf-induction",
                },
            }
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert Cohort.objects.exists()


MARK_MERGED = "UPDATE participants_teacher SET merged_into_id = %s WHERE id = %s"
MOVE_CLAIM = "UPDATE declarations_declaration SET teacher_id = %s WHERE id = %s"


@app_role
def test_a_fake_merge_cannot_move_a_paid_claim(paid):
    """The three statements of a fake merge, as the app role: mark the claim's teacher merged into another record
    with no record of a merge, move the paid claim across, unmark the teacher. Each is refused; the merge service
    (as the app role, as in the admin) still moves the claim, and that merge can never be undone
    (docs/security.md §2)."""
    own, other = paid.teacher, TeacherFactory()
    as_app_role()
    assert refused(lambda: sql(MARK_MERGED, [other.pk, own.pk]))
    assert refused(lambda: sql(MOVE_CLAIM, [other.pk, paid.pk]))
    assert Declaration.objects.get(pk=paid.pk).teacher_id == own.pk

    from participants.services import teacher_merge

    teacher_merge(keep=other, retire=own, author_name="support")
    assert Declaration.objects.get(pk=paid.pk).teacher_id == other.pk
    assert refused(lambda: sql(MARK_MERGED, [None, own.pk]))
    assert refused(lambda: sql(MARK_MERGED, [TeacherFactory().pk, own.pk]))
    assert refused(lambda: sql("DELETE FROM participants_teacher WHERE id = %s", [own.pk]))
    assert refused(lambda: sql(MOVE_CLAIM, [own.pk, paid.pk]))
    assert Declaration.objects.get(pk=paid.pk).teacher_id == other.pk


def test_a_teacher_is_marked_merged_only_with_a_record_of_the_merge(paid):
    """Even for the owner role: no participant id change from the retired id to the kept one, no merge."""
    from participants.models import ParticipantIdChange, Teacher

    own, other = paid.teacher, TeacherFactory()
    assert refused(lambda: Teacher.objects.filter(pk=own.pk).update(merged_into=other))
    assert refused(lambda: TeacherFactory(merged_into=other))
    # A record of another merge is not a record of this one.
    ParticipantIdChange.objects.create(teacher=other, from_participant_id=other.api_id, to_participant_id=own.api_id)
    assert refused(lambda: Teacher.objects.filter(pk=own.pk).update(merged_into=other))
    ParticipantIdChange.objects.create(teacher=other, from_participant_id=own.api_id, to_participant_id=other.api_id)
    Teacher.objects.filter(pk=own.pk).update(merged_into=other)
    Declaration.objects.filter(pk=paid.pk).update(teacher=other)


def test_only_the_owner_role_may_undo_a_merge(paid):
    """A data repair (a migration, run as the owner) may undo a merge; the app role never can (above)."""
    from participants.models import Teacher
    from participants.services import teacher_merge

    other = TeacherFactory()
    teacher_merge(keep=other, retire=paid.teacher, author_name="support")
    Teacher.objects.filter(pk=paid.teacher_id).update(merged_into=None)
    assert Teacher.objects.get(pk=paid.teacher_id).merged_into_id is None


def test_a_statement_s_dates_are_fixed_once_it_is_payable_or_its_payment_date_once_it_carries_claims(lead_provider):
    """docs/security.md §2: the calendar's dates of a payable statement never change, and the payment date of one
    that carries claims never changes (it orders the statements whose bands they share); an open statement's
    cut-off may move (the daily job then closes it)."""
    claimed = StatementFactory(lead_provider=lead_provider)
    assert declare(lead_provider, ect(lead_provider)).statement == claimed
    later = claimed.payment_date + dt.timedelta(days=1)
    move = "UPDATE statements_statement SET payment_date = payment_date + 1 WHERE id = %s"
    assert refused(lambda: sql(move, [claimed.pk]))
    assert refused(lambda: Statement.objects.filter(pk=claimed.pk).update(payment_date=later))
    Statement.objects.filter(pk=claimed.pk).update(cut_off_date=claimed.cut_off_date - dt.timedelta(days=1))

    empty = StatementFactory(lead_provider=lead_provider)
    Statement.objects.filter(pk=empty.pk).update(payment_date=later, cut_off_date=empty.cut_off_date + dt.timedelta(1))

    payable = StatementFactory(lead_provider=lead_provider, payable=True)
    for field in ("cut_off_date", "payment_date"):
        query = f"UPDATE statements_statement SET {field} = {field} - 1 WHERE id = %s"
        assert refused(lambda q=query: sql(q, [payable.pk])), field
    assert refused(lambda: Statement.objects.filter(pk=payable.pk).update(year=payable.year + 1))
    assert refused(lambda: Statement.objects.filter(pk=payable.pk).update(month=payable.month % 12 + 1))


@app_role
def test_the_app_role_cannot_move_a_payable_statement_s_dates(lead_provider):
    payable = StatementFactory(lead_provider=lead_provider, payable=True)
    as_app_role()
    assert refused(
        lambda: sql("UPDATE statements_statement SET cut_off_date = cut_off_date + 1 WHERE id = %s", [payable.pk])
    )
    assert refused(
        lambda: sql("UPDATE statements_statement SET payment_date = payment_date + 1 WHERE id = %s", [payable.pk])
    )


def test_every_trigger_function_of_ours_reads_its_tables_through_a_fixed_search_path():
    """A function that names a table unqualified finds whatever comes first on the caller's search path; ours all
    search `public` and then temporary tables (declarations migration 0010), so nothing a session makes can stand in
    for the tables their rules read. Procrastinate's own functions are the job queue's business."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
               AND p.proname NOT LIKE 'procrastinate%%'
            """
        )
        functions = dict(cursor.fetchall())
    assert len(functions) == 22
    assert {name: config for name, config in functions.items() if config != ["search_path=public, pg_temp"]} == {}


@app_role
def test_the_app_role_cannot_make_temporary_tables():
    as_app_role()
    assert "permission denied to create temporary tables" in refusal(
        lambda: sql("CREATE TEMP TABLE statements_statement (LIKE public.statements_statement)")
    )
