"""templates/includes/author.html wherever an author is shown: officials speak with their
division's badge, verified residents carry a mark, everyone a short tag that tells apart
people with the same name; on pages, in live fragments and in the proposal lists, in a
constant number of queries. Officials of a consultation's division comment even where
residents must be verified."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from consultations.models import Consultation, Phase
from deliberation.events import DiscussionRoom, comment_payload
from deliberation.models import Comment
from deliberation.queries import discussion_for
from tests.conftest import client_for, with_totp
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.deliberation.owners import make_comment
from tests.factories import DivisionFactory, UserFactory

OFFICIAL_BADGE = (
    '<span class="author-badge author-badge--official">Oficial · División de Planificación</span>'
)
VERIFIED_MARK = '<span class="author-badge author-badge--verified">Residente verificado/a</span>'


@pytest.fixture
def consultation(division):
    return consultation_in(
        Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS, slug="ciclovias", division=division
    )


@pytest.fixture
def proposal(consultation, other_resident):
    return ProposalFactory(consultation=consultation, author=other_resident, title="Ciclovía")


def comment_url(proposal) -> str:
    return f"/conversaciones/{discussion_for(proposal).pk}/comentar/"


def author_of(person) -> str:
    return f'{person.public_name} <span class="author__tag"'


def test_an_officials_comment_shows_the_division_badge(client, official, proposal):
    response = client_for(official).post(comment_url(proposal), {"body": "Lo estamos revisando."})
    assert response.status_code == 302
    page = client.get(proposal.get_absolute_url())
    assertContains(page, OFFICIAL_BADGE, count=1, html=True)
    assertContains(page, author_of(official))


def test_verified_residents_carry_a_mark_and_others_none(
    client, resident, verified_resident, proposal
):
    discussion = discussion_for(proposal)
    make_comment(discussion, verified_resident, "Desde Quilpué, de acuerdo.")
    make_comment(discussion, resident, "Yo también.")
    page = client.get(proposal.get_absolute_url())
    assertContains(page, VERIFIED_MARK, count=1, html=True)
    assertNotContains(page, "author-badge--official")
    assertContains(page, author_of(resident))


def test_two_people_with_the_same_name_stay_apart(client, proposal):
    discussion = discussion_for(proposal)
    first, second = UserFactory(display_name="Camila"), UserFactory(display_name="Camila")
    make_comment(discussion, first, "Una")
    make_comment(discussion, second, "Otra")
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'Camila <span class="author__tag"' in html
    assert f">#{first.public_suffix}</span>" in html
    assert f">#{second.public_suffix}</span>" in html
    assert first.public_suffix != second.public_suffix


def test_live_fragments_show_the_badge_from_one_query(
    django_assert_num_queries, official, proposal
):
    discussion = discussion_for(proposal)
    comment = make_comment(discussion, official, "Respuesta en vivo", speaks_for=official.division)
    with django_assert_num_queries(1):  # the comments, their authors and divisions spoken for
        loaded = DiscussionRoom().load(discussion.pk, [("comment", comment.pk)])
    with django_assert_num_queries(0):
        payload = comment_payload(
            1, "comment.created", loaded[("comment", comment.pk)], announce=True
        )
    assert "Oficial · División de Planificación" in payload["html"]
    assert f"#{official.public_suffix}" in payload["html"]


def test_proposal_pages_and_lists_show_their_authors_badge(client, division, consultation):
    author = UserFactory(
        display_name="Ana", rut="11111111-1", is_verified_resident=True, verified_at=timezone.now()
    )
    proposal = ProposalFactory(consultation=consultation, author=author)
    for url in (proposal.get_absolute_url(), f"/consultas/{consultation.slug}/propuestas/"):
        page = client.get(url)
        assertContains(page, VERIFIED_MARK, count=1, html=True)
        assertContains(page, author_of(author))


def counted(client, url: str) -> int:
    """Queries of the page as rendered (the page cache is off)."""
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_badges_cost_no_query_per_author(client, proposal):
    discussion = discussion_for(proposal)

    def add_authors(number: int) -> None:
        for _ in range(number):
            division = DivisionFactory()
            official = UserFactory(is_official=True, division=division)
            root = make_comment(discussion, official, "Oficial", speaks_for=division)
            make_comment(
                discussion,
                UserFactory(is_official=True, division=division),
                "R",
                parent=root,
                speaks_for=division,
            )

    add_authors(1)
    few = counted(client, proposal.get_absolute_url())
    add_authors(5)
    assert counted(client, proposal.get_absolute_url()) == few


def test_proposal_list_badges_cost_no_query_per_card(client, consultation):
    def official_proposal() -> None:
        division = DivisionFactory()
        ProposalFactory(
            consultation=consultation,
            author=UserFactory(is_official=True, division=division),
            speaks_for=division,
        )

    official_proposal()
    url = f"/consultas/{consultation.slug}/propuestas/"
    counted(client, url)  # fills the cached count of proposals (once a minute)
    few = counted(client, url)
    for _ in range(5):
        official_proposal()
    assert counted(client, url) == few


# --- Officials of the division comment where residents must be verified ------------------


@pytest.fixture
def verified_only(consultation):
    consultation.residency_rule = Consultation.Residency.VERIFIED
    consultation.save()
    return consultation


def test_officials_of_the_division_comment_where_verification_is_required(
    official, verified_only, proposal
):
    response = client_for(official).post(comment_url(proposal), {"body": "Respondemos aquí."})
    assert response.status_code == 302
    assert Comment.objects.get().author == official


@pytest.mark.parametrize("persona", ["resident", "official_without_2fa", "other_official"])
def test_others_still_need_verification(request, verified_only, proposal, persona):
    if persona == "other_official":
        person = with_totp(UserFactory(is_official=True, division=DivisionFactory()))
    else:
        person = request.getfixturevalue(persona)
    response = client_for(person).post(comment_url(proposal), {"body": "Hola"})
    assert response.status_code == 400
    assertContains(response, "para residentes verificados", status_code=400)
    assert not Comment.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, verified_only, proposal):
    response = client.post(comment_url(proposal), {"body": "Hola"})
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
