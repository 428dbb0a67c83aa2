"""Lists whose later pages cost what page 1 costs (docs/lead-provider-api.md, "What a page costs"): a client's next
page starts where its previous one ended; a page out of turn is counted from the start and answers the same."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from config.models import ApiPageBookmark
from declarations.models import Declaration
from participants.models import Teacher
from register.services import api_token_create as register_token_create
from tests.declarations.factories import StatementFactory
from tests.factories import (
    DeliveryPartnerFactory,
    SchoolFactory,
    bulk_ects,
    cohort,
    ect_training,
    mark_merged,
    partnership,
)
from tests.register.factories import TraineeFactory, TrainingProviderFactory

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/api/v3/participants"
DECLARATIONS = "/api/v3/participant-declarations"


@pytest.fixture
def trained(lead_provider, pinned_now):
    """Twelve ECTs the provider trains, one school, oldest first."""
    school = SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    return [ect_training(school, year=2025, partnership=mine).teacher for _ in range(12)]


def page(client, url: str, number: int, per_page: int = 3, **params) -> list[str]:
    response = client.get(url, {"page[page]": number, "page[per_page]": per_page, **params})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def read_through(client, url: str, per_page: int = 3, **params) -> list[list[str]]:
    """Page after page until one comes back short, as a full sync does."""
    pages, number = [], 1
    while True:
        pages.append(page(client, url, number, per_page, **params))
        if len(pages[-1]) < per_page:
            return pages
        number += 1


def test_reading_page_after_page_gives_what_counting_gives(lp_client, lead_provider, trained, new_lp_client):
    in_order = [str(t.api_id) for t in trained]
    pages = read_through(lp_client, PARTICIPANTS)
    assert pages == [in_order[0:3], in_order[3:6], in_order[6:9], in_order[9:12], []]
    # Another client, with no bookmark, counts each page from the start, read backwards: the same pages.
    counted = new_lp_client(lead_provider)
    assert [page(counted, PARTICIPANTS, n) for n in (5, 4, 3, 2, 1)] == pages[::-1]
    # Where each full page ended is kept for each client that read it.
    per_client = ApiPageBookmark.objects.values("client").annotate(pages=Count("id"))
    assert sorted(row["pages"] for row in per_client) == [4, 4]


def test_a_row_that_joins_an_earlier_page_is_not_repeated(lp_client, lead_provider, trained, new_lp_client):
    first = page(lp_client, PARTICIPANTS, 1)
    # A teacher registered before most of the others starts training with the provider: page 1 gains a row.
    school = SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    joined = ect_training(school, year=2025, partnership=mine).teacher
    Teacher.objects.filter(pk=joined.pk).update(created_at=trained[1].created_at - dt.timedelta(microseconds=1))

    # Counting from the start, page 2 would begin with the last row of page 1 again.
    assert page(new_lp_client(lead_provider), PARTICIPANTS, 2)[0] == first[-1]
    # The client that read page 1 goes on right after it.
    assert page(lp_client, PARTICIPANTS, 2) == [str(t.api_id) for t in trained[3:6]]


def test_a_row_that_leaves_an_earlier_page_does_not_pull_one_past_it(lp_client, lead_provider, trained, new_lp_client):
    assert page(lp_client, PARTICIPANTS, 1) == [str(t.api_id) for t in trained[0:3]]
    # A participant on page 1 is merged into another record, and leaves the list.
    mark_merged(trained[1], into=trained[11])

    # Counting from the start, page 2 would now begin one row later: trained[3] would never be seen.
    assert page(new_lp_client(lead_provider), PARTICIPANTS, 2)[0] == str(trained[4].api_id)
    assert page(lp_client, PARTICIPANTS, 2) == [str(t.api_id) for t in trained[3:6]]


@pytest.mark.parametrize(
    "second_request",
    [
        pytest.param({"page": 3}, id="a page out of turn"),
        pytest.param({"filter[cohort]": "2025"}, id="another list (other filters)"),
        pytest.param({"per_page": 4}, id="another page size"),
        pytest.param({"later": 3601}, id="an hour later"),
    ],
)
def test_a_page_without_its_predecessor_is_counted_from_the_start(
    lp_client, lead_provider, trained, time_machine, second_request
):
    page(lp_client, PARTICIPANTS, 1)
    mark_merged(trained[1], into=trained[11])
    if "later" in second_request:
        time_machine.shift(dt.timedelta(seconds=second_request["later"]))
    number = second_request.get("page", 2)
    per_page = second_request.get("per_page", 3)
    filters = {k: v for k, v in second_request.items() if k.startswith("filter")}
    remaining = [str(t.api_id) for t in trained if t.pk != trained[1].pk]
    expected = remaining[(number - 1) * per_page : number * per_page]
    assert page(lp_client, PARTICIPANTS, number, per_page, **filters) == expected


def test_a_page_that_continues_costs_two_queries_more(lp_client, trained, api_queries):
    page(lp_client, PARTICIPANTS, 1)  # the window's first request also stamps the token's last use
    # token lookup, rate-limit counter, where page 1 ended, the page, where this page ended
    with api_queries(5):
        assert page(lp_client, PARTICIPANTS, 2) == [str(t.api_id) for t in trained[3:6]]
    # a short page (here the empty one after the last) has no next page to prepare for
    page(lp_client, PARTICIPANTS, 3)
    page(lp_client, PARTICIPANTS, 4)
    with api_queries(4):
        assert page(lp_client, PARTICIPANTS, 5) == []


@pytest.mark.parametrize("sort", ["-updated_at", "updated_at,created_at", "-updated_at,created_at"])
def test_a_sorted_list_continues_in_its_own_order(lp_client, lead_provider, trained, new_lp_client, sort):
    Teacher.objects.filter(pk=trained[5].pk).update(api_updated_at=trained[0].api_updated_at)  # a tie
    counted = new_lp_client(lead_provider)
    pages = read_through(lp_client, PARTICIPANTS, sort=sort)
    assert pages == [page(counted, PARTICIPANTS, n, sort=sort) for n in range(len(pages), 0, -1)][::-1]
    assert sorted(sum(pages, [])) == sorted(str(t.api_id) for t in trained)
    assert ApiPageBookmark.objects.count() == 8  # four full pages, each client


def test_an_unordered_list_is_counted(lp_client, trained):
    read_through(lp_client, PARTICIPANTS, sort="nonsense")
    assert not ApiPageBookmark.objects.exists()


def test_register_trainee_list_continues_with_its_totals(pinned_now):
    provider = TrainingProviderFactory()
    trainees = [TraineeFactory(training_provider=provider) for _ in range(5)]
    _, raw = register_token_create(training_provider=provider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    newest_first = [t.slug for t in sorted(trainees, key=lambda t: (t.updated_at, t.pk), reverse=True)]
    seen = []
    for number in (1, 2, 3):
        body = client.get("/api/v1.0-pre/trainees", {"page": number, "per_page": 2}).json()
        assert body["meta"] == {"current_page": number, "total_pages": 3, "total_count": 5, "per_page": 2}
        seen += [item["trainee_id"] for item in body["data"]]
    assert seen == newest_first
    assert ApiPageBookmark.objects.count() == 2


# -- the cost of a late page -------------------------------------------------------------------------------------


def analyze() -> None:
    """The planner's statistics, as autovacuum keeps them on a live database, of every table: the seeded ones and
    every one a page's key selection reads (whatever earlier tests of the process left in them, e.g. a sandbox since
    flushed, must not decide the plan)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def spread_out(model, ids: list[int]) -> None:
    """Created one a second, in id order, as rows arrive on a live database: rows written in one burst take their
    instants from the clock's jitter, and the planner's estimate of how many rows come after a page's last one
    (from the histogram of `created_at`) would change from run to run, and with it the plan."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} SET created_at = %s - interval '1 day' + (id - %s) * interval '1 second' "
            "WHERE id = ANY(%s)",
            [timezone.now(), min(ids), ids],
        )


@pytest.fixture
def seeded_participants(lead_provider, pinned_now):
    """2,000 ECTs the provider trains: big enough for the page plans to take their real shape (a small table is read
    whole whatever the page)."""
    school = SchoolFactory()
    periods = bulk_ects(partnership(school, lead_provider, DeliveryPartnerFactory(), 2024), 2000, year=2024)
    spread_out(Teacher, [period.teacher_id for period in periods])
    analyze()
    return periods


@pytest.fixture
def seeded_declarations(lead_provider, seeded_participants):
    """Four claims of each of the 2,000 ECTs."""
    statement = StatementFactory(lead_provider=lead_provider, cohort=cohort(2024))
    partner = seeded_participants[0].partnership.delivery_partnership.delivery_partner
    declarations = Declaration.objects.bulk_create(
        Declaration(
            lead_provider=lead_provider,
            teacher=p.teacher,
            training_period=p,
            course_identifier="ecf-induction",
            declaration_type=kind,
            declaration_date=timezone.now(),
            evidence_held="other",
            cohort=statement.cohort,
            delivery_partner=partner,
            payment_state="eligible",
            statement=statement,
        )
        for p in seeded_participants
        for kind in ("started", "retained-1", "retained-2", "retained-3")
    )
    spread_out(Declaration, [declaration.pk for declaration in declarations])
    analyze()


def key_plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def key_rows(sql: str) -> int:
    """The rows the page query read to choose its keys: every row every node under the key selection produced,
    over all its loops."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)

    def walk(node) -> int:
        return node.get("Actual Rows", 0) * node.get("Actual Loops", 1) + sum(walk(c) for c in node.get("Plans", []))

    def find(node):
        if node.get("Subplan Name") == "CTE _key":
            return node
        return next((found for c in node.get("Plans", []) if (found := find(c)) is not None), None)

    return walk(find(plan[0]["Plan"]))


def page_query(client, url: str, number: int, params: dict) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert len(page(client, url, number, 10, **params)) == 10
    return max((q["sql"] for q in queries.captured_queries), key=len)


@pytest.mark.parametrize(
    "url, params, seed",
    [
        (PARTICIPANTS, {}, "seeded_participants"),
        (PARTICIPANTS, {"filter[updated_since]": "2020-01-01T00:00:00Z"}, "seeded_participants"),
        (DECLARATIONS, {"filter[cohort]": "2024"}, "seeded_declarations"),
    ],
)
def test_a_late_page_reads_what_page_1_reads(lp_client, request, url, params, seed):
    request.getfixturevalue(seed)
    last = 200  # of 10 rows: 1,990 rows before it
    first = key_rows(page_query(lp_client, url, 1, params))
    # The page before the last read out of turn: counted from the start, it reads every row before it.
    counted = key_rows(page_query(lp_client, url, last - 1, params))
    assert counted > 1900
    # The last page, read after it, starts where it ended.
    following_sql = page_query(lp_client, url, last, params)
    following = key_rows(following_sql)
    assert following <= first * 1.3, key_plan(following_sql)
