"""Where a page's CPU goes: cProfile over repeated requests, in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_bench \\
    REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/profile_pages.py /consultas/bench/propuestas/ [--signed-in]
        [--repeat 50] [--top 30] [--cache]
        .venv/bin/python bench/profile_pages.py /moderacion/ --moderator  # moderation_data.py

Requests the page through Django's test client (production settings, DEBUG off,
persistent connection) ``--repeat`` times after a warm-up, under cProfile, and prints the
functions with the most time of their own and the most cumulative time. The page cache is
off unless ``--cache`` (to profile what a miss costs).
"""

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import plain_static_storages, setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument(
        "--moderator",
        action="store_true",
        help="as bench/moderation_data.py's moderator, second factor passed (the queue)",
    )
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--cache", action="store_true", help="leave the page cache on")
    args = parser.parse_args()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    if not args.cache:
        settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    if args.moderator:
        from bench.moderation_data import moderator_client

        client = moderator_client()
    elif args.signed_in:
        viewer = User.objects.filter(supports__isnull=False).order_by("pk").first()
        client.force_login(viewer)
    for _ in range(5):
        assert client.get(args.url).status_code == 200
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeat):
        client.get(args.url)
    profile.disable()
    stats = pstats.Stats(profile)
    print(f"{args.url}: {stats.total_tt / args.repeat * 1000:.1f} ms per request (profiled)")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    with plain_static_storages():
        main()
