"""Redis servers for the outage tests: a real one the test can stop and start again, and
a "hung" one that accepts connections and never answers."""

import socket
import threading


def redis_settings(url: str, *, retry_after: float = 2.0, timeout_ms: int = 500) -> dict:
    """CACHES, CHANNEL_LAYERS and REDIS_URL as config/settings.py builds them for ``url``
    (with a test prefix and the circuit's retry period)."""
    return {
        "REDIS_URL": url,
        "CACHES": {
            "default": {
                "BACKEND": "common.cache_backend.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "cabildo-outage-test",
                "OPTIONS": {"TIMEOUT_MS": timeout_ms, "RETRY_AFTER": retry_after},
            }
        },
        "CHANNEL_LAYERS": {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_connect_timeout": timeout_ms / 1000}],
                    "prefix": "cabildo-outage-test",
                },
            }
        },
    }


class HungServer:
    """Accepts TCP connections on a free port and never answers: a Redis that hangs (a
    paused process, a saturated host). Connections are closed after ``hold`` seconds, so a
    client without read timeouts fails slowly instead of forever."""

    def __init__(self, hold: float = 15.0) -> None:
        self.hold = hold
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                conn, _address = self.listener.accept()
            except OSError:
                continue
            self.accepted.append(conn)
            threading.Timer(self.hold, conn.close).start()

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=2)
        self.listener.close()
        for conn in self.accepted:
            conn.close()
