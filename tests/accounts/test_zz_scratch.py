from tests.conftest import client_for


def test_scratch(resident):
    r = client_for(resident).post("/cuenta/privacidad/eliminar/", {"password": "x", "confirm": "on"})
    html = r.content.decode()
    i = html.index('name="confirm"'); print(html[i-100:i+200])
    i = html.index('name="password"'); print(html[i-100:i+200])
