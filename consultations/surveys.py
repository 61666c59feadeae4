"""Consultations own surveys (``surveys.registry``).

The survey pages live under the consultation's address (``/consultas/<slug>/encuesta/``).
Whoever may see the consultation reads its survey; those who may take part in it answer;
its editors (administrators, officials of its division) build the survey and, like every
official and administrator, see results before they are public.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations import rules
from consultations.access import access_consultation_row
from consultations.models import Consultation
from surveys.registry import SurveyOwnerPolicy, register_survey_owner


def register() -> None:
    register_survey_owner(
        Consultation,
        SurveyOwnerPolicy(
            access=lambda user, *, slug: access_consultation_row(user, slug),
            can_edit=rules.can_edit_consultation,
            can_preview_results=lambda user, _consultation: rules.can_create_consultations(user),
            participation_refusal=rules.participation_refusal,
            url_namespace="consultations",
            url_kwargs=lambda consultation: {"slug": consultation.slug},
            title=lambda consultation: consultation.title,
            url=lambda consultation: consultation.get_absolute_url(),
            breadcrumbs_template="consultations/includes/breadcrumbs.html",
            page_context=lambda consultation: {"consultation": consultation},
            back_label=_("Volver a la consulta"),
            results_link=lambda consultation: (
                _("Resultados de toda la consulta"),
                reverse("consultations:consultation_results", args=[consultation.slug]),
            ),
        ),
    )
