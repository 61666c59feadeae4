"""Shared builders for the moderators' pages tests: comments in a consultation, reported
through the real action (so the case, the reports and the auto-hide are the app's own)."""

from typing import Any

from deliberation.actions import do_report_contribution
from deliberation.models import Comment
from deliberation.queries import discussion_for
from tests.conftest import with_totp
from tests.consultations.factories import ConsultationFactory
from tests.deliberation.owners import make_comment
from tests.factories import UserFactory


def reported_comment(
    author: Any,
    *,
    body: str = "Un comentario reportado",
    reports: int = 1,
    reason: str = "ofensivo",
    details: str = "",
    consultation: Any = None,
) -> Comment:
    """A comment by ``author`` in ``consultation`` (a new one by default), reported by
    ``reports`` different people (at 3 it is hidden pending review)."""
    consultation = consultation or ConsultationFactory(title="Plan de ciclovías")
    comment = make_comment(discussion_for(consultation), author, body)
    for _index in range(reports):
        do_report_contribution(UserFactory(), contribution=comment, reason=reason, details=details)
    comment.refresh_from_db()
    return comment


def another_moderator() -> Any:
    """A second moderator with TOTP (appeals go to someone other than who decided)."""
    return with_totp(
        UserFactory(email="mod-b@ejemplo.cl", display_name="Moderadora B", is_moderator=True)
    )


# --- Reading pages: a small parsed tree (no HTML library in the test dependencies) ---------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Element | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)

    def text(self) -> str:
        parts: list[str] = []

        def walk(element: Element) -> None:
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join(" ".join(parts).split())

    def all(self, tag: str = "", **attrs: Any) -> list["Element"]:
        """Descendants with ``tag`` (any if "") and attributes: ``class_="x"`` has class
        x; ``data_open_case=True`` has the attribute; a string is its exact value."""
        found: list[Element] = []

        def matches(element: Element) -> bool:
            if tag and element.tag != tag:
                return False
            for key, value in attrs.items():
                if key == "class_":
                    if value not in element.attrs.get("class", "").split():
                        return False
                    continue
                name = key.replace("_", "-")
                if value is True:
                    if name not in element.attrs:
                        return False
                elif element.attrs.get(name) != value:
                    return False
            return True

        def walk(element: Element) -> None:
            for child in element.children:
                if isinstance(child, Element):
                    if matches(child):
                        found.append(child)
                    walk(child)

        walk(self)
        return found

    def one(self, tag: str = "", **attrs: Any) -> "Element | None":
        found = self.all(tag, **attrs)
        return found[0] if found else None


def parse(response_or_html: Any) -> Element:
    from html.parser import HTMLParser

    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    root = Element("#root", {}, None)

    class Builder(HTMLParser):
        current = root

        def handle_starttag(self, tag: str, attrs: list) -> None:
            element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
            self.current.children.append(element)
            if tag not in VOID:
                self.current = element

        def handle_startendtag(self, tag: str, attrs: list) -> None:
            self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, None))

        def handle_endtag(self, tag: str) -> None:
            node = self.current
            while node is not root and node.tag != tag:
                node = node.parent  # type: ignore[assignment]
            if node is not root:
                self.current = node.parent  # type: ignore[assignment]

        def handle_data(self, data: str) -> None:
            self.current.children.append(data)

    Builder(convert_charrefs=True).feed(html)
    return root
