"""The site's URLs plus a small writable endpoint, to see the framework's
answers (validation problems, methods) without depending on an area."""

from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.urls import urlpatterns as site_urlpatterns


class _Quantity(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)
    lines = serializers.ListField(
        child=serializers.DictField(child=serializers.IntegerField()), required=False
    )


class EchoView(APIView):
    def post(self, request):
        serializer = _Quantity(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data, status=201)


class CrashView(APIView):
    def get(self, request):
        raise RuntimeError("a bug of ours")


urlpatterns = [
    path("api/test-echo/", EchoView.as_view()),
    path("api/test-crash/", CrashView.as_view()),
    *site_urlpatterns,
]
