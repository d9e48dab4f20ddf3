"""Resources for artisans (Déclic): guides to selling online, seen only by
approved artisans, the chamber's staff and the editorial team, and the DEAR
diagnostic request.

Who may read a Déclic page is decided once, in ``can_read_resources``; both
page types check it in ``serve`` and ``serve_preview`` (``PrivateToArtisans``).
They stay out of the sitemap, and ``PRIVATE_TO_ARTISANS`` marks them for the
site search, which must not list them to others.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock
from vendors.models import Vendor


def approved_vendor_of(user):
    """The approved shop ``user`` runs, or None."""
    if not user.is_authenticated:
        return None
    return Vendor.objects.approved().for_user(user).first()


def can_read_resources(user):
    """Approved artisans' accounts and the chamber's staff read Déclic, and so
    do the editorial team who write it (``cms.workflow``: editors are not
    staff, yet preview their guides and read them once published)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or approved_vendor_of(user) is not None:
        return True
    return user.has_perm("wagtailadmin.access_admin")


class PrivateToArtisans:
    """Serve the page only to those who may read Déclic: others are sent to
    sign in (anonymous) or get the explained 403 (signed in)."""

    PRIVATE_TO_ARTISANS = True

    def check_reader(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read_resources(request.user):
            # Explained like the artisans' space explains itself: what Déclic
            # is, and how an artisan gets in.
            return TemplateResponse(request, "resources/403.html", status=403)
        return None

    def private(self, response):
        response["Cache-Control"] = "private, no-cache"
        return response

    def serve(self, request, *args, **kwargs):
        refusal = self.check_reader(request)
        if refusal is not None:
            return refusal
        return self.private(super().serve(request, *args, **kwargs))

    def serve_preview(self, request, mode_name):
        refusal = self.check_reader(request)
        if refusal is not None:
            return refusal
        return self.private(super().serve_preview(request, mode_name))

    def get_sitemap_urls(self, request=None):
        return []


class EditorialPage(Page):
    """Fields every editorial page type here starts from."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class ResourceTopic(models.TextChoices):
    """What a guide is about."""

    SELLING_ONLINE = "vendre-en-ligne", _("Selling online")
    PHOTOS = "photos", _("Product photos")
    PICKUP = "retraits", _("Pickups and deliveries")
    COMMUNICATION = "communication", _("Communication")


class DiagnosticTopic(models.TextChoices):
    """What the artisan wants the chamber's diagnostic to look at."""

    SELLING_ONLINE = "vendre-en-ligne", _("Selling online")
    PHOTOS = "photos", _("E-boutique photos")
    SOCIAL = "reseaux-sociaux", _("Social networks")
    EXPORT = "export", _("Export")
    TRANSMISSION = "transmission", _("Passing on the business")
    HIRING = "recrutement", _("Hiring, taking an apprentice")
    OTHER = "autre", _("Other")


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class DiagnosticStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("diagnostic status", "New")
    IN_PROGRESS = "in_progress", pgettext_lazy("diagnostic status", "In progress")
    DONE = "done", pgettext_lazy("diagnostic status", "Done")


class ResourceIndexPage(PrivateToArtisans, RoutablePageMixin, EditorialPage):
    """ "Déclic": the guides, and the DEAR diagnostic request form."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1
    template = "resources/resource_index_page.html"

    class Meta:
        verbose_name = _("artisans' resources index (Déclic)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = (
            ResourcePage.objects.live().child_of(self).specific().order_by("title")
        )
        return context

    @path("demande-diagnostic/", name="diagnostic")
    def diagnostic(self, request):
        """The DEAR diagnostic request of the signed-in approved artisan."""
        # By path: the form and the task read these models.
        DiagnosticRequestForm = import_string(
            "cms.resources.forms.DiagnosticRequestForm"
        )
        notify_chamber_of_diagnostic_task = import_string(
            "cms.resources.tasks.notify_chamber_of_diagnostic_task"
        )

        vendor = approved_vendor_of(request.user)
        if vendor is None:
            raise PermissionDenied(
                _("Only an approved artisan's account may ask for a diagnostic.")
            )
        form = DiagnosticRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            diagnostic = form.save(commit=False)
            diagnostic.vendor = vendor
            diagnostic.user = request.user
            diagnostic.save()
            transaction.on_commit(
                lambda: notify_chamber_of_diagnostic_task.delay(diagnostic.pk)
            )
            return redirect(self.url + self.reverse_subpage("diagnostic") + "?sent=1")
        context = self.get_context(request)
        context.update(
            {
                "form": form,
                "sent": request.GET.get("sent") == "1",
                "past_requests": DiagnosticRequest.objects.filter(vendor=vendor),
            }
        )
        return TemplateResponse(
            request, "resources/diagnostic_request.html", context, status=200
        )


class ResourcePage(PrivateToArtisans, EditorialPage):
    """A guide: summary, body, topic and documents to download."""

    topic = models.CharField(
        _("topic"),
        max_length=32,
        choices=ResourceTopic.choices,
        default=ResourceTopic.SELLING_ONLINE,
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document to download"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["resources.ResourceIndexPage", "resources.ResourcePage"]
    subpage_types = ["resources.ResourcePage"]
    template = "resources/resource_page.html"

    content_panels = EditorialPage.content_panels + [
        FieldPanel("topic"),
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("resource for artisans")


class DiagnosticRequest(models.Model):
    """An artisan's request for the chamber's DEAR diagnostic (Diagnostic
    Entreprise Artisanale)."""

    vendor = models.ForeignKey(
        Vendor,
        verbose_name=_("artisan"),
        on_delete=models.CASCADE,
        related_name="diagnostic_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="diagnostic_requests",
    )
    topics = models.JSONField(_("topics"), default=list)
    message = models.TextField(_("message"))
    contact = models.CharField(
        _("preferred contact"),
        max_length=8,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DiagnosticStatus.choices,
        default=DiagnosticStatus.NEW,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("diagnostic request")
        verbose_name_plural = _("diagnostic requests")

    def __str__(self):
        return f"{self.vendor} ({self.created:%Y-%m-%d})"

    def topic_labels(self):
        labels = dict(DiagnosticTopic.choices)
        return [labels.get(topic, topic) for topic in self.topics]
