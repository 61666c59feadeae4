"""URLs under /indicadores/."""

app_name = "indicators"

urlpatterns: list = []
