"""Small helpers shared by the deliberation tests."""

from typing import Any

from django.contrib.messages import get_messages

JSON = {"HTTP_ACCEPT": "application/json"}


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]
