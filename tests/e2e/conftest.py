"""A real browser (Debian's Chromium driven by Playwright) against a live server.

The browser is never downloaded by a test tool: it is the system Chromium at
CHROMIUM_PATH (default /usr/bin/chromium). Without it the browser tests skip
with that reason, which under CI=true is a failure (tests/conftest.py).
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread for the whole
# session; the Django ORM calls made by tests (and their database teardown)
# are still synchronous. Subprocesses started by tests drop this variable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
    if not path or not os.path.exists(path):
        pytest.skip("Chromium is not installed (Debian package 'chromium')")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"

# WCAG 2.1 A and AA rules (RGAA 4 follows them), plus axe's best practices
# (landmarks, one main, headings order): a violation of impact "critical" or
# "serious" fails the test.
AXE_RUN = """async (context) => {
    const result = await axe.run(context || document, {
        runOnly: {
            type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
        resultTypes: ["violations"],
    });
    return result.violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes
                .slice(0, 5)
                .map((n) => n.target.join(" ") + " :: " + n.failureSummary),
        }));
}"""


@pytest.fixture(scope="session")
def axe_source():
    """axe-core as pinned in package-lock.json (installed by `make test`'s npm ci)."""
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (needs Node.js and npm)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` runs axe-core in the page as it is now and fails the test
    on any critical or serious violation, listing each with its elements.

    The script is evaluated through the DevTools protocol, which the page's
    Content Security Policy does not govern (an injected <script> would be
    refused by it, as it should be)."""

    def check(page, context=None):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN, context)
        report = "\n".join(
            f"{v['impact']}: {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"])
            for v in violations
        )
        assert not violations, f"axe-core on {page.url}:\n{report}"
        return violations

    return check
