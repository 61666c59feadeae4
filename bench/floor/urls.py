from django.shortcuts import render
from django.urls import path


def page(request):
    return render(request, "floor.html", {"title": "Piso de Django", "items": range(40)})


urlpatterns = [path("", page)]
