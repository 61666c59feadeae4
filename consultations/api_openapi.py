"""The OpenAPI 3.1 document of the JSON API and the JSON downloads, served at
/api/v1/openapi.json.

Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect) and closed
(``additionalProperties: false``): the tests validate real responses against them, so a
field added to a serialiser without being documented here, or any field about a person,
fails the suite.
"""

from typing import Any

from consultations.models import Phase, Proposal, Question


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


STRING = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
URI = {"type": "string", "format": "uri"}
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
PROPOSAL_STATES = [value for value, _label in Proposal.State.choices]

SCHEMAS: dict[str, Any] = {
    "Error": obj(
        {
            "error": {
                "type": "string",
                "description": "Código estable del error, p. ej. `not_found`, "
                "`invalid_cursor`, `invalid_limit`, `method_not_allowed`.",
            },
            "message": {"type": "string", "description": "Explicación en español."},
        }
    ),
    "ApiRoot": obj({"consultations": URI, "openapi": URI, "datasets": URI}),
    "Comuna": obj(
        {
            "cut": {"type": "string", "pattern": "^[0-9]{5}$", "description": "Código CUT."},
            "name": STRING,
        }
    ),
    "Phase": obj(
        {
            "kind": {"enum": [value for value, _label in Phase.Kind.choices]},
            "starts_at": DATE_TIME,
            "ends_at": NULLABLE_DATE_TIME,
            "closed_at": {
                **NULLABLE_DATE_TIME,
                "description": "Si la fase se cerró antes de su término.",
            },
        }
    ),
    "SurveySummary": obj(
        {
            "title": STRING,
            "opens_at": DATE_TIME,
            "closes_at": DATE_TIME,
            "results_public": {"type": "boolean"},
        }
    ),
    "Consultation": obj(
        {
            "id": {"type": "integer"},
            "slug": SLUG,
            "title": STRING,
            "summary": STRING,
            "url": {**URI, "description": "Página pública de la consulta."},
            "created_at": DATE_TIME,
            "whole_region": {"type": "boolean"},
            "comunas": {
                "type": "array",
                "items": ref("Comuna"),
                "description": "Vacía cuando la consulta abarca toda la región.",
            },
            "topics": {"type": "array", "items": STRING},
            "requires_verified_resident": {"type": "boolean"},
            "division": {"type": ["string", "null"]},
            "phases": {"type": "array", "items": ref("Phase")},
            "proposal_count": {**COUNT, "description": "Propuestas visibles."},
            "support_count": {**COUNT, "description": "Apoyos a propuestas visibles."},
            "survey": nullable(ref("SurveySummary")),
            "links": obj({"proposals": URI, "results": URI}),
        }
    ),
    "ConsultationPage": obj(
        {
            "items": {"type": "array", "items": ref("Consultation")},
            "next": {"type": ["string", "null"], "format": "uri"},
        }
    ),
    "ProposalAnswer": obj(
        {
            "state": {"enum": [state for state in PROPOSAL_STATES if state != "received"]},
            "text": STRING,
            "division": STRING,
            "estimated_cost_clp": {"type": ["integer", "null"], "minimum": 0},
            "execution_period": STRING,
            "published_at": NULLABLE_DATE_TIME,
        }
    ),
    "Proposal": obj(
        {
            "id": {"type": "integer"},
            "consultation": {**SLUG, "description": "`slug` de la consulta."},
            "title": STRING,
            "text": {**STRING, "description": "Texto de la propuesta, sin HTML."},
            "state": {"enum": PROPOSAL_STATES},
            "withdrawn": {"type": "boolean", "description": "Retirada por quien la propuso."},
            "support_count": COUNT,
            "comment_count": COUNT,
            "comuna": nullable(ref("Comuna")),
            "latitude": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
            "longitude": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
            "topics": {"type": "array", "items": STRING},
            "created_at": DATE_TIME,
            "url": URI,
            "answer": {
                **nullable(ref("ProposalAnswer")),
                "description": "La respuesta oficial, solo cuando está publicada.",
            },
        }
    ),
    "ProposalPage": obj(
        {
            "items": {"type": "array", "items": ref("Proposal")},
            "next": {"type": ["string", "null"], "format": "uri"},
        }
    ),
    "Cell": obj(
        {
            "key": {
                "type": "string",
                "description": "Código (CUT, género, tramo); vacío: sin dato u otras.",
            },
            "label": STRING,
            "count": {
                "type": ["integer", "null"],
                "minimum": 5,
                "description": "null cuando la cifra está suprimida.",
            },
            "suppressed": {
                "enum": ["small", "reserved", None],
                "description": "`small`: menos de 5 personas. `reserved`: oculta para que "
                "otra cifra pequeña no pueda deducirse restando del total.",
            },
        }
    ),
    "Participation": obj(
        {
            "participants": {
                **COUNT,
                "description": "Personas distintas que propusieron, apoyaron o respondieron "
                "la encuesta.",
            },
            "proposals": COUNT,
            "supports": COUNT,
            "survey_responses": COUNT,
            "proposals_by_state": obj(dict.fromkeys(PROPOSAL_STATES, COUNT)),
            "by_comuna": {"type": "array", "items": ref("Cell")},
            "by_gender": {"type": "array", "items": ref("Cell")},
            "by_age_range": {"type": "array", "items": ref("Cell")},
        }
    ),
    "OptionResult": obj(
        {
            "label": STRING,
            "count": COUNT,
            "percent": {"type": "number", "minimum": 0, "maximum": 100},
            "average_place": {"type": ["number", "null"], "minimum": 1},
            "first_places": COUNT,
            "points": {**COUNT, "description": "Puntaje de Borda (solo ordenamientos)."},
        },
        optional=("average_place", "first_places", "points"),
    ),
    "QuestionResult": obj(
        {
            "position": {"type": "integer", "minimum": 1},
            "text": STRING,
            "kind": {"enum": [value for value, _label in Question.Kind.choices]},
            "respondents": COUNT,
            "average": {"type": ["number", "null"], "description": "Solo escalas de 1 a 5."},
            "options": {"type": "array", "items": ref("OptionResult")},
            "text_answer_count": {
                "type": ["integer", "null"],
                "description": "Solo preguntas abiertas: cuántas respuestas hubo (los "
                "textos no se publican como datos).",
            },
        }
    ),
    "SurveyResults": obj(
        {
            "consultation": SLUG,
            "title": STRING,
            "opens_at": DATE_TIME,
            "closes_at": DATE_TIME,
            "closed": {"type": "boolean"},
            "computed_at": {
                **DATE_TIME,
                "description": "Cuándo se calcularon las cifras (cada minuto mientras está "
                "abierta).",
            },
            "response_count": COUNT,
            "questions": {"type": "array", "items": ref("QuestionResult")},
        }
    ),
    "Results": obj(
        {
            "consultation": SLUG,
            "generated_at": {
                **DATE_TIME,
                "description": "Cuándo se calcularon las cifras de participación (se "
                "recalculan cada pocos minutos).",
            },
            "participation": ref("Participation"),
            "answered_proposals": {
                **URI,
                "description": "Las propuestas con respuesta oficial publicada.",
            },
            "survey": {
                **nullable(ref("SurveyResults")),
                "description": "null si no hay encuesta o sus resultados aún no son públicos.",
            },
            "survey_results_public_at": {
                **NULLABLE_DATE_TIME,
                "description": "Cuándo se publicarán los resultados de la encuesta, si aún "
                "no son públicos.",
            },
        }
    ),
}


def dataset_schema(name: str, item: str) -> dict[str, Any]:
    return obj(
        {
            "dataset": {"const": name},
            "license": {"const": "CC-BY-4.0"},
            "generated_at": DATE_TIME,
            "items": {"type": "array", "items": ref(item)},
        }
    )


SCHEMAS |= {
    "ConsultationDataset": dataset_schema("consultations", "Consultation"),
    "ProposalDataset": dataset_schema("proposals", "Proposal"),
    "SurveyDataset": dataset_schema("surveys", "SurveyResults"),
}


def json_response(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


ERRORS = {
    "404": json_response("No existe o no es pública.", "Error"),
    "405": json_response("Solo GET y HEAD.", "Error"),
}
BAD_REQUEST = {"400": json_response("Parámetro no válido (mensaje en español).", "Error")}

SLUG_PARAMETER = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "Identificador de la consulta (como en su página: /consultas/{slug}/).",
    "schema": SLUG,
}
PAGE_PARAMETERS = [
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "Opaco: tómalo del enlace `next` de la página anterior.",
        "schema": {"type": "string"},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Elementos por página.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    },
]


def get(operation_id: str, summary: str, response: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {"200": response, **ERRORS, **extra.pop("responses", {})},
            **extra,
        }
    }


def csv_download(operation_id: str, summary: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {
                "200": {
                    "description": "CSV en UTF-8 (con BOM), separado por comas, una fila de "
                    "encabezados. Listas dentro de una celda separadas por «;». Un texto que "
                    "empieza con =, +, - o @ lleva un apóstrofo delante (inyección en "
                    "planillas).",
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                }
            },
        }
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Cabildo: datos abiertos y API de consultas",
        "version": "1.0.0",
        "summary": "Consultas ciudadanas, propuestas, apoyos y resultados; solo lectura.",
        "description": (
            "Todo lo que publica esta API es público en el sitio y no identifica a ninguna "
            "persona: no incluye correos, identificadores ni nombres de quienes participan. "
            "Solo aparecen consultas publicadas y propuestas visibles (publicadas o retiradas "
            "por quien las propuso); las ocultas por moderación nunca aparecen. Las cifras "
            "por comuna, género y tramo de edad con menos de 5 personas se suprimen. Las "
            "listas usan paginación por cursor (orden ascendente por `id`)."
        ),
        "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
    },
    "paths": {
        "/api/v1/": get("apiRoot", "Enlaces de la API", json_response("Enlaces.", "ApiRoot")),
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "Este documento (OpenAPI 3.1)",
                "responses": {
                    "200": {
                        "description": "El documento OpenAPI.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/api/v1/consultations/": get(
            "listConsultations",
            "Consultas publicadas",
            json_response("Una página de consultas.", "ConsultationPage"),
            parameters=PAGE_PARAMETERS,
            responses=BAD_REQUEST,
        ),
        "/api/v1/consultations/{slug}/": get(
            "getConsultation",
            "Una consulta publicada",
            json_response("La consulta.", "Consultation"),
            parameters=[SLUG_PARAMETER],
        ),
        "/api/v1/consultations/{slug}/proposals/": get(
            "listProposals",
            "Propuestas visibles de una consulta",
            json_response("Una página de propuestas.", "ProposalPage"),
            parameters=[
                SLUG_PARAMETER,
                *PAGE_PARAMETERS,
                {
                    "name": "state",
                    "in": "query",
                    "required": False,
                    "schema": {"enum": PROPOSAL_STATES},
                },
                {
                    "name": "answered",
                    "in": "query",
                    "required": False,
                    "description": "`true`: solo propuestas con respuesta oficial publicada.",
                    "schema": {"enum": ["true", "false"]},
                },
            ],
            responses=BAD_REQUEST,
        ),
        "/api/v1/consultations/{slug}/proposals/{id}/": get(
            "getProposal",
            "Una propuesta visible",
            json_response("La propuesta.", "Proposal"),
            parameters=[
                SLUG_PARAMETER,
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
            ],
        ),
        "/api/v1/consultations/{slug}/results/": get(
            "getResults",
            "Resultados de una consulta",
            json_response("Participación y resultados de la encuesta.", "Results"),
            parameters=[SLUG_PARAMETER],
        ),
        "/datos/consultas.json": get(
            "downloadConsultations",
            "Todas las consultas publicadas (archivo)",
            json_response("Conjunto de datos completo.", "ConsultationDataset"),
        ),
        "/datos/propuestas.json": get(
            "downloadProposals",
            "Todas las propuestas visibles (archivo)",
            json_response("Conjunto de datos completo.", "ProposalDataset"),
        ),
        "/datos/encuestas.json": get(
            "downloadSurveys",
            "Resultados agregados de encuestas públicas (archivo)",
            json_response("Conjunto de datos completo.", "SurveyDataset"),
        ),
        "/datos/consultas.csv": csv_download("downloadConsultationsCsv", "Consultas (CSV)"),
        "/datos/propuestas.csv": csv_download("downloadProposalsCsv", "Propuestas (CSV)"),
        "/datos/encuestas.csv": csv_download("downloadSurveysCsv", "Encuestas (CSV)"),
    },
    "components": {"schemas": SCHEMAS},
}
