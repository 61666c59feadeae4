"""URLs under /indicadores/."""

from django.urls import path

from planning.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.show_indicators, name="show_indicators"),
    path("metodo/", views.show_method, name="method"),
]
