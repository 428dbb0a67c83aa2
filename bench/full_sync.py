"""A large lead provider's full sync at two sizes: every page of `GET /api/v3/participants` and
`GET /api/v3/participant-declarations` at 3000 a page, one request after another, over HTTP to the production server
(gunicorn with config/gunicorn.conf.py and production settings).

Sizes: 1x (50,000 participants, 200,000 declarations) and 4x (200,000 and 800,000) of one provider, beside a neighbour a
tenth its size (bench/sync_data.py; each size in a database of its own, generated once with set-based SQL).

For each size and list: the first, middle and last page of the sync, the slowest page over page 1, the sync's total
against the linear ideal (pages x page 1), the same syncs with `filter[cohort]`, a late page asked for out of turn
(counted from the start, docs/lead-provider-api.md "What a page costs"), page 1 over HTTP against the SQL that builds
it, and the indexes the page queries use (EXPLAIN). Then the growth from 1x to 4x, and the Register trainee list at
100,000 trainees of one provider.

Run: .venv/bin/python bench/full_sync.py   (or `--scale 1`, `--scale 4`, `--register` for one part)
"""

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PYTHON, api_tokens, http, production_server, record_result, setup_django  # noqa: E402

PER_PAGE = 3000
LISTS = ("participants", "participant-declarations")
SINCE = "2015-01-01T00:00:00Z"
RUNS = 2  # each sync twice: a page's time is its best of the two, the total the better run's
# The targets, on this 2-core machine.
SLOWEST_OVER_FIRST = 1.3
TOTAL_OVER_IDEAL = 1.3
GROWTH = 4.5
FULL_SYNC_1X_SECONDS = 20


def url(kind: str, page: int, params: dict) -> str:
    return f"/api/v3/{kind}?" + urlencode({"page[per_page]": PER_PAGE, "page[page]": page, **params})


def sync(base: str, token: str, kind: str, params: dict) -> tuple[list[float], int]:
    """Reads the list page after page until one comes back short; the time of each request."""
    times, rows, page = [], 0, 1
    while True:
        started = time.perf_counter()
        status, content = http("GET", base + url(kind, page, params), token)
        times.append(time.perf_counter() - started)
        assert status == 200, content[:300]
        count = len(json.loads(content)["data"])
        rows += count
        if count < PER_PAGE:
            return times, rows
        page += 1


def best_sync(base: str, token: str, kind: str, params: dict) -> dict:
    runs = [sync(base, token, kind, params) for _ in range(RUNS)]
    pages = [min(run[0][i] for run in runs) for i in range(len(runs[0][0]))]
    total = min(sum(run[0]) for run in runs)
    middle = len(pages) // 2
    return {
        "pages": len(pages),
        "rows": runs[0][1],
        "first": pages[0],
        "middle": pages[middle],
        "last": pages[-1],
        "slowest": max(pages),
        "slowest_page": pages.index(max(pages)) + 1,
        "total": total,
        "ideal": len(pages) * pages[0],
    }


def page_sql(token: str, kind: str, page: int, params: dict) -> str:
    """The SQL of a page's document query (the largest the request sends), from the API in process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(kind, page, params))
    assert response.status_code == 200, response.content[:300]
    return max((q["sql"] for q in queries.captured_queries), key=len)


def sql_seconds(sql: str) -> float:
    from django.db import connection

    best = 1e9
    with connection.cursor() as cursor:
        for _ in range(3):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            best = min(best, time.perf_counter() - started)
    return best


def key_indexes(sql: str) -> list[str]:
    """The indexes the page query's key selection reads (EXPLAIN of the query as the API sends it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found = []

    def walk(node, inside):
        inside = inside or node.get("Subplan Name") == "CTE _key"
        if inside and node.get("Index Name") and node.get("Relation Name", "").startswith(("participants_", "decl")):
            found.append(f"{node['Index Name']}" + (" (seek)" if "ROW(" in node.get("Index Cond", "") else ""))
        for child in node.get("Plans", []):
            walk(child, inside)

    walk(plan[0]["Plan"], False)
    return sorted(set(found))


def run_size(scale: int) -> None:
    setup_django(f"ecf_bench_sync_{scale}x")
    from bench import sync_data
    from partnerships.models import LeadProvider

    sync_data.ensure(scale)
    lead_provider = LeadProvider.objects.get(name=sync_data.MAIN_PROVIDER)
    sync_token, cold_token, sql_token = api_tokens(lead_provider, 3)
    main = {"filter[updated_since]": SINCE}
    by_cohort = {"filter[cohort]": "2025"}
    figures: dict = {"scale": scale}

    # What the page queries cost in PostgreSQL alone, and which indexes they read: page 1, and the page after it.
    for kind in LISTS:
        first_sql = page_sql(sql_token, kind, 1, main)
        following_sql = page_sql(sql_token, kind, 2, main)
        figures[f"{kind}_sql_page_1"] = sql_seconds(first_sql)
        figures[f"{kind}_indexes"] = sorted(set(key_indexes(first_sql) + key_indexes(following_sql)))
    from django.db import connection

    connection.close()

    with production_server(workers=2, threads=4, env={"API_RATE_LIMIT": "100000000"}) as base:
        http("GET", base + url(LISTS[0], 1, main), sync_token)  # warm-up
        for kind in LISTS:
            figures[kind] = best_sync(base, sync_token, kind, main)
            figures[f"{kind}_cohort"] = best_sync(base, sync_token, kind, by_cohort)
            last = figures[kind]["pages"] - 1  # the last full page
            started = time.perf_counter()
            status, _ = http("GET", base + url(kind, last, main), cold_token)
            assert status == 200
            figures[f"{kind}_out_of_turn"] = {"page": last, "seconds": time.perf_counter() - started}

    print(f"\n== {scale}x: one provider, pages of {PER_PAGE}, HTTP one request after another (best of {RUNS}) ==")
    for kind in LISTS:
        for label, key in (("filter[updated_since]", kind), ("filter[cohort]=2025", f"{kind}_cohort")):
            f = figures[key]
            print(
                f"{kind:24} {label:21} {f['pages']:3} pages {f['rows']:6} rows: first {f['first'] * 1000:4.0f} ms, "
                f"middle {f['middle'] * 1000:4.0f}, last {f['last'] * 1000:4.0f}, slowest/first "
                f"{f['slowest'] / f['first']:.2f} (page {f['slowest_page']}), total {f['total']:.1f} s = "
                f"{f['total'] / f['ideal']:.2f}x the linear ideal ({f['ideal']:.1f} s)"
            )
        cold = figures[f"{kind}_out_of_turn"]
        print(
            f"{kind:24} page {cold['page']} out of turn (counted from the start): {cold['seconds'] * 1000:.0f} ms = "
            f"{cold['seconds'] / figures[kind]['first']:.1f}x page 1"
        )
        print(
            f"{kind:24} page 1: HTTP {figures[kind]['first'] * 1000:.0f} ms / its SQL "
            f"{figures[f'{kind}_sql_page_1'] * 1000:.0f} ms = "
            f"{figures[kind]['first'] / figures[f'{kind}_sql_page_1']:.2f}x; key indexes: "
            + ", ".join(figures[f"{kind}_indexes"])
        )
    total = sum(figures[kind]["total"] for kind in LISTS)
    print(f"full sync over HTTP: {total:.1f} s")
    figures["total"] = total
    record_result(f"full_sync_{scale}x", figures)


# -- Register: the trainee list of one provider with 100,000 trainees ------------------------------------------------

TRAINEES = 100_000


def run_register() -> None:
    setup_django("ecf_bench_register")
    from django.db import connection

    from register.models import Trainee, TrainingProvider
    from register.services import api_token_create

    provider, _ = TrainingProvider.objects.get_or_create(ukprn="10099999", defaults={"name": "Bench SCITT"})
    if not Trainee.objects.filter(training_provider=provider).exists():
        print(f"generating {TRAINEES} trainees (once)...", flush=True)
        from bench.register_data import generate

        generate(provider, TRAINEES)
    (_, token), (_, cold) = (api_token_create(training_provider=provider) for _ in range(2))
    connection.close()

    def get(base, token, page):
        started = time.perf_counter()
        status, content = http("GET", f"{base}/api/v1.0-pre/trainees?page={page}&per_page=100", token)
        assert status == 200, content[:300]
        body = json.loads(content)
        return time.perf_counter() - started, body["meta"]["total_pages"]

    with production_server(workers=2, threads=4, env={"API_RATE_LIMIT": "100000000"}) as base:
        get(base, token, 1)  # warm-up
        first, pages = min(get(base, token, 1) for _ in range(3))
        middle = pages // 2
        # The page before is read out of turn, then the page itself follows it (as a sync reaching it would).
        get(base, token, middle - 1)
        after_middle = get(base, token, middle)[0]
        get(base, token, pages - 1)
        after_last = get(base, token, pages)[0]
        out_of_turn = get(base, cold, pages)[0]
    print(
        f"\n== Register trainee list: {TRAINEES} trainees of one provider, 100 a page ({pages} pages), totals "
        "counted ==\n"
        f"page 1 {first * 1000:.0f} ms, page {middle} {after_middle * 1000:.0f} ms, page {pages} "
        f"{after_last * 1000:.0f} ms: slowest/first {max(after_middle, after_last) / first:.2f}; page {pages} out of "
        f"turn {out_of_turn * 1000:.0f} ms"
    )
    record_result(
        "register_list",
        {
            "trainees": TRAINEES,
            "pages": pages,
            "first": first,
            "middle": after_middle,
            "last": after_last,
            "out_of_turn": out_of_turn,
        },
    )


def main() -> None:
    if "--scale" in sys.argv:
        run_size(int(sys.argv[sys.argv.index("--scale") + 1]))
        return
    if "--register" in sys.argv:
        run_register()
        return
    for part in (["--scale", "1"], ["--scale", "4"], ["--register"]):
        subprocess.run([PYTHON, __file__, *part], check=True)
    from bench.summary import load

    one, four = load("full_sync_1x"), load("full_sync_4x")
    growth = four["total"] / one["total"]
    worst = max(
        figures[key]["slowest"] / figures[key]["first"]
        for figures in (one, four)
        for key in (*LISTS, *(f"{kind}_cohort" for kind in LISTS))
    )
    over_ideal = max(figures[kind]["total"] / figures[kind]["ideal"] for figures in (one, four) for kind in LISTS)
    print(
        f"\ngrowth of the full sync from 1x to 4x: {four['total']:.1f} s / {one['total']:.1f} s = {growth:.2f} "
        f"(linear 4, quadratic 16; aim <= {GROWTH})\n"
        f"slowest page / page 1, worst of every sync: {worst:.2f} (aim <= {SLOWEST_OVER_FIRST}); total / linear ideal, "
        f"worst: {over_ideal:.2f} (aim <= {TOTAL_OVER_IDEAL}); 1x full sync {one['total']:.1f} s (aim <= "
        f"{FULL_SYNC_1X_SECONDS} s)"
    )
    record_result(
        "full_sync",
        {
            "growth": growth,
            "worst_slowest_over_first": worst,
            "worst_total_over_ideal": over_ideal,
            "seconds_1x": one["total"],
            "seconds_4x": four["total"],
            "measured_on": dt.date.today().isoformat(),
        },
    )


if __name__ == "__main__":
    main()
