"""Queue benchmark (not a test): one work-queue request at a time, in process, on a large
PostgreSQL database (e.g. the one ``bench/web.py`` loads: 100,000 sessions).

Usage:
    .venv/bin/python bench/work_queue.py [--database coolclaim_bench] [--requests 40] [--user bench-billing]
        [--server-url postgresql://postgres@127.0.0.1:5432]

Prints, for ``GET /queue/`` as the given user (Django's test client, all middleware, template
rendering and the audit insert included): requests, median and p95 latency, the number of SQL
queries and their time per request, the slowest query, and the plan of the badge counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="coolclaim_bench")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--user", default="bench-billing")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server_url.rstrip('/')}/{args.database}"
    os.environ.setdefault("COOLCLAIM_HOME", tempfile.mkdtemp(prefix="coolclaim-bench-home-"))
    os.environ.setdefault("COOLCLAIM_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coolclaim.web.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from coolclaim.web.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    url = reverse("queue:index")
    for _ in range(3):
        assert client.get(url).status_code == 200  # warm up: templates, content types, plans
    took: list[float] = []
    queries: list[int] = []
    sql_ms: list[float] = []
    slowest = (0.0, "")
    per_query: dict[int, list[float]] = {}
    labels: dict[int, str] = {}
    for _ in range(args.requests):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            took.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
        queries.append(len(captured.captured_queries))
        times = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        sql_ms.append(sum(t for t, _ in times))
        for index, (ms, sql) in enumerate(times):
            per_query.setdefault(index, []).append(ms)
            labels[index] = " ".join(sql.split())[:90]
        slowest = max(slowest, max(times))
    took.sort()
    print(f"GET {url} x {args.requests} on {args.database} ({connection.vendor})")
    print(
        f"  latency ms: median {statistics.median(took):.1f}, p95 {took[int(0.95 * (len(took) - 1))]:.1f}; "
        f"queries/request {max(queries)}; SQL ms/request median {statistics.median(sql_ms):.1f}"
    )
    print(f"  slowest query {slowest[0]:.1f} ms: {slowest[1][:160]}")
    for index in sorted(per_query):
        print(f"  query {index + 1}: median {statistics.median(per_query[index]):5.1f} ms  {labels[index]}")
    with connection.cursor() as cursor:
        for sql in (q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"] and "FILTER" in q["sql"]):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("  plan of the badge counts:")
            for (line,) in cursor.fetchall():
                print("    " + line)


if __name__ == "__main__":
    main()
