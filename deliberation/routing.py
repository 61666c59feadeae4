"""WebSocket routes of the deliberation engine (gathered by config/routing.py)."""

from django.urls import path

from deliberation.consumers import DiscussionConsumer

websocket_urlpatterns = [
    path("ws/discussions/<int:pk>/", DiscussionConsumer.as_asgi()),
]
