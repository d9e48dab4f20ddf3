"""Every response carries the Content Security Policy, Referrer-Policy and
Permissions-Policy headers, and no page of ours runs inline code.

The browser proves the policy holds on the pages people use
(tests/e2e/shop/test_csp.py); these tests read the headers and the templates.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist, engines
from django.template.base import TextNode, VariableNode
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode
from oscar.core.loading import get_model

from shop.apps.core.headers import permissions_policy_header
from tests.factories import StaffUserFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified

Product = get_model("catalogue", "Product")


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    return {
        name: sources
        for name, *sources in (
            part.split() for part in response["Content-Security-Policy"].split(";")
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/boutique/catalogue/", "/boutique/basket/", "/healthz"]
)
def test_pages_allow_scripts_from_our_origin_and_stripe_only(client, home_page, path):
    response = client.get(path)

    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == [
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
    ]
    assert csp["style-src"] == ["'self'"]
    # Frames: Stripe's, and the video players of editorial pages.
    assert csp["frame-src"] == [
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
        "https://hooks.stripe.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
        *(f"https://{host}" for host in settings.PEERTUBE_HOSTS),
    ]
    assert csp["media-src"] == ["'self'", *settings.CSP_MEDIA_SOURCES]
    assert csp["connect-src"] == ["'self'", "https://api.stripe.com"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_missing_page_gets_the_headers_too(client):
    response = client.get("/boutique/catalogue/nothing-here_999/")

    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_referrer_policy_sends_only_our_origin_to_other_sites(client, home_page):
    response = client.get("/")

    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_permissions_policy_allows_only_what_the_shop_uses(client, home_page):
    response = client.get("/")

    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    assert features == {
        "camera": "(self)",
        "microphone": "(self)",
        "geolocation": "(self)",
        "payment": '(self "https://js.stripe.com")',
        "interest-cohort": "()",
        "browsing-topics": "()",
    }


def test_permissions_policy_header_quotes_origins_and_empties_refused_features():
    header = permissions_policy_header(
        {"payment": ["self", "https://js.stripe.com"], "usb": []}
    )

    assert header == 'payment=(self "https://js.stripe.com"), usb=()'


@pytest.mark.django_db
def test_the_dashboard_may_use_style_attributes_but_no_inline_script(client):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))

    response = client.get("/boutique/dashboard/")

    csp = policy(response)
    assert response.status_code == 200
    assert csp["style-src-attr"] == ["'unsafe-inline'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]


@pytest.mark.django_db
def test_only_wagtails_admin_may_run_inline_scripts(client, home_page):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))

    admin = client.get("/cms-admin/")
    shop = client.get("/")

    assert admin.status_code == 200
    assert policy(admin)["script-src"][0] == "'self'"
    assert "'unsafe-inline'" in policy(admin)["script-src"]
    assert "'unsafe-inline'" not in policy(shop)["script-src"]
    assert policy(admin)["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_shop_pages_do_not_allow_style_attributes(client, home_page):
    product = create_artisan_product(title="Savon au lait d'ânesse")

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assert "style-src-attr" not in policy(response)


# Templates ------------------------------------------------------------------

OSCAR_TEMPLATES = Path(__import__("oscar").__file__).parent / "templates"
OUR_TEMPLATES = settings.BASE_DIR / "templates"
# Oscar templates no page of ours renders: its 500 page (Django's own 500
# handler is in use) and Google Analytics, whose tracking blocks our base and
# thank-you pages leave empty.
NEVER_RENDERED = {
    "oscar/500.html",
    "oscar/partials/google_analytics.html",
    "oscar/partials/google_analytics_transaction.html",
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def template_names():
    names = set()
    for root in (OUR_TEMPLATES, OSCAR_TEMPLATES):
        names |= {str(path.relative_to(root)) for path in root.rglob("*.html")}
    return sorted(names - NEVER_RENDERED)


class RenderedPage:
    """What a template could output: its text with every branch, through its
    ``{% extends %}`` chain (the most derived block wins, block.super follows
    the chain) and the templates it includes by name.

    Tags and variables stand as ``X``; the text is what the browser would
    read as markup. ``onbodyload`` is the code of the most derived
    ``onbodyload`` block (Oscar's base ran it inline; ours has no such block).
    """

    def __init__(self, name):
        self.engine = engines["django"].engine
        self.parts = []
        self.onbodyload = ""
        self.add_template(self.engine.get_template(name), seen=[])

    @property
    def text(self):
        return "".join(self.parts)

    def add_template(self, template, seen):
        chain = [template]
        while True:
            extends = next(
                (node for node in chain[-1].nodelist if isinstance(node, ExtendsNode)),
                None,
            )
            if extends is None or not isinstance(extends.parent_name.var, str):
                break
            parent, _ = self.engine.find_template(
                extends.parent_name.var, skip=[t.origin for t in chain]
            )
            chain.append(parent)
        blocks = {}
        for link in chain:
            for block in link.nodelist.get_nodes_by_type(BlockNode):
                blocks.setdefault(block.name, []).append(block)
        if "onbodyload" in blocks and not seen:
            self.onbodyload = self.source_text(blocks["onbodyload"][0].nodelist)
        self.add_nodes(chain[-1].nodelist, blocks, seen + [template.origin.name])

    def add_nodes(self, nodelist, blocks, seen, depth=0):
        for node in nodelist:
            if isinstance(node, TextNode):
                self.parts.append(node.s)
            elif isinstance(node, ExtendsNode):
                continue
            elif isinstance(node, BlockNode):
                self.add_block(blocks.get(node.name, [node]), blocks, seen)
            elif isinstance(node, IncludeNode):
                name = getattr(node.template, "var", None)
                self.parts.append("X")
                if isinstance(name, str) and name not in seen:
                    self.add_template(self.included(name), seen)
            else:
                self.parts.append("X")
                for attr in node.child_nodelists:
                    self.add_nodes(getattr(node, attr, None) or [], blocks, seen)

    def add_block(self, definitions, blocks, seen):
        block, *parents = definitions
        self.add_nodes(block.nodelist, blocks, seen)
        calls_super = any(
            node.filter_expression.token == "block.super"
            for node in block.nodelist.get_nodes_by_type(VariableNode)
        )
        if calls_super and parents:
            self.add_block(parents, blocks, seen)

    def included(self, name):
        try:
            return self.engine.get_template(name)
        except TemplateDoesNotExist:
            # Django's form widgets, rendered by the form renderer.
            return self.engine.from_string("")

    @staticmethod
    def source_text(nodelist):
        text = "".join(node.s for node in nodelist.get_nodes_by_type(TextNode))
        return text.strip()


@pytest.mark.parametrize("name", template_names())
def test_no_page_runs_inline_script(name):
    page = RenderedPage(name)

    for attributes in SCRIPT_TAG.findall(page.text):
        assert "src=" in attributes or 'type="application/json"' in attributes, (
            f"{name}: inline <script{attributes}>; move it to static/js/"
        )
    handler = EVENT_HANDLER.search(page.text)
    assert handler is None, (
        f"{name}: inline event handler {handler and handler.group(0)!r}; "
        "use a data- attribute and static/js/page-init.js"
    )
    assert JAVASCRIPT_URL.search(page.text) is None, f"{name}: javascript: URL"
    # Only Oscar's dashboard may use style attributes (its policy allows
    # them); e-mails are no web pages.
    if not name.startswith("oscar/dashboard/") and "emails/" not in name:
        style = STYLE_ATTRIBUTE.search(page.text)
        assert style is None, (
            f"{name}: style attribute {style and style.group(0)!r}; use a class"
        )
    assert page.onbodyload == "", (
        f"{name}: onbodyload code {page.onbodyload!r} would not run; override "
        "the template, empty onbodyload and name its behaviour in page_init"
    )
