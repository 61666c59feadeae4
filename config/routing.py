"""Every WebSocket route of the project, gathered from the apps' ``routing.py``."""

from deliberation.routing import websocket_urlpatterns as deliberation_routes

websocket_urlpatterns: list = [*deliberation_routes]
