"""``{% library_datalists %}``: the taxonomy choices (both versions) as datalists, drawn from
the core's one table, plus the empty datalist the editor fills with library suggestions."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from jixiao.core.library.entries import LEVEL1_OF

register = template.Library()


@register.simple_tag
def library_datalists() -> str:
    level1 = list(dict.fromkeys(LEVEL1_OF.values()))
    return format_html(
        '<datalist id="taxonomy-level1">{}</datalist><datalist id="taxonomy-level2">{}</datalist>'
        '<datalist id="library-names"></datalist>',
        format_html_join("", '<option value="{}">', ((v,) for v in level1)),
        format_html_join(
            "", '<option value="{}" label="{}">', ((k, v) for k, v in LEVEL1_OF.items())
        ),
    )
