"""Open data (/datos/) and the read-only JSON API (/api/v1/)."""

app_name = "data"

urlpatterns: list = []
