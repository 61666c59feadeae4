"""Security headers on every page: a strict Content Security Policy and friends."""

import re


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_forbids_inline_scripts_and_styles(client, db):
    response = client.get("/")
    directives = csp_directives(response)
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


def test_pages_have_no_inline_script_or_handler(resident_client):
    for url in ["/", "/cuenta/perfil/", "/cuenta/notificaciones/", "/cuenta/privacidad/"]:
        html = resident_client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=\"", html), url
        assert "javascript:" not in html, url


def test_other_security_headers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
