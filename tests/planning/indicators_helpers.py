"""Shared builders for the indicators' tests (tests/planning/test_indicators_*.py)."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from planning.models import ParticipatoryInstance, PlanningInstrument

ZONE = timezone.get_default_timezone()


def this_year() -> int:
    return timezone.localdate().year


def moment(year: int, month: int = 6, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=ZONE)


def instrument(slug: str, year: int | None, **fields) -> PlanningInstrument:
    return PlanningInstrument.objects.create(
        name=fields.pop("name", f"Instrumento {slug}"),
        slug=slug,
        kind=fields.pop("kind", PlanningInstrument.Kind.POLICY),
        elaboration_year=year,
        **fields,
    )


def instance(target: PlanningInstrument, *, process=None, **fields) -> ParticipatoryInstance:
    """A participatory instance meeting every criterion but gender unless told otherwise
    (``process``: the platform process it records, e.g. a consultation)."""
    values = {
        "title": "Consulta",
        "kind": ParticipatoryInstance.Kind.CONSULTATION,
        "starts_on": date(2025, 3, 1),
        "ends_on": date(2025, 4, 1),
        "open_to_all_residents": True,
        "results_published_on": date(2025, 5, 1),
        "devolution_sent_on": date(2025, 6, 1),
    }
    values.update(fields)
    if process is not None:
        values["process_type"] = ContentType.objects.get_for_model(process)
        values["process_id"] = process.pk
    return ParticipatoryInstance.objects.create(instrument=target, **values)


# --- Reading pages (django.test.html: the parser assertContains(html=True) uses) -------------


class Node:
    """A parsed element with the few look-ups the tests need."""

    def __init__(self, element, parent: "Node | None" = None) -> None:
        self.element = element
        self.parent = parent

    @property
    def name(self) -> str:
        return self.element.name

    def attr(self, name: str) -> str | None:
        for key, value in self.element.attributes:
            if key == name:
                return value
        return None

    def __getitem__(self, name: str) -> str:
        value = self.attr(name)
        if value is None:
            raise KeyError(name)
        return value

    def children(self) -> list["Node"]:
        return [Node(child, self) for child in self.element.children if not isinstance(child, str)]

    def descendants(self):
        for child in self.children():
            yield child
            yield from child.descendants()

    def find_all(self, name: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants named ``name`` whose attributes match (``class_`` matches one class)."""
        found = []
        for node in self.descendants():
            if name is not None and node.name != name:
                continue
            if all(_matches(node, key, value) for key, value in attrs.items()):
                found.append(node)
        return found

    def find(self, name: str | None = None, **attrs: str) -> "Node | None":
        found = self.find_all(name, **attrs)
        return found[0] if found else None

    def ancestor(self, **attrs: str) -> "Node | None":
        node = self.parent
        while node is not None:
            if all(_matches(node, key, value) for key, value in attrs.items()):
                return node
            node = node.parent
        return None

    def text(self) -> str:
        parts: list[str] = []

        def walk(element) -> None:
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self.element)
        return " ".join(" ".join(parts).split())


def _matches(node: Node, key: str, value: str) -> bool:
    if key == "class_":
        return value in (node.attr("class") or "").split()
    return node.attr(key) == value


def parse(response) -> Node:
    from django.test.html import parse_html

    return Node(parse_html(response.content.decode()))
