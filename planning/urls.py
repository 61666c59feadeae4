from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.list_instruments, name="list"),
    # Fixed segments before "<slug:slug>/".
    path("mis-aportes/", views.my_outcomes, name="my_outcomes"),
    path("destinos/nuevo/", views.create_outcome, name="create_outcome"),
    path("destinos/<int:pk>/", views.outcome_detail, name="outcome"),
    path("destinos/<int:pk>/actualizar/", views.update_outcome, name="update_outcome"),
    path("destinos/<int:pk>/aportes/", views.link_contribution, name="link_contribution"),
    path("aportes/<slug:kind>/<int:pk>/", views.contribution_fate, name="contribution_fate"),
    path("<slug:slug>/", views.instrument_detail, name="instrument"),
    path("<slug:slug>/secciones/<int:position>/", views.section_detail, name="section"),
]
