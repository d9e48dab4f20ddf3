"""Who may call an endpoint: a token of the right kind holding the right scope."""

from rest_framework.permissions import BasePermission

from .models import PersonalAccessToken


def token_of(request):
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, PersonalAccessToken) else None


def scoped(kind, read_scope, write_scope=None):
    """A permission class: a token of ``kind``, with ``read_scope`` for safe
    methods and ``write_scope`` (default: ``read_scope``) for the others."""

    class HasScope(BasePermission):
        message = "This token does not allow this."

        def has_permission(self, request, view):
            token = token_of(request)
            if token is None or token.kind != kind:
                return False
            if request.method in ("GET", "HEAD", "OPTIONS"):
                return token.has_scope(read_scope)
            return token.has_scope(write_scope or read_scope)

    HasScope.__name__ = f"HasScope_{kind}_{read_scope}".replace(":", "_")
    return HasScope
