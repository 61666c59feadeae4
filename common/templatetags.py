"""``{% shared %}``: a part of a template that is the same for every viewer, rendered once
per content generation and language (``common.pagecache.shared_fragment``).

    {% load shared %}
    {% shared "consultations.results" consultation.pk answers.number %}
      ...what every viewer of this consultation's results sees...
    {% endshared %}

The first argument names the part; the others are what it depends on besides the content
(a page number, whether the viewer may see a survey's results). Nothing inside may depend
on the viewer (their name, their supports, a CSRF token): those stay outside. Context
values the part needs can be lazy (``SimpleLazyObject``), so that a cached part costs no
query. Registered as the template library ``shared`` (``settings.TEMPLATES``).

``slots=<mapping>``: the part leaves ``<!--slot:<key>-->`` where each viewer's own HTML
goes (a comment's vote buttons), and every slot is filled from the mapping, rendered for
this viewer, once the shared part is read (a key missing from it leaves the slot empty).
"""

from typing import Any

from django import template

from common.pagecache import fill_slots, shared_fragment

register = template.Library()


class SharedNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, arguments: list[Any], slots: Any | None
    ) -> None:
        self.nodelist = nodelist
        self.arguments = arguments
        self.slots = slots

    def render(self, context: template.Context) -> str:
        name, *parts = (argument.resolve(context) for argument in self.arguments)
        html = shared_fragment(
            f"template.{name}", tuple(parts), lambda: self.nodelist.render(context)
        )
        if self.slots is None:
            return html
        return fill_slots(html, self.slots.resolve(context) or {})


@register.tag("shared")
def shared(parser: template.base.Parser, token: template.base.Token) -> SharedNode:
    arguments = token.split_contents()[1:]
    slots = None
    if arguments and arguments[-1].startswith("slots="):
        slots = parser.compile_filter(arguments.pop()[len("slots=") :])
    if not arguments:
        raise template.TemplateSyntaxError("{% shared %} needs a name.")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    compiled = [parser.compile_filter(argument) for argument in arguments]
    return SharedNode(nodelist, compiled, slots)
