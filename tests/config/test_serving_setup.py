"""scripts/serve.py: the production setup's commands and nginx configuration (CI starts the
whole setup through scripts/ci_serve.sh)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import serve

ROOT = Path(__file__).resolve().parents[2]


def test_the_operator_guide_shows_the_configuration_make_serve_writes():
    guide = (ROOT / "docs" / "guides" / "operators.md").read_text()
    shown = re.search(r"```nginx\n(.*?)```", guide, re.DOTALL).group(1)
    assert shown == serve.operator_example()


def test_websockets_go_to_asgi_and_the_rest_to_wsgi():
    config = serve.operator_example()
    ws = config[config.index("location /ws/") :]
    assert "proxy_pass http://cabildo_ws;" in ws.split("}")[0]
    assert "Upgrade $http_upgrade" in ws.split("}")[0]
    rest = config[config.index("location / {") :]
    assert "proxy_pass http://cabildo_http;" in rest
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in rest


def test_the_chosen_servers_run_the_matching_entry_points():
    http = serve.server_command(serve.HTTP_SERVER, "config", 8001, workers=4)
    ws = serve.server_command(serve.WS_SERVER, "config", 8002)
    assert http[1:3] == ["-m", "gunicorn"]
    assert "config.wsgi:application" in http
    assert ws[1:3] == ["-m", "uvicorn"]
    assert "config.asgi:application" in ws
    assert serve.database_environment(serve.HTTP_SERVER)["DATABASE_CONN_MAX_AGE"] == "600"
    assert serve.database_environment(serve.WS_SERVER) == {"DATABASE_POOL": "true"}


@pytest.mark.skipif(
    not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (make serve installs it)",
)
def test_nginx_accepts_the_local_configuration(tmp_path):
    for folder in ("logs", "scratch"):
        (tmp_path / folder).mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        serve.nginx_config(
            listen="127.0.0.1:1",
            http_upstreams=["127.0.0.1:2"],
            ws_upstreams=["127.0.0.1:3"],
            static_root=str(tmp_path),
            media_root=str(tmp_path),
            run_dir=str(tmp_path),
        )
    )
    result = subprocess.run(  # noqa: S603
        [serve.nginx_binary(), "-t", "-e", str(tmp_path / "logs" / "e.log"), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_make_serve_refuses_without_postgresql_and_redis(monkeypatch, capsys):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
    monkeypatch.setattr("sys.argv", ["serve.py"])
    assert serve.main() == 2
    assert "REDIS_URL" in capsys.readouterr().err
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")
    assert serve.main() == 2
    assert "PostgreSQL" in capsys.readouterr().err


@pytest.mark.parametrize("document", ["README.md", "docs/guides/operators.md"])
def test_the_documented_commands_use_the_flags_make_serve_uses(document):
    text = (ROOT / document).read_text()
    for kind, program in ((serve.HTTP_SERVER, "gunicorn"), (serve.WS_SERVER, "uvicorn")):
        line = next(line for line in text.splitlines() if f".venv/bin/{program} " in line)
        arguments = serve.SERVERS[kind][1]
        flags = [  # the fixed ones: not those given a value per setup (port, workers)
            a
            for a, value in zip(arguments, [*arguments[1:], ""], strict=True)
            if a.startswith("--") and "{" not in value
        ]
        missing = [flag for flag in flags if flag not in line and flag != "--backlog"]
        assert not missing, (document, program, missing)
