"""config.views error handlers: 400, 403, 404, 500 and the CSRF failure page."""

from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.utils import translation

from config import views
from tests.conftest import client_for


def test_a_missing_page_is_a_spanish_404(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es-CL">' in html
    assert "<title>Página no encontrada · Cabildo</title>" in html
    assert "No encontramos lo que buscas." in html
    assert 'href="/"' in html


def test_a_forbidden_page_is_a_spanish_403(resident):
    response = client_for(resident).get("/cuenta/verificacion/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>No tienes permiso · Cabildo</title>" in html
    assert "No tienes permiso para ver esta página o hacer esta acción." in html


def test_a_bad_request_is_a_spanish_400(client, db):
    # A host outside ALLOWED_HOSTS raises DisallowedHost (a SuspiciousOperation).
    response = client.get("/", HTTP_HOST="malicioso.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Solicitud incorrecta · Cabildo</title>" in html
    assert "No pudimos entender la solicitud." in html


def test_bad_request_handler_renders_directly(rf: RequestFactory, db):
    response = views.bad_request(rf.get("/"), SuspiciousOperation("x"))
    assert response.status_code == 400
    assert "Solicitud incorrecta" in response.content.decode()


def test_server_error_page_stands_alone_without_the_database(rf: RequestFactory):
    # No `db` fixture: pytest-django raises if the handler touches the database.
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="es-CL">' in html
    assert "<h1>Error del servidor</h1>" in html
    assert "Algo falló de nuestro lado." in html
    # Standalone: not the site layout (no header navigation or account links).
    assert "site-header" not in html
    assert "/cuenta/" not in html


def test_csrf_failure_is_a_spanish_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/idioma/", {"language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>El formulario expiró · Cabildo</title>" in html
    assert "Por seguridad no pudimos procesar el envío" in html


def test_csrf_failure_for_a_signed_in_person_keeps_them_signed_in(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post("/cuenta/privacidad/eliminar/", {"password": "x", "confirm": "on"})
    assert response.status_code == 403
    assert "El formulario expiró" in response.content.decode()
    resident.refresh_from_db()
    assert resident.is_active


def test_server_error_page_follows_the_active_language(rf: RequestFactory):
    with translation.override("en"):
        response = views.server_error(rf.get("/"))
    assert '<html lang="en">' in response.content.decode()


def test_too_many_requests_page_is_spanish(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from config.views import too_many_requests

    request = rf.get("/cuenta/login/")
    request.user = AnonymousUser()
    response = too_many_requests(request)
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
