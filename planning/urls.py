from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.list_instruments, name="list"),
    path("<slug:slug>/", views.instrument_detail, name="instrument"),
]
