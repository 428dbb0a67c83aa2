"""The one table `make bench` ends with: every benchmark's figures from its last run (bench/common.record_result).

Run: .venv/bin/python bench/summary.py
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("BENCH_RESULTS") or ROOT / ".bench-results")


def load(name: str) -> dict | None:
    path = FOLDER / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def rows() -> list[tuple[str, str, str]]:
    out = []
    post = load("declarations_post")
    if post:
        ok = (
            post["throughput_ratio"] >= 0.7 and post["p95_ratio"] <= 2 and not post["errors"] and not post["duplicates"]
        )
        out += [
            (
                "POST declarations / GET statement",
                f"throughput {post['throughput_ratio']:.2f}×, p95 {post['p95_ratio']:.2f}×",
                f"aim ≥ 0.7× and ≤ 2×: {'met' if ok else 'NOT met'}",
            ),
            (
                "  GET /statements/{id}",
                f"{post['read_per_s']:.0f}/s",
                f"p50 {post['read_p50_ms']:.0f} / p95 {post['read_p95_ms']:.0f} / p99 {post['read_p99_ms']:.0f} ms",
            ),
            (
                "  POST /participant-declarations",
                f"{post['post_per_s']:.0f}/s",
                f"p50 {post['post_p50_ms']:.0f} / p95 {post['post_p95_ms']:.0f} / p99 {post['post_p99_ms']:.0f} ms",
            ),
            ("  errors, duplicate rows", f"{post['errors']}, {post['duplicates']}", "aim 0, 0"),
            (
                "  queries: new / replay / 422",
                f"{post['queries_new']} / {post['queries_replay']} / {post['queries_422']}",
                "aim ≤ 8 / ≤ 4 / ≤ 6 (pinned in tests/declarations/test_create_cost.py)",
            ),
            ("  ms per new POST in process", f"{post['ms_per_post']:.1f}", "Django test client, no HTTP"),
        ]
    sync = load("full_sync")
    if sync:
        out.append(
            (
                "full sync (HTTP / same pages' SQL)",
                f"{sync['http_seconds']:.1f} s / {sync['sql_seconds']:.1f} s = {sync['ratio']:.2f}×",
                f"{sync['participants']} participants + {sync['declarations']} declarations, {sync['pages']} pages",
            )
        )
    for name, label in (
        ("participants_page", "GET participants 3000/page / SQL"),
        ("declarations_list", "GET declarations 3000/page / SQL"),
    ):
        figures = load(name)
        if figures:
            out.append(
                (
                    label,
                    f"{figures['ratio']:.2f}×",
                    f"{figures['api_ms']:.0f} ms / {figures['sql_ms']:.0f} ms (aim ≤ 3×)",
                )
            )
    page = load("statement_page")
    if page:
        out.append(
            (
                "statement page / GROUP BY",
                f"{page['ratio']:.2f}×",
                f"{page['page_ms']:.0f} ms, {page['page_queries']} queries (aim < 500 ms)",
            )
        )
    timing = load("sign_in_timing")
    if timing:
        out.append(
            (
                "school sign-in: known / unknown address",
                f"{timing['largest_difference_ms']:.1f} ms",
                f"largest difference of step medians, {timing['rounds']} rounds (aim: within noise, about 1 ms)",
            )
        )
    return out


def main() -> int:
    table = rows()
    if not table:
        print(f"no benchmark results under {FOLDER}")
        return 1
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    titles = ("benchmark", "figure", "detail")
    print("\n" + "  ".join(title.ljust(width) for title, width in zip(titles, widths, strict=True)))
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
