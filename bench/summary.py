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
                "aim ≤ 8 / ≤ 4 / ≤ 6, + 1 request log INSERT each (pinned in tests/declarations/test_create_cost.py)",
            ),
            ("  ms per new POST in process", f"{post['ms_per_post']:.1f}", "Django test client, no HTTP"),
        ]
    hooks = load("webhooks")
    if hooks:
        met = hooks["p95_s"] <= 5 and not hooks["not_received"] and not hooks["received_twice"]
        cheap = hooks["post_cost"] <= 0.10
        out += [
            (
                "Webhooks: commit to delivery",
                f"p50 {hooks['p50_s'] * 1000:.0f} ms, p95 {hooks['p95_s'] * 1000:.0f} ms",
                f"{hooks['events']} events, {hooks['changes']} changes; aim p95 ≤ 5 s: {'met' if met else 'NOT met'}",
            ),
            (
                "  not received, received twice",
                f"{hooks['not_received']}, {hooks['received_twice']}",
                "aim 0, 0 (the receiver always answered 2xx)",
            ),
            (
                "  declaration POST with the outbox",
                f"{hooks['post_per_s_with_outbox']:.0f}/s vs {hooks['post_per_s_without_outbox']:.0f}/s",
                f"cost {hooks['post_cost'] * 100:.1f}%; aim ≤ 10%: {'met' if cheap else 'NOT met'}",
            ),
        ]
    log = load("request_log")
    if log:
        cheap = log["cost"] <= 0.05
        out += [
            (
                "Declaration POST with the API request log",
                f"{log['post_per_s_with_log']:.0f}/s vs {log['post_per_s_without_log']:.0f}/s",
                f"cost {log['cost'] * 100:.1f}%; aim ≤ 5%: {'met' if cheap else 'NOT met'}",
            ),
            (
                "  ms per new POST in process",
                f"{log['ms_with_log']:.2f} vs {log['ms_without_log']:.2f}",
                f"{log['log_statements_per_post']:.0f} log statement per POST",
            ),
        ]
    sync = load("full_sync")
    if sync:
        met = (
            sync["worst_slowest_over_first"] <= 1.3
            and sync["worst_total_over_ideal"] <= 1.3
            and sync["growth"] <= 4.5
            and sync["seconds_1x"] <= 20
        )
        out.append(
            (
                "full sync 1x → 4x (HTTP)",
                f"{sync['seconds_1x']:.1f} s → {sync['seconds_4x']:.1f} s, growth {sync['growth']:.2f}",
                f"slowest page/page 1 ≤ {sync['worst_slowest_over_first']:.2f}, total/linear ideal ≤ "
                f"{sync['worst_total_over_ideal']:.2f} (aim ≤ 1.3, ≤ 1.3, growth ≤ 4.5, 1x ≤ 20 s: "
                f"{'met' if met else 'NOT met'})",
            )
        )
    for scale in (1, 4):
        size = load(f"full_sync_{scale}x")
        if not size:
            continue
        for kind in ("participants", "participant-declarations"):
            f = size[kind]
            cold = size[f"{kind}_out_of_turn"]
            out.append(
                (
                    f"  {scale}x {kind}",
                    f"{f['pages']} pages: "
                    f"{f['first'] * 1000:.0f} / {f['middle'] * 1000:.0f} / {f['last'] * 1000:.0f} ms",
                    f"first/middle/last; slowest/first {f['slowest'] / f['first']:.2f}, total {f['total']:.1f} s = "
                    f"{f['total'] / f['ideal']:.2f}× ideal; page {cold['page']} out of turn "
                    f"{cold['seconds'] / f['first']:.1f}× page 1",
                )
            )
    register = load("register_list")
    if register:
        out.append(
            (
                f"Register list, {register['trainees']} trainees",
                f"{register['first'] * 1000:.0f} / {register['middle'] * 1000:.0f} / {register['last'] * 1000:.0f} ms",
                f"pages 1 / {register['pages'] // 2} / {register['pages']}: slowest/first "
                f"{max(register['middle'], register['last']) / register['first']:.2f} (aim ≤ 1.3); last page out of "
                f"turn {register['out_of_turn'] * 1000:.0f} ms",
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
                f"{page['page_ms']:.0f} ms, {page['page_queries']} queries (aim ≤ 1.5×); keeping the counts adds "
                f"{page['insert_counting_ms']:.2f} ms to an INSERT, {page['update_counting_ms']:.2f} ms to a void",
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
