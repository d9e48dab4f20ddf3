"""The API's footing: problem+json errors in French or English, the OpenAPI
schema, the docs page under our CSP, throttles."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

from shop.apps.api.models import PersonalAccessToken, TokenKind
from tests.factories.api import bearer, published_schema
from tests.factories.delivery import PickupPointFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/api/problems/")
    assert body["title"] and body["detail"]
    return body


def test_unknown_address_under_api_is_a_french_problem(client):
    body = assert_problem(client.get("/api/v1/nothing-here/"), 404)
    assert body["title"] == "Non trouvé."
    assert client.get("/api/v1/nothing-here/")["Content-Language"] == "fr"


def test_accept_language_english_switches_the_messages(client):
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    body = assert_problem(response, 404)
    assert body["title"] == "Not found."
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_language_falls_back_to_french(client):
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "fr"


def test_site_pages_keep_ignoring_accept_language(client):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.get("Content-Language", "fr") == "fr"


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_refused_data_is_a_problem_with_errors_per_field(client):
    response = client.post(
        "/api/test-echo/",
        {"quantity": 0, "lines": [{"a": 1}, {"b": "x"}]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = assert_problem(response, 400)
    assert body["type"] == "/api/problems/validation"
    fields = {error["field"]: error for error in body["errors"]}
    assert set(fields) == {"quantity", "lines.1.b"}
    assert fields["quantity"]["code"] == "min_value"
    assert "greater than or equal to 1" in fields["quantity"]["detail"]


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_validation_messages_are_french_by_default(client):
    response = client.post(
        "/api/test-echo/", {"quantity": 0}, content_type="application/json"
    )
    body = assert_problem(response, 400)
    assert body["errors"][0]["detail"].startswith("Assurez-vous que cette valeur")


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_unreadable_json_is_a_problem(client):
    response = client.post(
        "/api/test-echo/", "{not json", content_type="application/json"
    )
    assert assert_problem(response, 400)["type"] == "/api/problems/parse-error"


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_wrong_method_is_a_problem(client):
    body = assert_problem(client.get("/api/test-echo/"), 405)
    assert body["type"] == "/api/problems/method-not-allowed"


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_a_bad_token_is_a_401_problem_with_its_challenge(client):
    response = client.post(
        "/api/test-echo/",
        {"quantity": 1},
        content_type="application/json",
        **bearer("apt_not-a-real-one"),
    )
    body = assert_problem(response, 401)
    assert body["type"] == "/api/problems/authentication-failed"
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_a_revoked_token_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="c", email="c@example.com", password="x"
    )
    token, secret = PersonalAccessToken.issue(
        user, TokenKind.CONSUMER, "phone", ["consumer"]
    )
    headers = bearer(secret)
    ok = client.post(
        "/api/test-echo/", {"quantity": 1}, content_type="application/json", **headers
    )
    assert ok.status_code == 201
    token.revoke()
    refused = client.post(
        "/api/test-echo/", {"quantity": 1}, content_type="application/json", **headers
    )
    assert_problem(refused, 401)


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_calls_without_token_are_throttled_per_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100/min", "address": "2/min"},
    }
    send = lambda address: client.post(  # noqa: E731
        "/api/test-echo/",
        {"quantity": 1},
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    assert [send("10.0.0.1").status_code for _ in range(2)] == [201, 201]
    third = send("10.0.0.1")
    body = assert_problem(third, 429)
    assert body["type"] == "/api/problems/throttled"
    assert 0 < int(third["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert send("10.0.0.2").status_code == 201


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_calls_with_a_token_are_throttled_per_token(
    client, settings, django_user_model
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1/min", "address": "100/min"},
    }
    user = django_user_model.objects.create_user(
        username="c", email="c@example.com", password="x"
    )
    _, first = PersonalAccessToken.issue(user, TokenKind.CONSUMER, "a", ["consumer"])
    _, second = PersonalAccessToken.issue(user, TokenKind.CONSUMER, "b", ["consumer"])

    def send(secret):
        return client.post(
            "/api/test-echo/",
            {"quantity": 1},
            content_type="application/json",
            **bearer(secret),
        )

    assert send(first).status_code == 201
    assert_problem(send(first), 429)
    assert send(second).status_code == 201


def test_the_published_schema_is_valid_openapi(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "personalAccessToken" in document["components"]["securitySchemes"]
    assert "Problem" in document["components"]["schemas"]
    # Only the API's own paths: no Wagtail admin endpoints.
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    validate(published_schema())


def test_docs_page_runs_under_our_csp_with_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "<script>" not in html and "<style>" not in html
    assert "style=" not in html
    assert "cdn" not in html.lower() and "https://" not in html
    sidecar = "/static/drf_spectacular_sidecar/swagger-ui-dist/"
    assert sidecar + "swagger-ui-bundle.js" in html
    # The start-up script is its own file, from the same origin.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert "<main" in html and 'lang="' in html


def test_api_index_points_to_schema_and_docs(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.json()["schema"].endswith("/api/schema/")


@pytest.mark.urls("tests.functional.api.framework.urls")
def test_a_crash_is_a_500_problem_that_says_nothing_of_it():
    client = Client(raise_request_exception=False)
    response = client.get("/api/test-crash/")
    body = assert_problem(response, 500)
    assert "bug" not in response.content.decode()
    assert body["type"] == "/api/problems/server-error"


def test_pickup_points_list_keeps_its_query_count(
    client, django_assert_max_num_queries
):
    PickupPointFactory()
    with django_assert_max_num_queries(10) as one:
        client.get("/api/v1/pickup-points/")
    for _ in range(8):
        PickupPointFactory()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/pickup-points/").json()["results"]) == 9
