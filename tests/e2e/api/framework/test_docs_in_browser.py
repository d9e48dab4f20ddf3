"""/api/docs/ in a real browser: Swagger UI draws every endpoint of the
schema under our Content Security Policy, from our own files only."""

from urllib.parse import urlparse

import pytest

from tests.factories.api import published_schema

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
    window.reportCspViolation({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample
    });
});
"""


def test_docs_list_every_endpoint_without_violation_or_other_origin(page, live_server):
    violations, origins = [], set()
    page.expose_binding(
        "reportCspViolation", lambda source, violation: violations.append(violation)
    )
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("request", lambda request: origins.add(urlparse(request.url).netloc))

    page.goto("/api/docs/")
    page.wait_for_selector(".opblock-summary-path", state="attached")
    page.wait_for_load_state("networkidle")

    shown = {
        element.get_attribute("data-path")
        for element in page.query_selector_all(".opblock-summary-path")
    }
    assert set(published_schema()["paths"]) <= shown
    assert violations == []
    assert origins <= {urlparse(live_server.url).netloc}
