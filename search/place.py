"""Where the visitor said they are, remembered for the pages that follow.

The near-me box (a town, or the browser's position) only lives in a query
string; the product page and the home page measure distances from the last
place chosen there, kept in the session. Positions are rounded to about a
hundred metres: enough for "12 km from you", no more than that is kept.
"""

from .backends.base import GeoPoint

SESSION_KEY = "visitor_place"
DECIMALS = 3


def remember_place(request, name, point):
    """Keep ``name`` and ``point`` (a ``GeoPoint``) as the visitor's place."""
    if point is None or not hasattr(request, "session"):
        return
    place = {
        "name": str(name)[:80],
        "lat": round(float(point.lat), DECIMALS),
        "lon": round(float(point.lon), DECIMALS),
    }
    if request.session.get(SESSION_KEY) != place:
        request.session[SESSION_KEY] = place


def remembered_place(request):
    """``(name, GeoPoint)`` of the visitor's last chosen place, or ``("", None)``."""
    session = getattr(request, "session", None)
    place = session.get(SESSION_KEY) if session is not None else None
    try:
        lat, lon = float(place["lat"]), float(place["lon"])
    except (KeyError, TypeError, ValueError):
        return "", None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "", None
    return str(place.get("name") or ""), GeoPoint(lat, lon)
