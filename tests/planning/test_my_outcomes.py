"""¿Qué pasó con mi aporte?: planning.views.my_outcomes (/planificacion/mis-aportes/) and
the profile's section (planning/profile_outcomes.html)."""

from tests.conftest import client_for, login_next
from tests.consultations.factories import ProposalFactory
from tests.planning.factories import comment_on, outcome_for


def test_profile_lists_my_contributions_with_an_outcome(
    other_resident, proposal, section, official
):
    outcome_for(
        proposal, sections=[section], decided_by=official, progress=45, justification="Al OE 1."
    )
    comment = comment_on(proposal, author=other_resident, body="<p>Mi comentario.</p>")
    outcome_for(comment, sections=[section], decided_by=official, decision="en_estudio")
    html = client_for(other_resident).get("/cuenta/perfil/").content.decode()
    assert "¿Qué pasó con mi aporte?" in html
    assert "Ciclovía por la costanera" in html
    assert "Al OE 1." in html
    assert "45 %" in html
    assert "Mi comentario." in html
    assert 'href="/planificacion/erd/#section-1"' in html


def test_others_contributions_are_not_mine(resident, proposal, section, official):
    outcome_for(proposal, sections=[section], decided_by=official)
    html = client_for(resident).get("/planificacion/mis-aportes/").content.decode()
    assert "Ciclovía por la costanera" not in html
    assert "Todavía ninguno de tus aportes tiene una decisión" in html


def test_my_hidden_contribution_is_marked_not_public(
    other_resident, consultation, section, official
):
    hidden = ProposalFactory(
        consultation=consultation, author=other_resident, title="La mía oculta"
    )
    outcome_for(hidden, sections=[section], decided_by=official)
    hidden.moderation_status = "hidden"
    hidden.save()
    html = client_for(other_resident).get("/planificacion/mis-aportes/").content.decode()
    assert "La mía oculta" in html
    assert "Oculto por moderación: no se muestra en público" in html


def test_anonymous_is_sent_to_login(client, db):
    assert login_next(client.get("/planificacion/mis-aportes/")) == "/planificacion/mis-aportes/"


def test_wrong_method(resident):
    assert client_for(resident).post("/planificacion/mis-aportes/").status_code == 405


def test_queries(other_resident, consultation, section, official, django_assert_max_num_queries):
    for _index in range(6):
        proposal = ProposalFactory(consultation=consultation, author=other_resident)
        outcome_for(proposal, sections=[section], decided_by=official)
        outcome_for(
            comment_on(proposal, author=other_resident), sections=[section], decided_by=official
        )
    client = client_for(other_resident)
    # 1. session, 2. user, 3. links with outcomes, 4. their sections with instruments,
    # 5. proposals, 6. comments, 7. their owners, 8. unread notifications.
    with django_assert_max_num_queries(8):
        assert client.get("/planificacion/mis-aportes/").status_code == 200
