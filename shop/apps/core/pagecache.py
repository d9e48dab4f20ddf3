"""Whole public pages from the cache, with nothing stale and nothing shared.

What is cached: a public page (``CACHED_VIEWS``: the home and every Wagtail
page, the catalogue, its categories, the search, product pages, the
directory and the e-boutiques) answered ``200`` to a ``GET`` from a visitor
who brings no cookie but the CSRF and language ones, once per language,
scheme, host and full address.

What is never in it:

- the CSRF token: each form's ``csrfmiddlewaretoken`` is stored as
  ``PLACEHOLDER`` and every answer, cached or not, gets the visitor's own
  token, so adding to the basket works from a cached page;
- anything of a session, a basket, messages or a signed-in person: a visitor
  carrying any other cookie is served the page rendered for them, and a page
  whose rendering wrote to the session, saved a basket, queued a message or
  set a cookie other than the recently viewed products' is not stored.

Signed-in consumers (and anonymous visitors with a basket or messages) get
the catalogue's lists (``PERSONAL_HOLES_VIEWS``) from the same entry, with
the header's personal parts rendered for them: the mini basket, the account
links and the messages are marked in ``oscar/layout.html`` as holes
(``<!--hole:name-->…<!--/hole:name-->``), and they are rendered again with
the request's own context, in one rendering (``HOLES_TEMPLATE``). Nothing
else on those pages depends on who asks.

Nothing stale: every entry belongs to a *generation*. Saving or deleting
what a public page shows (``WATCHED_APPS``, ``WATCHED_MODELS``; queryset
updates call ``changed()`` themselves) starts a new generation, once at the
change and again when its transaction commits, so a page rendered from the
data before the commit is never kept under the new one. Entries also end at
the next moment a page changes by itself (``next_boundary``: an offer or an
event starting or ending, midnight for the campaigns' periods and the
apprenticeship offers' dates), and a page showing pickup slots ends when its
first slot stops being bookable (``expires_by``).

Answers carry an ``ETag`` (the stored page and the visitor's CSRF cookie,
so a changed token is never answered "not modified") and ``Cache-Control:
private, no-cache``: browsers revalidate and get a ``304`` while nothing
changed; shared caches do not keep pages that hold a visitor's token.
"""

import contextvars
import datetime
import functools
import hashlib
import logging
import os
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
BOUNDARY_KEY = "pagecache:boundary"
ENTRY_PREFIX = "pagecache:page:"
STORED = "pagecache.stored"

# The views whose pages are the same for every visitor without cookies.
CACHED_VIEWS = frozenset(
    {
        "wagtail_serve",
        "catalogue:index",
        "catalogue:category",
        "catalogue:detail",
        "search:search",
        "vendors:directory",
        "vendors:storefront",
    }
)
# Of those, the pages whose only personal parts are the header's holes.
PERSONAL_HOLES_VIEWS = frozenset({"catalogue:index", "catalogue:category"})
# The holes' contents, rendered together: mini_basket, nav_accounts, messages.
HOLES_TEMPLATE = "pagecache/holes.html"
HOLE = re.compile(rb"<!--hole:(\w+)-->.*?<!--/hole:\1-->", re.DOTALL)

TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"csrf-token-of-the-visitor"
PLACEHOLDER_FIELD = b'name="csrfmiddlewaretoken" value="' + PLACEHOLDER + b'"'

# Response headers an entry keeps; the outer middleware add the others
# (security headers, CSP, language, cookies) to every answer.
KEPT_HEADERS = frozenset(
    {"content-type", "content-language", "x-robots-tag", "link", "x-frame-options"}
)

# Changing any model of these apps changes public pages.
WATCHED_APPS = frozenset(
    {
        "catalogue",
        "partner",
        "offer",
        "vendors",
        "promotions",
        "delivery",
        "reviews",
        "geo",
        "cms",
        "campaigns",
        "news",
        "territories",
        "apprenticeship",
        "resources",
    }
)
# And these models of other apps.
WATCHED_MODELS = frozenset(
    {
        "wagtailcore.page",
        "wagtailcore.site",
        "wagtailcore.pageviewrestriction",
        "wagtailimages.image",
        "flatpages.flatpage",
    }
)
# Models of the watched apps that no public page shows.
UNWATCHED_MODELS = frozenset(
    {
        "vendors.vendororder",
        "vendors.vendororderevent",
        "vendors.vendorapplication",
        "vendors.teaminvitation",
        "partner.stockalert",
        "offer.rangeproductfileupload",
        "delivery.reservation",
        "delivery.notification",
        "apprenticeship.apprenticeshipapplication",
        "resources.diagnosticrequest",
        "promotions.fundeddiscount",
        "reviews.vote",
    }
)

_expiry = contextvars.ContextVar("pagecache_expiry", default=None)


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


# Generations
# ------------------------------------------------------------------------------


def _new_generation():
    generation = time.time_ns()
    cache().set(GENERATION_KEY, generation, None)
    return generation


def changed(*args, **kwargs):
    """Start a new generation now and again when the transaction commits.

    Connected to the saves and deletions of ``WATCHED_APPS`` and
    ``WATCHED_MODELS``; called by code that updates them with a queryset.
    """
    if not enabled():
        return
    _new_generation()
    connection = connections[kwargs.get("using") or DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return
    # One commit callback per transaction, however many rows it writes (a
    # rolled back savepoint takes its callbacks with it: registered again).
    if not any(entry[1] is _new_generation for entry in connection.run_on_commit):
        transaction.on_commit(_new_generation, using=connection.alias)


def is_watched(model):
    label = model._meta.label_lower
    if label in UNWATCHED_MODELS:
        return False
    return model._meta.app_label in WATCHED_APPS or label in WATCHED_MODELS


# Moments a page changes by itself
# ------------------------------------------------------------------------------


def expires_by(moment):
    """The page being rendered must not be served from the cache after
    ``moment`` (an aware datetime), e.g. when a pickup slot it shows closes."""
    current = _expiry.get()
    if current is None or moment is None:
        return
    if current[0] is None or moment < current[0]:
        current[0] = moment


def next_boundary(now):
    """The next moment a public page changes without anything being saved."""
    from django.apps import apps

    local_now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(
            local_now.date() + datetime.timedelta(days=1), datetime.time()
        )
    )
    moments = [midnight]
    offers = apps.get_model("offer", "ConditionalOffer")._default_manager
    events = apps.get_model("news", "EventPage")._default_manager.filter(live=True)
    for queryset, fields in (
        (offers, ("start_datetime", "end_datetime")),
        (events, ("starts_at", "ends_at")),
    ):
        # One query each: the earliest start and end still to come.
        found = queryset.aggregate(
            **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in fields}
        )
        moments += [moment for moment in found.values() if moment is not None]
    return min(moments)


# The middleware
# ------------------------------------------------------------------------------


def _shareable_cookies():
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


@functools.cache
def _holes_prefix():
    """Where the pages with holes for personal parts live (the catalogue)."""
    return reverse("catalogue:index")


def _entry_key(request, language=None):
    parts = "|".join(
        (
            request.scheme,
            request.get_host(),
            language or translation.get_language() or "",
            request.get_full_path(),
        )
    )
    return ENTRY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def _etag(entry, request):
    digest = hashlib.sha256(entry["digest"].encode())
    digest.update(request.COOKIES.get(settings.CSRF_COOKIE_NAME, "").encode())
    return f'W/"{digest.hexdigest()[:32]}"'


class PageCacheMiddleware:
    """Serves and stores public pages (see the module's docstring).

    Sits after the session, CSRF, authentication, messages and basket
    middleware, so that a page from the cache still gets the visitor's CSRF
    cookie, language cookie and security headers from the outer ones, and the
    holes are rendered with the request's user, basket and messages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        shareable = set(request.COOKIES) <= _shareable_cookies()
        if not shareable and not request.path_info.startswith(_holes_prefix()):
            return self.get_response(request)
        key = _entry_key(request)
        try:
            found = cache().get_many([GENERATION_KEY, BOUNDARY_KEY, key])
        except Exception:  # noqa: BLE001 - a cache that fails is a miss
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _new_generation()
        entry = found.get(key)
        now = time.time()
        if (
            entry is not None
            and entry["generation"] == generation
            and entry["until"] > now
            and (shareable or entry["view"] in PERSONAL_HOLES_VIEWS)
        ):
            return self.answer(request, entry, shareable)
        token = _expiry.set([None])
        try:
            response = self.get_response(request)
            expiry = _expiry.get()[0]
        finally:
            _expiry.reset(token)
        if shareable and self.may_store(request, response):
            entry = self.store(
                request, response, key, generation, found.get(BOUNDARY_KEY), expiry
            )
            if entry is not None:
                self.conditional_headers(request, response, entry)
        return response

    # Serving

    def answer(self, request, entry, shareable):
        content = entry["content"]
        response = HttpResponse(status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        for name, value, attributes in entry["cookies"]:
            response.cookies[name] = value
            response.cookies[name].update(attributes)
        if shareable:
            etag = _etag(entry, request)
            self.conditional_headers(request, response, entry, etag)
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=entry["stored"], response=response
            )
            if not_modified is not response:
                return not_modified
        else:
            # The holes change without the page changing (a basket, a
            # message): no validator, so a browser never keeps an old one.
            content = self.fill_holes(request, content)
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ("Cookie",))
        if request.method == "HEAD":
            response.content = b""
            return response
        response.content = content.replace(
            PLACEHOLDER_FIELD,
            b'name="csrfmiddlewaretoken" value="' + get_token(request).encode() + b'"',
        )
        return response

    def fill_holes(self, request, content):
        rendered = render_to_string(HOLES_TEMPLATE, request=request).encode()
        holes = {match.group(1): match.group(0) for match in HOLE.finditer(rendered)}
        return HOLE.sub(
            lambda match: holes.get(match.group(1), match.group(0)), content
        )

    @staticmethod
    def conditional_headers(request, response, entry, etag=None):
        response["ETag"] = etag or _etag(entry, request)
        response["Last-Modified"] = http_date(entry["stored"])
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))

    # Storing

    def may_store(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in CACHED_VIEWS:
            return False
        if response.status_code != 200 or response.streaming:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if "no-store" in response.get("Cache-Control", "") or response.get(
            "Cache-Control", ""
        ).startswith("private"):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and (
            getattr(messages, "_queued_messages", None) or messages.added_new
        ):
            return False
        basket = getattr(request, "_basket_cache", None)
        if basket is not None and basket.id:
            return False
        kept_cookie = settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME
        return set(response.cookies) <= {kept_cookie}

    def store(self, request, response, key, generation, boundary, expiry):
        now = timezone.now()
        if boundary is None or boundary[0] != generation or boundary[1] <= now:
            boundary = (generation, next_boundary(now))
            cache().set(
                BOUNDARY_KEY,
                boundary,
                max(1, int((boundary[1] - now).total_seconds())),
            )
        until = min(
            boundary[1], now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
        )
        if expiry is not None:
            until = min(until, expiry)
        seconds = (until - now).total_seconds()
        if seconds < 1:
            return None
        content = TOKEN_FIELD.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
        entry = {
            "generation": generation,
            "until": until.timestamp(),
            "stored": int(now.timestamp()),
            "view": request.resolver_match.view_name,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() in KEPT_HEADERS
            ],
            "cookies": [
                (morsel.key, morsel.value, dict(morsel))
                for morsel in response.cookies.values()
            ],
            "content": content,
            "digest": hashlib.sha256(content).hexdigest(),
        }
        cache().set(key, entry, int(seconds) + 1)
        # For PageCacheApplication: the answer's headers once every middleware
        # has added its own, recorded when the server is given them.
        request.META[STORED] = (key, entry, int(seconds) + 1)
        return entry


def connect_receivers():
    """Start a new generation whenever what public pages show changes."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in apps.get_models():
        if is_watched(model):
            uid = f"pagecache:{model._meta.label_lower}"
            post_save.connect(changed, sender=model, dispatch_uid=uid)
            post_delete.connect(changed, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    changed, sender=field.remote_field.through, dispatch_uid=uid
                )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(changed, dispatch_uid="pagecache:pages")


# Before Django: hits answered by the WSGI application
# ------------------------------------------------------------------------------

# Headers of a stored answer that belong to one request, not to the page.
REQUEST_HEADERS = frozenset(
    {"set-cookie", "x-request-id", "etag", "content-length", "date", "server"}
)


class PageCacheApplication:
    """Wraps the WSGI application: a visitor without personal cookies asking
    for a page in the cache gets it without going through Django's handler
    and middleware, which cost as much as the page itself once it is cached.

    The answer is the one Django gave, replayed: the headers every middleware
    added (security headers, CSP, language, ``Vary``) are recorded when the
    page is stored, and what belongs to the request is made again here, as
    the middleware would: the visitor's CSRF token in each form and the CSRF
    cookie (``csrf_token_and_cookie``), the ``ETag`` (with
    ``304`` when it matches), ``Content-Length`` and ``X-Request-ID``.
    Addresses asking for a language (``?lang=``) go through Django, which
    sets the language cookie; so does anything the cache cannot answer.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if enabled() and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                answer = self.from_cache(environ)
            except Exception:  # noqa: BLE001 - Django answers instead
                logger.warning("page cache: answered by Django", exc_info=True)
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]

        def recording(status, headers, exc_info=None):
            stored = environ.get(STORED)
            if stored is not None and status.startswith("200 "):
                self.record_headers(*stored, headers)
            return start_response(status, headers, exc_info)

        return self.application(environ, recording)

    @staticmethod
    def record_headers(key, entry, seconds, headers):
        entry["final_headers"] = [
            (name, value)
            for name, value in headers
            if name.lower() not in REQUEST_HEADERS
        ]
        cache().set(key, entry, seconds)

    def from_cache(self, environ):
        from django.core.handlers.wsgi import WSGIRequest

        from shop.apps.core.logs import ACCEPTED_ID

        path = environ.get("PATH_INFO", "")
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        request = WSGIRequest(environ)
        if not set(request.COOKIES) <= _shareable_cookies() or "lang" in request.GET:
            return None
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        try:
            key = _entry_key(request, language)
        except DisallowedHost:
            return None  # Django answers 400, and logs it as it does
        found = cache().get_many([GENERATION_KEY, key])
        entry = found.get(key)
        if (
            entry is None
            or "final_headers" not in entry
            or entry["generation"] != found.get(GENERATION_KEY)
            or entry["until"] <= time.time()
        ):
            return None
        cookies = HttpResponse()
        token = csrf_token_and_cookie(request, cookies)
        if token is None:
            return None
        etag = _etag(entry, request)
        for name, value, attributes in entry["cookies"]:
            cookies.cookies[name] = value
            cookies.cookies[name].update(attributes)
        given = environ.get("HTTP_X_REQUEST_ID", "")
        headers = [
            *entry["final_headers"],
            ("ETag", etag),
            ("X-Request-ID", given if ACCEPTED_ID.fullmatch(given) else uuid4hex()),
            *(("Set-Cookie", c.OutputString()) for c in cookies.cookies.values()),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            kept = {"cache-control", "vary", "last-modified", "content-language"}
            headers = [
                (n, v)
                for n, v in headers
                if n.lower() in kept or n in ("ETag", "X-Request-ID", "Set-Cookie")
            ]
            return "304 Not Modified", headers, b""
        body = entry["content"].replace(
            PLACEHOLDER_FIELD,
            b'name="csrfmiddlewaretoken" value="' + token.encode() + b'"',
        )
        headers.append(("Content-Length", str(len(body))))
        if environ["REQUEST_METHOD"] == "HEAD":
            body = b""
        return "200 OK", headers, body


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's length below 256: bytes above it are
# dropped, so every character is equally likely.
_CSRF_BYTES_KEPT = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_csrf_string():
    """CSRF_SECRET_LENGTH characters of Django's CSRF alphabet, from one
    ``os.urandom`` call (Django's ``get_random_string`` makes one per
    character, a third of a cached page's time)."""
    size = len(CSRF_ALLOWED_CHARS)
    chars = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += [
            CSRF_ALLOWED_CHARS[byte % size]
            for byte in os.urandom(2 * CSRF_SECRET_LENGTH)
            if byte < _CSRF_BYTES_KEPT
        ]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def csrf_token_and_cookie(request, response):
    """What ``{% csrf_token %}`` and ``CsrfViewMiddleware`` give a request:
    a token masking the visitor's secret (a new secret when the request has
    none), the secret set again as the cookie on ``response``. Django's own
    masking: the token is a random mask followed by the secret shifted by it,
    read back by ``CsrfViewMiddleware`` like any of its tokens. None when the
    cookie is not a secret of Django's current format (Django then answers)."""
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if secret is None:
        secret = _random_csrf_string()
    elif len(secret) != CSRF_SECRET_LENGTH or set(secret) - _CSRF_INDEX.keys():
        return None
    mask = _random_csrf_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[x] + _CSRF_INDEX[y]) % size]
        for x, y in zip(secret, mask, strict=True)
    )
    response.set_cookie(
        settings.CSRF_COOKIE_NAME,
        secret,
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )
    return mask + cipher


def uuid4hex():
    import uuid

    return uuid.uuid4().hex
