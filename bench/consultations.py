"""Server time of the consultations pages on the ``bench_data`` data set (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_cons \\
        .venv/bin/python manage.py bench_data --reset
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_cons \\
        .venv/bin/python bench/consultations.py [--repeat 50] [--markdown]

Each page is requested through Django's test client in this process (the whole request:
middleware, view, queries, template; no network), with production settings (DEBUG off),
as a signed-in resident so the per-viewer parts (their supports, limits, notifications)
are included. After a few warm-up requests, the pages are requested in turns ``--repeat`` times; it
prints each page's median and 90th percentile, the median time spent in SQL, and the
number of SQL queries of one request.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    measure_in_turns,
    plain_static_storages,
    print_line,
    print_markdown,
    setup_django,
)

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from consultations.models import Consultation, Proposal  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL), after manage.py bench_data.")

    # Persistent connections, as a production deployment should use (CONN_MAX_AGE or a
    # pool): otherwise every request also pays for a new PostgreSQL connection.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    consultation = Consultation.objects.get(slug=args.slug)
    proposals = Proposal.objects.filter(consultation=consultation)
    busiest = proposals.order_by("-support_count").first()
    recent = proposals.order_by("-created_at").first()
    viewer = User.objects.filter(supports__consultation=consultation).order_by("pk").first()
    client = Client()
    client.force_login(viewer)

    base = f"/consultas/{args.slug}/propuestas/"
    pages = [
        ("Proposals list, recent", base),
        ("Proposals list, most supported", f"{base}?orden=mas-apoyadas"),
        ("Proposals list, random (visitor seed)", f"{base}?orden=aleatorio"),
        ("Proposals list, most commented", f"{base}?orden=mas-comentadas"),
        ("Proposals list, most supported, page 50", f"{base}?orden=mas-apoyadas&pagina=50"),
        ("Proposals list, topic filter", f"{base}?tema=movilidad&orden=mas-apoyadas"),
        ("Proposals list, full-text search", f"{base}?q=ciclov%C3%ADa+plaza"),
        (
            f"Proposal page (most supported: {busiest.support_count:,} supports)",
            busiest.get_absolute_url(),
        ),
        ("Proposal page (newest)", recent.get_absolute_url()),
    ]
    counts = (
        f"{proposals.count():,} proposals, "
        f"{sum(proposals.values_list('support_count', flat=True)):,} supports"
    )
    print(f"Data: {counts}; {args.repeat} requests per page, signed in.")
    results = measure_in_turns(client, [url for _label, url in pages], args.repeat)
    rows = [(label, url, result) for (label, url), result in zip(pages, results, strict=True)]
    if args.markdown:
        print_markdown(rows)
    else:
        for label, _url, result in rows:
            print_line(label, result, width=58)


if __name__ == "__main__":
    with plain_static_storages():
        main()
