"""Signatures of outgoing webhooks, on Stripe's scheme.

Every delivery carries ``X-Artisans-Signature: t=<unix time>,v1=<hex>``, where
``<hex>`` is HMAC-SHA256, keyed with the endpoint's secret, of
``f"{t}.{body}"`` (the raw body, as bytes sent). A receiver recomputes it with
its secret, compares in constant time, and refuses a ``t`` too far from now
(replays). ``verify`` is that check, for our tests and as a reference.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Artisans-Signature"
EVENT_ID_HEADER = "X-Artisans-Event-Id"
# How old a signature's timestamp may be for ``verify``.
TOLERANCE_SECONDS = 300


class SignatureError(Exception):
    pass


def compute(secret, timestamp, body):
    """The hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` with ``secret``."""
    if isinstance(body, str):
        body = body.encode()
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={compute(secret, timestamp, body)}"


def verify(secret, body, header, tolerance=TOLERANCE_SECONDS, now=None):
    """Raise ``SignatureError`` unless ``header`` signs ``body`` with ``secret``."""
    parts = {}
    for item in (header or "").split(","):
        key, _sep, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        raise SignatureError("no timestamp") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = compute(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise SignatureError("no matching v1 signature")
    return timestamp
