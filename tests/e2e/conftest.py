"""A real browser (Debian's Chromium driven by Playwright) against a live server.

The browser is never downloaded by a test tool: it is the system Chromium at
CHROMIUM_PATH (default /usr/bin/chromium). Without it the browser tests skip
with that reason, which under CI=true is a failure (tests/conftest.py).
"""

import os
import shutil

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
