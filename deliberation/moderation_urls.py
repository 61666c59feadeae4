"""URLs under /moderacion/ (the moderators' queue, appeals and the public log)."""

from django.urls import path

from deliberation import moderation_views as views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
]
