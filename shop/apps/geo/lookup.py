"""Finding the commune a visitor or an applicant typed: a name (any case,
accents or hyphens) or a five-digit postcode."""

import re
import unicodedata

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from .models import Commune

POSTCODE = re.compile(r"[0-9]{5}|2[AB][0-9]{3}")
ORDINAL = re.compile(r"\b([0-9]{1,2})\s*(?:e|er|eme|ème)\b")


def fold(text):
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text):
    """ "Salon-de-Provence", "salon de provence " -> "salon de provence";
    "St Rémy" -> "saint remy"."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text or "")).split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)[:100]


def ranked(communes):
    """Communes of the marketplace's region first, then the most populous."""
    region = getattr(settings, "MARKETPLACE_REGION_CODE", "")
    return communes.annotate(
        in_region=Case(
            When(departement__region__code=region, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("in_region", "-population", "insee")


def arrondissement_name(text):
    """ "Marseille 6e" -> "marseille 6e arrondissement" (the list's name)."""
    match = ORDINAL.search(normalise(text).replace(" eme", "eme"))
    if not match:
        return None
    base = normalise(text)[: match.start()].strip()
    number = int(match.group(1))
    suffix = "er" if number == 1 else "e"
    return f"{base} {number}{suffix} arrondissement"


def candidates(text, limit=10):
    """The communes ``text`` may mean, best first (at most ``limit``)."""
    text = (text or "").strip()
    if not text:
        return []
    base = Commune.objects.select_related("departement")
    if POSTCODE.fullmatch(text.upper()):
        return list(
            ranked(base.filter(postcodes__code=text.upper()).distinct())[:limit]
        )
    name = normalise(text)
    arrondissement = arrondissement_name(text)
    if arrondissement:
        found = list(ranked(base.filter(folded_name=arrondissement))[:limit])
        if found:
            return found
    return list(ranked(base.filter(folded_name=name))[:limit])


def find_place(text):
    """The commune ``text`` most likely means, or ``None``."""
    found = candidates(text, limit=1)
    return found[0] if found else None


def suggestions(text, limit=10):
    """Communes whose name starts with ``text`` (or with that postcode), for
    an autocomplete."""
    text = (text or "").strip()
    base = Commune.objects.select_related("departement")
    if text.isdigit() and 2 <= len(text) <= 5:
        return list(
            ranked(base.filter(postcodes__code__startswith=text).distinct())[:limit]
        )
    name = normalise(text)
    if len(name) < 2:
        return []
    return list(ranked(base.filter(folded_name__startswith=name))[:limit])
