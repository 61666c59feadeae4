"""Daphne servers and the comment POST, for the live benches and
tests/deliberation/test_two_processes.py.

Servers of every kind (daphne, uvicorn, granian), their log files and their memory are in
bench/servers.py; ``start_daphne`` is the daphne case. No Django import: the servers are
configured by the environment they are given.
"""

import json
import secrets
from collections.abc import Mapping
from urllib.request import Request, urlopen

from bench.servers import ROOT, Server, start_server, stop, wait_until_listening

__all__ = ["ROOT", "Server", "post_comment", "start_daphne", "stop", "wait_until_listening"]


def start_daphne(port: int, application: str, env: Mapping[str, str]) -> Server:
    """daphne serving ``application`` on 127.0.0.1:``port``, its output in a log file
    (``server.log_path``), without access log."""
    return start_server("daphne", port, application, env)


def post_comment(server: int | str, discussion_id: int, cookie: str, body: str) -> int:
    """Post ``body`` (URL-encoded) to discussion ``discussion_id`` as the page's script
    does (JSON answer, CSRF token); ``server`` is a port on 127.0.0.1 or a base URL
    (``http://127.0.0.1:8000``); ``cookie`` is ``<session cookie name>=<value>``.
    Returns the new comment's id; raises on anything but 201."""
    base = f"http://127.0.0.1:{server}" if isinstance(server, int) else server.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"not an HTTP base URL: {base}")
    token = secrets.token_hex(16)
    request = Request(  # noqa: S310  (http or https, checked above)
        f"{base}/conversaciones/{discussion_id}/comentar/",
        data=f"body={body}".encode(),
        headers={
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{cookie}; csrftoken={token}",
            "X-CSRFToken": token,
        },
        method="POST",
    )
    with urlopen(request, timeout=30) as response:  # noqa: S310  (a server of ours)
        if response.status != 201:
            raise RuntimeError(f"POST answered {response.status} from {response.url}")
        return json.loads(response.read())["comment"]
