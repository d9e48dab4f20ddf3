#!/usr/bin/env python
"""Checkout under load: consumers go from basket to placed order, paid at pickup.

One run:

1. prepares a PostgreSQL database of its own (``boutique_checkout_bench``, a
   copy of a migrated template, as ``bench.py`` does) and generates a
   catalogue (``manage.py generate_catalogue``);
2. sets the shop up for pickups: every artisan offers click & collect at
   their workshop and serves one shared drive point, accepts payment at
   pickup, and has hourly slots a few days ahead; the workshop slots take a
   few parcels each, the drive's one. A few "hot" products have a couple of
   units, the others plenty; ``--consumers`` accounts get a signed-in session;
3. starts gunicorn (production settings, ``--workers`` sync workers) and
   walks one consumer through the journey a few times, alone, counting each
   request's SQL queries (past the workers' warm-up);
4. lets ``--consumers`` threads loop over the journey for ``--seconds``, each
   with its own cookies and network address (behind one trusted proxy, as
   deployed), following every redirect as a browser does:

   add a product to the basket (-> basket page) -> checkout (-> "delivery or
   pickup" page) -> choose a pickup and a slot among those offered (-> no
   address, the one method, the payment page) -> "pay at pickup" (-> preview)
   -> place the order (-> thank-you page);

   a consumer refused for lack of stock (at the basket, during the checkout
   or when placing) or of a slot (full when held or booked, none offered)
   empties the basket and starts again: those refusals are expected and
   counted, not errors; a slot found full when chosen is chosen again;
5. checks the database (``checkout_checks``): units allocated beyond a stock
   record's stock, places taken beyond a slot's capacity; prints a markdown
   table and writes ``var/bench/checkout-results.json``.

Orders/s counts the orders placed during the run, divided by its length.

    .venv/bin/python deploy/bench/checkout_bench.py --consumers 8 --seconds 30

``--redis-url`` gives the shop a Redis database of the bench's own (emptied
before and after) for its cache, sessions and Celery broker, as deployed
(queued tasks are not run: no worker is started); without it
the shop's environment decides (no ``REDIS_URL``: sessions in the database,
tasks run in the request).
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import bench

REPO = Path(__file__).resolve().parent.parent.parent
RESULTS = bench.VAR / "checkout-results.json"
CHECKOUT_BENCH_DB_NAME = "boutique_checkout_bench"
CHECKOUT_BENCH_TEMPLATE_NAME = "boutique_checkout_bench_template"
CONSUMER_EMAIL = "bench-consumer-{n:03d}@example.com"
PAY_AT_PICKUP = "pay_at_pickup"
MAX_REDIRECTS = 10
# Size of the static response measured beside the journey (a page's order).
STATIC_BYTES = 30_000
# A consumer told their slot is full chooses again this many times.
SLOT_RETRIES = 2

# Journey outcomes.
PLACED = "placed"
REFUSED_STOCK_AT_BASKET = "refused: sold out when added to the basket"
REFUSED_STOCK_IN_CHECKOUT = "refused: sold out during the checkout"
REFUSED_STOCK_AT_ORDER = "refused: sold out when the order was placed"
REFUSED_NO_SLOT = "refused: no slot offered"
REFUSED_SLOT_AT_HOLD = "refused: slot full when chosen"
REFUSED_SLOT_AT_ORDER = "refused: slot full when the order was placed"
ERROR = "error"


class JourneyError(Exception):
    """An answer no consumer should get (a 5xx, or a page out of the journey)."""


# HTTP, as a browser without JavaScript
# ------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The forms of a page: id, action, and their fields in document order.

    Each field is ``(name, value, kind)``; ``kind`` is ``radio`` (with
    ``disabled``), ``select`` (value: the list of its options' values) or
    ``value`` for anything posted as it is.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "id": attrs.get("id", ""),
                "action": attrs.get("action", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "radio":
                self._form["fields"].append(
                    (
                        attrs["name"],
                        attrs.get("value", ""),
                        "radio-disabled" if "disabled" in attrs else "radio",
                    )
                )
            elif kind not in ("submit", "button", "checkbox") or "checked" in attrs:
                self._form["fields"].append(
                    (attrs["name"], attrs.get("value", ""), "value")
                )
        elif tag == "select" and attrs.get("name"):
            self._select = (attrs["name"], [])
            self._form["fields"].append((attrs["name"], self._select[1], "select"))
        elif tag == "option" and self._select is not None:
            self._select[1].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class Answer:
    def __init__(self, status, location, body, queries):
        self.status = status
        self.location = location
        self.body = body
        self.queries = queries

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """One consumer's cookies and address, and the latency of each request.

    Cookies are kept by hand: the shop marks its session and CSRF cookies
    ``Secure`` (production settings) while the bench speaks plain HTTP to
    gunicorn, where a standard cookie jar would drop them.
    """

    def __init__(self, port, address, count_queries=False):
        self.port = port
        self.address = address
        self.count_queries = count_queries
        self.cookies = {}
        self.timings = []  # (step, seconds, status, queries)

    def request(self, method, path, data=None, step=None):
        headers = {"X-Forwarded-For": self.address, "Accept-Language": "fr"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.count_queries:
            headers["X-Bench-Count-Queries"] = "1"
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            location = response.headers.get("Location")
            queries = response.headers.get("X-Bench-Queries")
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        self.store_cookies(cookies)
        queries = int(queries) if queries is not None else None
        self.timings.append((step or path, elapsed, response.status, queries))
        if response.status >= 500:
            raise JourneyError(f"{method} {path} answered {response.status}")
        if location:
            location = urlsplit(location)._replace(scheme="", netloc="").geturl()
        return Answer(response.status, location, content, queries)

    def store_cookies(self, headers):
        for header in headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (
                    morsel["expires"] and "1970" in morsel["expires"]
                ):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path, step=None):
        return self.request("GET", path, step=step)

    def post(self, path, data, step=None):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", path, data, step=step)

    def follow(self, answer, step):
        """Follow ``answer``'s redirects; the last answer and the paths seen."""
        seen = []
        for _ in range(MAX_REDIRECTS):
            if answer.status not in (301, 302, 303) or not answer.location:
                return answer, seen
            seen.append(answer.location)
            answer = self.get(answer.location, step=step)
        raise JourneyError(f"more than {MAX_REDIRECTS} redirects after {step}")


# The journey
# ------------------------------------------------------------------------------


class Consumer:
    """A signed-in consumer who buys one product at a time, paid at pickup."""

    def __init__(self, browser, urls, products, args, seed):
        self.browser = browser
        self.urls = urls
        self.products = products
        self.args = args
        self.rng = random.Random(seed)
        # Slots found full when chosen, then another one chosen.
        self.slot_retries = 0

    def first_visit(self):
        """Open the basket page, as a consumer arriving does: it gives the
        CSRF cookie that every form posts back."""
        self.browser.get(self.urls["basket"], "first visit")
        if "csrftoken" not in self.browser.cookies:
            raise JourneyError("the basket page set no CSRF cookie")

    def pick_product(self):
        hot = self.products["hot"]
        if hot and self.rng.random() < self.args.hot_share:
            return self.rng.choice(hot)
        return self.rng.choice(self.products["plentiful"])

    def journey(self):
        """Buy one product; return the outcome (``PLACED`` or a refusal)."""
        browser, urls = self.browser, self.urls
        answer = browser.post(
            urls["add"].format(pk=self.pick_product()), {"quantity": 1}, step="add"
        )
        if answer.status != 302:
            raise JourneyError(f"adding to the basket answered {answer.status}")
        # Added or refused (with the reason), Oscar shows the basket next.
        page, _ = browser.follow(answer, "basket page")
        if not basket_lines(page.text):
            return REFUSED_STOCK_AT_BASKET

        answer = browser.get(urls["checkout"], "checkout")
        answer, seen = browser.follow(answer, "checkout")
        if seen and seen[-1] == urls["basket"]:
            return REFUSED_STOCK_IN_CHECKOUT
        outcome = self.choose_pickup(answer)
        if outcome is not None:
            return outcome

        answer = browser.post(urls["preview"], {"payment_method": PAY_AT_PICKUP}, "pay")
        if answer.status != 200:
            answer, seen = browser.follow(answer, "pay")
            if seen and seen[-1] == urls["basket"]:
                return REFUSED_STOCK_IN_CHECKOUT
            raise JourneyError(f"choosing to pay at pickup led to {seen}")

        answer = browser.post(urls["preview"], {"action": "place_order"}, "place order")
        if answer.status != 302:
            raise JourneyError(f"placing the order answered {answer.status}")
        browser.follow(answer, "after placing")
        if answer.location == urls["thank_you"]:
            return PLACED
        if answer.location == urls["basket"]:
            return REFUSED_STOCK_AT_ORDER
        if answer.location == urls["fulfilment"]:
            return REFUSED_SLOT_AT_ORDER
        raise JourneyError(f"placing the order sent to {answer.location}")

    def choose_pickup(self, page):
        """Post a pickup and slot choice until accepted; None once on the
        payment page, else the refusal."""
        for _attempt in range(1 + SLOT_RETRIES):
            if page.status != 200 or not page.text:
                raise JourneyError(f"the fulfilment step answered {page.status}")
            data = self.pickup_choice(page.text)
            if data is None:
                return REFUSED_NO_SLOT
            answer = self.browser.post(self.urls["fulfilment"], data, "fulfilment")
            if answer.status == 200:
                page = answer  # the step again, saying the slot is full
                self.slot_retries += 1
                continue
            answer, seen = self.browser.follow(answer, "to the payment step")
            if seen and seen[-1] == self.urls["basket"]:
                # A product of the basket sold out since it was added.
                return REFUSED_STOCK_IN_CHECKOUT
            if not seen or seen[-1] != self.urls["payment_details"]:
                raise JourneyError(f"the fulfilment step led to {seen}")
            return None
        return REFUSED_SLOT_AT_HOLD

    def pickup_choice(self, html):
        """The fulfilment form's data with, for each artisan, a pickup and a
        slot among those the page offers; None when no pickup has a slot."""
        form = next(
            (f for f in forms_of(html) if f["action"] == self.urls["fulfilment"]),
            None,
        )
        if form is None:
            raise JourneyError("no fulfilment form on the fulfilment page")
        data, radios, selects = {}, {}, {}
        for name, value, kind in form["fields"]:
            if kind == "value" and name != "csrfmiddlewaretoken":
                data[name] = value
            elif kind == "radio" and value != "delivery":
                radios.setdefault(name, []).append(value)
            elif kind == "select":
                selects[name] = value
        choice_names = {
            name for name, _v, kind in form["fields"] if kind.startswith("radio")
        }
        for name in choice_names:
            offered = radios.get(name)
            if not offered:
                return None
            # Workshop first on the page; the shared drive with some chance.
            drives = [v for v in offered if v.startswith("point_pickup:")]
            if drives and self.rng.random() < self.args.drive_share:
                choice = self.rng.choice(drives)
            else:
                choice = offered[0]
            data[name] = choice
            point_id = choice.partition(":")[2]
            slot_field = f"{name.removesuffix('-choice')}-slot-{point_id}"
            slots = selects.get(slot_field) or []
            if not slots:
                return None
            # Most take the earliest slot: where checkouts meet.
            if self.rng.random() < self.args.earliest_share:
                data[slot_field] = slots[0]
            else:
                data[slot_field] = self.rng.choice(slots)
        return data

    def empty_basket(self):
        """Remove every line of the basket, as its page's form does."""
        page = self.browser.get(self.urls["basket"], "empty basket")
        form = basket_form(page.text)
        if form is None:
            return  # nothing in it
        data = {
            name: ("0" if name.endswith("-quantity") else value)
            for name, value, kind in form["fields"]
            if kind == "value" and name != "csrfmiddlewaretoken"
        }
        answer = self.browser.post(self.urls["basket"], data, "empty basket")
        self.browser.follow(answer, "empty basket")


def basket_form(html):
    """The basket page's form of its lines; None when the basket is empty."""
    return next(
        (
            form
            for form in forms_of(html)
            if any(name == "form-TOTAL_FORMS" for name, _v, _k in form["fields"])
        ),
        None,
    )


def basket_lines(html):
    """How many lines the basket page shows."""
    form = basket_form(html)
    if form is None:
        return 0
    total = next(v for name, v, _k in form["fields"] if name == "form-TOTAL_FORMS")
    return int(total or 0)


def run_consumer(consumer, deadline, journeys):
    """Loop over the journey until ``deadline``; append one record per journey."""
    try:
        consumer.first_visit()
    except (JourneyError, OSError, http.client.HTTPException) as exc:
        detail = f"first visit: {exc.__class__.__name__}: {exc}"
        journeys.append(
            {"outcome": ERROR, "seconds": 0, "requests": 1, "detail": detail}
        )
        return
    while time.monotonic() < deadline:
        started = time.perf_counter()
        first_timing = len(consumer.browser.timings)
        try:
            outcome = consumer.journey()
            detail = None
        except (JourneyError, OSError, http.client.HTTPException) as exc:
            outcome, detail = ERROR, f"{exc.__class__.__name__}: {exc}"
        elapsed = time.perf_counter() - started
        journeys.append(
            {
                "outcome": outcome,
                "seconds": elapsed,
                "requests": len(consumer.browser.timings) - first_timing,
                "detail": detail,
            }
        )
        if outcome != PLACED:
            with contextlib.suppress(JourneyError, OSError, http.client.HTTPException):
                consumer.empty_basket()


# Setting the shop up
# ------------------------------------------------------------------------------


def setup_django(env):
    """Point this process at the bench database, with the server's settings."""
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def set_up_pickups(args):
    """Workshops, a shared drive point and their slots, for every artisan.

    Returns ``{"workshop_places", "drive_places"}``.
    """
    from django.utils import timezone

    from delivery.models import (
        PickupPoint,
        PickupPointKind,
        Slot,
        VendorFulfilment,
    )
    from vendors.models import Vendor

    vendors = list(Vendor.objects.select_related("partner").order_by("pk"))
    drive = PickupPoint.objects.create(
        kind=PickupPointKind.DRIVE,
        name="Drive fermier du banc d'essai",
        slug="bench-drive",
        address="Parking du marché",
        postcode="13001",
        commune="Marseille",
    )
    points = [drive]
    for vendor in vendors:
        fulfilment, _created = VendorFulfilment.objects.update_or_create(
            vendor=vendor,
            defaults={
                "workshop_pickup": True,
                "accepts_pay_at_pickup": True,
                "preparation_hours": 24,
            },
        )
        fulfilment.points.add(drive)
        points.append(
            PickupPoint.objects.create(
                kind=PickupPointKind.WORKSHOP,
                vendor=vendor,
                name=f"Atelier {vendor.partner.name}",
                slug=f"bench-workshop-{vendor.pk}",
                address="1 place du Marché",
                postcode="13400",
                commune=vendor.commune or "Aubagne",
            )
        )
    # Hourly, 8:00 to 18:00, from three days ahead: past every cut-off.
    tz = timezone.get_current_timezone()
    first_day = timezone.localdate() + timedelta(days=3)
    starts = []
    day = first_day
    while len(starts) < args.slots_per_point:
        for hour in range(8, 18):
            starts.append(
                timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)
                + timedelta(hours=hour)
            )
        day += timedelta(days=1)
    starts = starts[: args.slots_per_point]
    Slot.objects.bulk_create(
        [
            Slot(
                point=point,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                capacity=args.drive_capacity if point is drive else args.slot_capacity,
            )
            for point in points
            for start in starts
        ]
    )
    return {
        "workshop_places": len(vendors) * len(starts) * args.slot_capacity,
        "drive_places": len(starts) * args.drive_capacity,
    }


def set_stock(args):
    """A few hot products with a couple of units, plenty of every other one.

    Returns ``{"hot": [product ids], "plentiful": [product ids]}``.
    """
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    records = list(
        StockRecord._default_manager.filter(product__code__startswith="gen-")
        .order_by("pk")
        .values_list("pk", "product_id")
    )
    rng = random.Random(args.seed)
    rng.shuffle(records)
    hot, plentiful = records[: args.hot_products], records[args.hot_products :]
    StockRecord._default_manager.filter(pk__in=[pk for pk, _ in hot]).update(
        num_in_stock=args.hot_stock, num_allocated=0
    )
    StockRecord._default_manager.filter(pk__in=[pk for pk, _ in plentiful]).update(
        num_in_stock=100_000, num_allocated=0
    )
    return {
        "hot": [product for _, product in hot],
        "plentiful": [product for _, product in plentiful],
    }


def signed_in_cookies(count):
    """``count`` consumer accounts, each with a signed-in session: their cookies.

    The session is written as ``django.contrib.auth.login`` writes it; no
    password is hashed (none is set).
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    User = get_user_model()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "django.contrib.auth.backends.ModelBackend"
    cookies = []
    for n in range(count):
        email = CONSUMER_EMAIL.format(n=n)
        user = User(username=email, email=email, first_name="Louise", last_name="Bench")
        user.set_unusable_password()
        user.save()
        session = store_class()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append({settings.SESSION_COOKIE_NAME: session.session_key})
    return cookies


def journey_urls():
    from django.urls import reverse

    return {
        "add": reverse("basket:add", args=[0]).replace("/0/", "/{pk}/"),
        "basket": reverse("basket:summary"),
        "checkout": reverse("checkout:index"),
        "fulfilment": reverse("checkout:fulfilment"),
        "payment_details": reverse("checkout:payment-details"),
        "preview": reverse("checkout:preview"),
        "thank_you": reverse("checkout:thank-you"),
    }


def static_files_stale():
    """True unless the collected files' manifest is newer than the project's
    static files and the installed packages (collecting takes minutes here)."""
    manifest = bench.VAR / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    sources = [REPO / "static", *REPO.glob("*/static"), *REPO.glob("*/apps/*/static")]
    newest = max(
        (path.stat().st_mtime for src in sources for path in src.rglob("*")),
        default=0,
    )
    # pip touches site-packages when it installs or upgrades a package.
    packages = (Path(sys.prefix) / "lib").glob("python*/site-packages")
    newest = max([newest, *(path.stat().st_mtime for path in packages)])
    return manifest.stat().st_mtime < newest


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


# Measuring
# ------------------------------------------------------------------------------


def percentile(samples, share):
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds):
    return None if seconds is None else seconds * 1000


def profile_journey(port, urls, products, cookies, args, rounds):
    """One consumer alone, ``rounds`` times: SQL queries and latency per step.

    The first rounds warm each worker up; a step's queries are the most any
    later round made.
    """
    browser = Browser(port, "10.13.255.254", count_queries=True)
    browser.cookies.update(cookies)
    consumer = Consumer(browser, urls, {"hot": [], "plentiful": products}, args, 0)
    consumer.first_visit()
    outcomes = []
    per_round = []
    for _ in range(rounds):
        start = len(browser.timings)
        outcomes.append(consumer.journey())
        per_round.append(browser.timings[start:])
        consumer.empty_basket()
    if outcomes[-1] != PLACED:
        raise bench.BenchError(f"a consumer alone could not order: {outcomes}")
    placed = outcomes.count(PLACED)
    steps = {}
    for timings in per_round[min(args.workers, rounds - 1) :]:
        for step, seconds, _status, queries in timings:
            row = steps.setdefault(step, {"queries": 0, "seconds": []})
            row["queries"] = max(row["queries"], queries or 0)
            row["seconds"].append(seconds)
    return placed, {
        step: {
            "queries": row["queries"],
            "ms": ms(min(row["seconds"])),
        }
        for step, row in steps.items()
    }


def run_load(port, urls, products, cookies, args):
    journeys = []
    browsers = []
    consumers = []
    for n, jar in enumerate(cookies):
        browser = Browser(port, f"10.13.{n // 250}.{n % 250 + 1}")
        browser.cookies.update(jar)
        browsers.append(browser)
        consumers.append(Consumer(browser, urls, products, args, args.seed + n + 1))
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(
            target=run_consumer, args=(consumer, deadline, journeys), daemon=True
        )
        for consumer in consumers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    timings = [t for browser in browsers for t in browser.timings]
    load = summarise(journeys, timings, elapsed)
    load["slot_full_chosen_again"] = sum(c.slot_retries for c in consumers)
    return load


def summarise(journeys, timings, elapsed):
    placed = [j for j in journeys if j["outcome"] == PLACED]
    outcomes = {}
    for journey in journeys:
        outcomes[journey["outcome"]] = outcomes.get(journey["outcome"], 0) + 1
    steps = {}
    for step, seconds, _status, _queries in timings:
        steps.setdefault(step, []).append(seconds)
    place = steps.get("place order", [])
    requests = [seconds for _step, seconds, _status, _q in timings]
    errors = [j["detail"] for j in journeys if j["outcome"] == ERROR]
    return {
        "seconds": elapsed,
        "journeys": len(journeys),
        "placed": len(placed),
        "orders_per_s": len(placed) / elapsed,
        "outcomes": outcomes,
        "refused_stock": sum(
            n
            for o, n in outcomes.items()
            if o
            in (
                REFUSED_STOCK_AT_BASKET,
                REFUSED_STOCK_IN_CHECKOUT,
                REFUSED_STOCK_AT_ORDER,
            )
        ),
        "refused_slot": sum(
            n
            for o, n in outcomes.items()
            if o in (REFUSED_NO_SLOT, REFUSED_SLOT_AT_HOLD, REFUSED_SLOT_AT_ORDER)
        ),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:10],
        "requests": len(requests),
        "requests_per_s": len(requests) / elapsed,
        "request_p50_ms": ms(percentile(requests, 0.5)),
        "request_p95_ms": ms(percentile(requests, 0.95)),
        "journey_p50_ms": ms(percentile([j["seconds"] for j in placed], 0.5)),
        "journey_p95_ms": ms(percentile([j["seconds"] for j in placed], 0.95)),
        "requests_per_placed_journey": (
            sum(j["requests"] for j in placed) / len(placed) if placed else None
        ),
        "place_order_p50_ms": ms(percentile(place, 0.5)),
        "place_order_p95_ms": ms(percentile(place, 0.95)),
        "steps": {
            step: {
                "requests": len(samples),
                "p50_ms": ms(percentile(samples, 0.5)),
                "p95_ms": ms(percentile(samples, 0.95)),
            }
            for step, samples in steps.items()
        },
    }


def placed_in_database(since):
    """Orders placed since ``since``, paid at pickup, and their pickups booked."""
    from oscar.core.loading import get_model

    from delivery.models import Reservation, ReservationStatus
    from shop.apps.payment.pay_at_pickup import SOURCE_TYPE_NAME

    Order = get_model("order", "Order")
    orders = Order._default_manager.filter(date_placed__gte=since)
    return {
        "orders": orders.count(),
        "paid_at_pickup": orders.filter(sources__source_type__name=SOURCE_TYPE_NAME)
        .distinct()
        .count(),
        "pickups_booked": Reservation.objects.filter(
            status=ReservationStatus.CONFIRMED,
            vendor_order__order__in=orders,
        ).count(),
    }


# Report
# ------------------------------------------------------------------------------


def fmt(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def table(load, checks, profile, args):
    lines = [
        "| consumers | seconds | placed | orders/s | request p95 ms | "
        "place order p50 / p95 ms | journey p50 / p95 ms | refused stock / slot | "
        "errors | oversold units | overbooked places |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {args.consumers} | {load['seconds']:.0f} | {load['placed']} | "
        f"{load['orders_per_s']:.1f} | {fmt(load['request_p95_ms'], 0)} | "
        f"{fmt(load['place_order_p50_ms'], 0)} / "
        f"{fmt(load['place_order_p95_ms'], 0)} | "
        f"{fmt(load['journey_p50_ms'], 0)} / {fmt(load['journey_p95_ms'], 0)} | "
        f"{load['refused_stock']} / {load['refused_slot']} | {load['errors']} | "
        f"{checks['oversold_units']} | {checks['overbooked_places']} |",
        "",
        "| step | SQL queries (alone) | ms (alone) | requests | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for step, row in load["steps"].items():
        alone = profile.get(step, {})
        lines.append(
            f"| {step} | {alone.get('queries', '–')} | {fmt(alone.get('ms'), 0)} | "
            f"{row['requests']} | {fmt(row['p50_ms'], 0)} | {fmt(row['p95_ms'], 0)} |"
        )
    lines += ["", "| outcome | journeys |", "|---|---:|"]
    for outcome, count in sorted(load["outcomes"].items()):
        lines.append(f"| {outcome} | {count} |")
    return "\n".join(lines)


def goal_lines(load, checks, args):
    def verdict(value, limit, below=True):
        ok = value is not None and (value <= limit if below else value >= limit)
        return "met" if ok else "not met"

    rate = load["orders_per_s"]
    p95 = load["request_p95_ms"]
    place_p95 = load["place_order_p95_ms"]
    limit = args.goal_p95_ms
    return [
        f"goal: >= {args.goal_rate:g} placed orders/s: {rate:.1f} "
        f"({verdict(rate, args.goal_rate, below=False)})",
        f"goal: p95 <= {limit:g} ms, per request: {fmt(p95, 0)} ms "
        f"({verdict(p95, limit)}); of placing the order: "
        f"{fmt(place_p95, 0)} ms ({verdict(place_p95, limit)})",
        f"oversold units: {checks['oversold_units']}, "
        f"overbooked slot places: {checks['overbooked_places']}",
    ]


# Main
# ------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consumers", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--products", type=int, default=400)
    parser.add_argument("--artisans", type=int, default=10)
    parser.add_argument(
        "--hot-products", type=int, default=3, help="products with few units"
    )
    parser.add_argument("--hot-stock", type=int, default=2, help="units of each")
    parser.add_argument(
        "--hot-share", type=float, default=0.3, help="share of picks that are hot"
    )
    parser.add_argument("--slots-per-point", type=int, default=60)
    parser.add_argument(
        "--slot-capacity", type=int, default=3, help="parcels per workshop slot"
    )
    parser.add_argument(
        "--drive-capacity", type=int, default=1, help="parcels per drive slot"
    )
    parser.add_argument(
        "--drive-share", type=float, default=0.3, help="pickups chosen at the drive"
    )
    parser.add_argument(
        "--earliest-share",
        type=float,
        default=0.5,
        help="consumers taking the earliest slot offered",
    )
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="a Redis database of the bench's own (emptied first): cache, "
        "sessions and Celery broker, as deployed",
    )
    parser.add_argument("--goal-rate", type=float, default=20)
    parser.add_argument("--goal-p95-ms", type=float, default=300)
    return parser.parse_args(argv)


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parse_args(argv)
    signal_setup()
    started = time.monotonic()
    bench.VAR.mkdir(parents=True, exist_ok=True)

    bench.BENCH_DB_NAME = CHECKOUT_BENCH_DB_NAME
    bench.BENCH_TEMPLATE_NAME = CHECKOUT_BENCH_TEMPLATE_NAME
    database = bench.pick_database("postgresql")
    env = bench.prepare_database(database)
    # Each consumer's address comes through one trusted proxy, as deployed
    # (deploy/nginx.conf): the limits per address apply to each of them.
    env["TRUSTED_PROXY_COUNT"] = "1"
    if args.redis_url:
        flush_redis(args.redis_url)
        env["REDIS_URL"] = args.redis_url
    if static_files_stale():
        bench.manage(env, "collectstatic", "--noinput", "--verbosity=0")
    else:
        bench.log("collectstatic: skipped, the static files are up to date")
    output = bench.manage(
        env,
        "generate_catalogue",
        f"--products={args.products}",
        f"--artisans={args.artisans}",
    )
    bench.log(output.strip())
    setup_django(env)

    from django.conf import settings

    places = set_up_pickups(args)
    products = set_stock(args)
    cookies = signed_in_cookies(args.consumers + 1)
    urls = journey_urls()
    bench.log(
        f"{len(products['hot'])} hot products of {args.hot_stock} units, "
        f"{len(products['plentiful'])} plentiful; slot places: {places}; "
        f"{args.consumers} consumers signed in"
    )
    run_started = datetime.now(UTC)

    server = bench.Gunicorn(env, args.workers, args.worker_class)
    server.log_path = bench.VAR / "checkout-gunicorn.log"
    with server:
        placed_alone, profile = profile_journey(
            server.port,
            urls,
            products["plentiful"],
            cookies[-1],
            args,
            rounds=2 * args.workers + 2,
        )
        bench.log(
            "alone: " + ", ".join(f"{s} {r['queries']} q" for s, r in profile.items())
        )
        static = bench.PythonLoad(args.consumers).run(
            server.port, bench.STATIC_PATH.format(size=STATIC_BYTES), 5
        )
        bench.log(
            f"static {STATIC_BYTES} bytes, {args.consumers} connections: "
            f"{static['rps']:.0f} req/s (this machine's ceiling now)"
        )
        bench.log(f"{args.consumers} consumers for {args.seconds}s")
        load = run_load(server.port, urls, products, cookies[:-1], args)
        if load["errors"]:
            bench.log(f"gunicorn log ({server.log_path}):\n{server.log_tail()}")

    if args.redis_url:
        # Nothing the bench queued (e-mails to its consumers) is left for a
        # worker to run later against a database that will be gone.
        flush_redis(args.redis_url)

    from deploy.bench.checkout_checks import consistency_report

    checks = consistency_report()
    in_database = placed_in_database(run_started)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": bench.git_revision(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "database": {"vendor": database.vendor, "url": str(database)},
        "shop": {
            "products": args.products,
            "artisans": args.artisans,
            "hot_products": args.hot_products,
            "hot_stock": args.hot_stock,
            "slot_places": places,
            "sessions": settings.SESSION_ENGINE,
            "celery_eager": settings.CELERY_TASK_ALWAYS_EAGER,
        },
        "server": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "settings": "shop.settings.production",
        },
        "load": {
            "consumers": args.consumers,
            "seconds": args.seconds,
            "hot_share": args.hot_share,
            "drive_share": args.drive_share,
            "earliest_share": args.earliest_share,
        },
        "alone": profile,
        "static_ceiling": static,
        "results": load,
        "placed_in_database": in_database,
        "placed_seen": {"alone": placed_alone, "under_load": load["placed"]},
        "checks": checks,
        "goal": {"orders_per_s": args.goal_rate, "p95_ms": args.goal_p95_ms},
    }
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")

    print()
    print(
        f"{database.vendor}, {args.artisans} artisans, gunicorn "
        f"{args.workers}x{args.worker_class}, {args.consumers} consumers for "
        f"{args.seconds}s, sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}, "
        f"tasks {'in the request' if settings.CELERY_TASK_ALWAYS_EAGER else 'queued'}"
        f", {os.cpu_count()} CPUs"
    )
    print(table(load, checks, profile, args))
    print()
    for line in goal_lines(load, checks, args):
        print(line)
    seen = placed_alone + load["placed"]
    print(
        f"in the database: {in_database['orders']} orders placed, "
        f"{in_database['paid_at_pickup']} paid at pickup, "
        f"{in_database['pickups_booked']} pickups booked; the consumers saw "
        f"{seen} placed ({placed_alone} alone)"
    )
    print(
        f"slots found full when chosen, another chosen: "
        f"{load['slot_full_chosen_again']}; static responses beside: "
        f"{static['rps']:.0f} req/s, the journey's requests: "
        f"{load['requests_per_s']:.0f} req/s"
    )
    print(f"\n{RESULTS}")
    bench.log(f"done in {time.monotonic() - started:.0f}s")
    failed = (
        load["errors"]
        or checks["oversold_units"]
        or checks["overbooked_places"]
        or in_database["orders"] != seen
    )
    return 1 if failed else 0


def signal_setup():
    import signal

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    # Also when started in the background, where SIGINT comes in ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except bench.BenchError as exc:
        bench.log(f"failed: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        bench.log("interrupted")
        sys.exit(130)
