"""Personal access tokens: hashed at rest, shown once, scoped, revocable."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a token's secret starts with, so that one pasted in the wrong place is
# recognisable (and found by secret scanners).
TOKEN_PREFIX = "apt_"


class Scope(models.TextChoices):
    """What a token may do: read or write, per area of the API."""

    CATALOGUE_READ = "catalogue:read", _("Read my products and stock")
    CATALOGUE_WRITE = "catalogue:write", _("Change my products and stock")
    ORDERS_READ = "orders:read", _("Read my shop's orders")
    ORDERS_WRITE = "orders:write", _("Move my shop's orders on")
    PAYOUTS_READ = "payouts:read", _("Read my payouts")
    INVOICES_READ = "invoices:read", _("Read my invoices")
    WEBHOOKS_WRITE = "webhooks:write", _("Manage my webhooks")
    LOGISTICS_READ = "logistics:read", _("Read the manifests of my pickup points")
    LOGISTICS_WRITE = "logistics:write", _("Check parcels in and hand them over")
    CONSUMER = "consumer", _("My basket, checkout and orders (customer)")


class TokenKind(models.TextChoices):
    """Whose token it is: an artisan's team member (for one shop), logistics
    staff (for their points) or a customer (for their own account)."""

    ARTISAN = "artisan", _("Artisan")
    LOGISTICS = "logistics", _("Logistics staff")
    CONSUMER = "consumer", _("Customer")


# The scopes each kind of token may hold.
SCOPES_OF_KIND = {
    TokenKind.ARTISAN: {
        Scope.CATALOGUE_READ,
        Scope.CATALOGUE_WRITE,
        Scope.ORDERS_READ,
        Scope.ORDERS_WRITE,
        Scope.PAYOUTS_READ,
        Scope.INVOICES_READ,
        Scope.WEBHOOKS_WRITE,
    },
    TokenKind.LOGISTICS: {Scope.LOGISTICS_READ, Scope.LOGISTICS_WRITE},
    TokenKind.CONSUMER: {Scope.CONSUMER},
}


def hash_secret(secret):
    """The stored form of a token's secret (SHA-256: the secret is random and
    long, so a fast hash is enough; only the hash is kept)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class PersonalAccessToken(models.Model):
    """A token a person makes for a program that calls the API for them.

    The secret is shown once, when made; only its hash is stored, with its
    first characters to tell tokens apart. An artisan's token acts for one
    shop (``vendor``), and only while its owner still runs it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_access_tokens",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TokenKind.choices)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_access_tokens",
        verbose_name=_("shop"),
    )
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("starts with"), max_length=12, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="artisan", vendor__isnull=False)
                | (~models.Q(kind="artisan") & models.Q(vendor__isnull=True)),
                name="api_token_shop_for_artisans_only",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @classmethod
    def issue(cls, user, kind, name, scopes, vendor=None, expires_at=None):
        """Make a token; return ``(token, secret)``. The secret is never
        stored: show it once."""
        allowed = SCOPES_OF_KIND[TokenKind(kind)]
        scopes = sorted({Scope(scope) for scope in scopes})
        if not scopes or not set(scopes) <= allowed:
            raise ValueError(f"scopes {scopes} are not all allowed for {kind}")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            kind=kind,
            vendor=vendor,
            name=name,
            key_hash=hash_secret(secret),
            key_start=secret[: len(TOKEN_PREFIX) + 6],
            scopes=[str(scope) for scope in scopes],
            expires_at=expires_at,
        )
        return token, secret

    @property
    def is_active(self):
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )

    def has_scope(self, scope):
        return str(scope) in self.scopes

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
