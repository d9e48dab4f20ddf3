"""``ETag`` on the API's reads: a program that sends back ``If-None-Match``
with the tag it holds gets ``304 Not Modified`` and no body."""

import hashlib

from django.utils.http import parse_etags, quote_etag


def weak_etag(content):
    """A weak tag of a response body (the same JSON, the same tag)."""
    return "W/" + quote_etag(hashlib.sha256(content).hexdigest()[:32])


def matches(tag, if_none_match):
    """Weak comparison (RFC 9110 §13.1.2): ``W/`` is ignored on both sides."""
    if if_none_match.strip() == "*":
        return True
    held = {etag.removeprefix("W/") for etag in parse_etags(if_none_match)}
    return tag.removeprefix("W/") in held


class ETagMixin:
    """For a DRF view: a weak ``ETag`` on every successful ``GET``, computed
    from the rendered body, and ``304`` when ``If-None-Match`` holds it.

    The body is still built (the tag is of what would be sent); what is
    saved is the transfer and the client's work.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        tag = weak_etag(response.content)
        response["ETag"] = tag
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and matches(tag, if_none_match):
            response.status_code = 304
            response.content = b""
            for header in ("Content-Type", "Content-Length"):
                if header in response:
                    del response[header]
        return response
