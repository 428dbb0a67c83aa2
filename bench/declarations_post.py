"""POST /api/v3/participant-declarations throughput with concurrent clients against the production server
set-up (gunicorn, production settings, pinned to 2 CPUs); aim ≥ 200 declarations per second with no errors.

Run: .venv/bin/python bench/declarations_post.py   (database `ecf_bench_money`; fresh participants each run)
"""

import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import api_tokens, bulk_ects, http, open_statement, production_server, setup_django  # noqa: E402

REQUESTS = 4000
CLIENTS = 16
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PER_TOKEN = 900  # below the 1000 requests / 5 minutes rate limit


def main():
    setup_django("ecf_bench_money")
    from django.db import connection

    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name="Bench Post Provider")
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    open_statement(lead_provider=lead_provider, year=2025)
    periods = bulk_ects(lead_provider=lead_provider, year=2025, count=REQUESTS)
    participant_ids = [str(period.teacher.api_id) for period in periods]
    tokens = api_tokens(lead_provider, REQUESTS // PER_TOKEN + 1)
    connection.close()

    statuses: Counter = Counter()
    lock = threading.Lock()
    cursor = iter(range(REQUESTS))

    def client(base):
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            body = {
                "data": {
                    "type": "participant-declaration",
                    "attributes": {
                        "participant_id": participant_ids[index],
                        "declaration_type": "started",
                        "declaration_date": "2025-10-01T10:00:00Z",
                        "course_identifier": "ecf-induction",
                    },
                }
            }
            status, _ = http("POST", f"{base}/api/v3/participant-declarations", tokens[index // PER_TOKEN], body)
            with lock:
                statuses[status] += 1

    with production_server(workers=WORKERS, threads=1) as base:
        threads = [threading.Thread(target=client, args=(base,)) for _ in range(CLIENTS)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    print(f"{REQUESTS} POSTs, {CLIENTS} concurrent clients, gunicorn {WORKERS} sync workers on 2 CPUs")
    print(f"statuses: {dict(statuses)}")
    print(f"elapsed {elapsed:.1f} s -> {statuses[200] / elapsed:.0f} declarations/s, errors {REQUESTS - statuses[200]}")


if __name__ == "__main__":
    main()
