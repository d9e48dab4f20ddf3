"""``{{ text|rich_text }}``: text an artisan wrote with basic formatting, shown
through the same sanitiser as the shop's story (scripts, styles, event
handlers and unknown tags dropped), never trusted as it is stored."""

from django import template
from django.utils.safestring import mark_safe

from vendors.validators import sanitise_story

register = template.Library()


@register.filter
def rich_text(html):
    # Safe: what is left is nh3's output, with only the story's tags and
    # attributes (see vendors.validators.STORY_TAGS).
    return mark_safe(sanitise_story(str(html or "")))
