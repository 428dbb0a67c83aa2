"""The production server configuration in the repository (config/gunicorn.conf.py, docs/security.md §4)."""

import runpy
import uuid
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def test_slow_clients_cannot_hold_every_worker():
    conf = runpy.run_path(str(CONFIG))
    assert conf["worker_class"] == "gthread"
    # Four clients trickling their bodies hold four threads, leaving most of the server free.
    assert conf["workers"] * conf["threads"] >= 4 * 4
    assert conf["timeout"] <= 60


def test_a_request_line_with_3000_uuids_fits():
    conf = runpy.run_path(str(CONFIG))
    line = "GET /api/v3/participants?filter[participant_id]=" + ",".join(str(uuid.uuid4()) for _ in range(3000))
    limit = conf["limit_request_line"]
    assert limit == 0 or len(line) < limit


def test_the_benchmarks_run_the_repository_configuration():
    bench = Path(__file__).resolve().parents[2] / "bench"
    for script in ("common.py", "participants_page.py"):
        assert "config/gunicorn.conf.py" in (bench / script).read_text().replace('" / "', "/")
