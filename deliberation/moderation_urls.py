"""URLs under /moderacion/ (the moderators' queue, appeals and the public log)."""

app_name = "moderation"

urlpatterns: list = []
