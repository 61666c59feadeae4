"""Every WebSocket route of the project, gathered from the apps' ``routing.py``."""

websocket_urlpatterns: list = []
