"""The topics administrators start with (consultations migration 0005 and the demo load
them) and the typed tags that meant one of them. Administrators keep the list from then
on in the Django admin (``consultations.admin.TopicAdmin``)."""

from typing import Any

from django.utils.text import slugify

# (Spanish name, English name): the list administrators start with.
CURATED = [
    ("Agua", "Water"),
    ("Áreas verdes", "Green spaces"),
    ("Conectividad digital", "Digital connectivity"),
    ("Cultura", "Culture"),
    ("Deporte", "Sport"),
    ("Desarrollo productivo", "Economic development"),
    ("Educación", "Education"),
    ("Energía", "Energy"),
    ("Espacios públicos", "Public spaces"),
    ("Infancia y juventud", "Children and youth"),
    ("Medio ambiente", "Environment"),
    ("Movilidad", "Transport and mobility"),
    ("Patrimonio", "Heritage"),
    ("Personas mayores", "Older people"),
    ("Ruralidad", "Rural life"),
    ("Salud", "Health"),
    ("Seguridad", "Public safety"),
    ("Turismo", "Tourism"),
    ("Vivienda", "Housing"),
]

# Typed tags that mean a curated topic (compared folded: no case, no accents).
SYNONYMS = {
    "borde costero": "Espacios públicos",
    "costanera": "Espacios públicos",
    "espacio publico": "Espacios públicos",
    "plazas": "Espacios públicos",
    "area verde": "Áreas verdes",
    "arboles": "Áreas verdes",
    "arbolado": "Áreas verdes",
    "parques": "Áreas verdes",
    "ciclovias": "Movilidad",
    "bicicleta": "Movilidad",
    "transporte": "Movilidad",
    "transporte publico": "Movilidad",
    "vialidad": "Movilidad",
    "medioambiente": "Medio ambiente",
    "reciclaje": "Medio ambiente",
    "residuos": "Medio ambiente",
    "rural": "Ruralidad",
    "mundo rural": "Ruralidad",
    "deportes": "Deporte",
    "arte": "Cultura",
    "artes": "Cultura",
    "agua potable": "Agua",
    "recursos hidricos": "Agua",
    "adultos mayores": "Personas mayores",
    "juventud": "Infancia y juventud",
    "ninez": "Infancia y juventud",
    "internet": "Conectividad digital",
    "seguridad ciudadana": "Seguridad",
}


def load_curated_topics(topic_model: Any) -> dict[str, Any]:
    """Create the curated topics that are missing; return every curated one by Spanish
    name. What administrators changed since (an English name, a deactivation) stays.
    Takes the model class so a migration can pass its historical model."""
    topics = {}
    for name, name_en in CURATED:
        topics[name], _created = topic_model.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "name_en": name_en}
        )
    return topics
