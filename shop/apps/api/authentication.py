"""``Authorization: Bearer apt_…``: the personal access token of a request."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from vendors.models import Vendor

from .models import PersonalAccessToken, TokenKind, hash_secret

# ``last_used_at`` is written at most this often per token (not each request).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticate with a personal access token; ``request.auth`` is the token.

    Refused: an unknown, revoked or expired token, an inactive account, and an
    artisan's token whose owner no longer runs its shop.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer ”, with no space in it.")
            )
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid.")
            ) from None
        token = (
            PersonalAccessToken.objects.active()
            .select_related("user", "vendor__partner")
            .filter(key_hash=hash_secret(secret))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: unknown, revoked or expired.")
            )
        if token.kind == TokenKind.ARTISAN and not (
            Vendor.objects.for_user(token.user).filter(pk=token.vendor_id).exists()
        ):
            raise exceptions.AuthenticationFailed(
                _("This token's account no longer runs its shop.")
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
