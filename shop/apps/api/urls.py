"""The API's addresses, mounted at /api/ (shop/urls.py).

``v1/`` holds every area, each in its own module with its own namespace.
``schema/`` is the OpenAPI 3 schema, ``docs/`` its interactive reference
(Swagger UI, served from our static files).
"""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

v1 = [
    # Public, read-only, no token needed.
    path("", include("search.api_urls")),
    path("", include("vendors.api.public_urls")),
    path("", include("delivery.api.public_urls")),
    # Each other area adds its one line here:
    path("artisan/", include("vendors.api.artisan_urls")),
    # path("artisan/webhooks/", include("vendors.webhooks.api_urls")),
    path("logistics/", include("delivery.api.logistics_urls")),
    path("me/", include("shop.apps.api.consumer_urls")),
]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def index(request):
    """Where to start: the schema and its interactive reference."""
    return Response(
        {
            "schema": reverse("api-schema", request=request),
            "docs": reverse("api-docs", request=request),
        }
    )


urlpatterns = [
    path("", index, name="api-index"),
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/docs.html"
        ),
        name="api-docs",
    ),
]
