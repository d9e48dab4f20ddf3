"""Validation of what artisans type and upload."""

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIRET_LENGTH = 14
MAX_IMAGE_BYTES = 2 * 1024 * 1024
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
STORY_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
}
STORY_ATTRIBUTES = {"a": {"href", "title"}}


def luhn_is_valid(digits):
    """True when the string of digits passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value):
    """Drop the spaces people type between groups of digits."""
    return "".join((value or "").split())


def validate_siret(value):
    """A SIRET is 14 digits that pass the Luhn check."""
    siret = normalise_siret(value)
    if len(siret) != SIRET_LENGTH or not siret.isdigit():
        raise ValidationError(
            _("A SIRET number has exactly 14 digits."), code="siret_length"
        )
    if not luhn_is_valid(siret):
        raise ValidationError(
            _("This SIRET number is not valid (check digit). Please check it."),
            code="siret_checksum",
        )


def normalise_vat_number(value):
    """Upper case, without the spaces and dots people type between groups."""
    return "".join((value or "").replace(".", " ").split()).upper()


def validate_vat_number(value):
    """A French VAT number: FR, a two-character key, then the 9-digit SIREN.

    A numeric key is checked against the SIREN (12 + 3 × (SIREN mod 97))
    mod 97, as the tax administration computes it.
    """
    number = normalise_vat_number(value)
    key, siren = number[2:4], number[4:]
    if (
        len(number) != 13
        or not number.startswith("FR")
        or not key.isalnum()
        or not siren.isdigit()
    ):
        raise ValidationError(
            _(
                "A French VAT number is FR followed by 11 characters, "
                "for instance FR 32 123456789."
            ),
            code="vat_number_format",
        )
    if key.isdigit() and int(key) != (12 + 3 * (int(siren) % 97)) % 97:
        raise ValidationError(
            _("This VAT number is not valid (check key). Please check it."),
            code="vat_number_key",
        )


def validate_image_type(file):
    """Accept JPEG, PNG and WebP images only, judged by their content."""
    from PIL import Image

    image = getattr(file, "image", None)
    image_format = getattr(image, "format", None)
    if image_format is None:
        try:
            position = file.tell() if hasattr(file, "tell") else None
            with Image.open(file) as opened:
                image_format = opened.format
            if position is not None:
                file.seek(position)
        except Exception:
            raise ValidationError(
                _("This file is not an image."), code="not_an_image"
            ) from None
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Images must be JPEG, PNG or WebP."), code="image_type")


def validate_image_size(file):
    """Refuse images heavier than 2 MB."""
    if file.size is not None and file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("Images may not be larger than 2 MB."), code="image_size"
        )


def sanitise_story(html):
    """Keep basic formatting of an artisan's story, drop scripts and styles."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=STORY_TAGS,
        attributes=STORY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
