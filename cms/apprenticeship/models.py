"""Apprenticeship offers of artisans, the young people's applications, and
the "Apprentissage" index page that lists the open offers."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock
from shop.apps.core.uploads import private_storage
from vendors.models import VendorStatus

# The pages' routes are served by the views, which read these models.
VIEWS = "cms.apprenticeship.views."


class Diploma(models.TextChoices):
    CAP = "cap", _("CAP")
    BP = "bp", _("BP")
    BTM = "btm", _("BTM")
    BMA = "bma", _("BMA")
    BAC_PRO = "bacpro", _("Bac pro")
    BTS = "bts", _("BTS")
    CTM = "ctm", _("CTM")
    TITRE_PRO = "titrepro", _("Titre pro")
    OTHER = "other", _("Other")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("New")
    READ = "read", _("Read")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class AgeBracket(models.TextChoices):
    UNDER_16 = "u16", _("Under 16")
    FROM_16_TO_17 = "16-17", _("16 to 17")
    FROM_18_TO_25 = "18-25", _("18 to 25")
    FROM_26_TO_29 = "26-29", _("26 to 29")
    OVER_29 = "30+", _("30 or more")


class OfferQuerySet(models.QuerySet):
    def open(self):
        """Offers a young person can apply to today: open, not past their
        closing date, of a shop approved and not on vacation."""
        return self.filter(
            status=OfferStatus.OPEN,
            closes_on__gte=timezone.localdate(),
            vendor__status=VendorStatus.APPROVED,
            vendor__vacation_mode=False,
        )

    def past_closing(self):
        """Offers still marked open whose closing date has passed."""
        return self.filter(status=OfferStatus.OPEN, closes_on__lt=timezone.localdate())


class ApprenticeshipOffer(models.Model):
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="apprenticeship_offers",
        verbose_name=_("artisan"),
    )
    title = models.CharField(_("title"), max_length=160)
    metier = models.CharField(_("craft"), max_length=80)
    diploma = models.CharField(
        _("diploma"), max_length=10, choices=Diploma.choices, default=Diploma.CAP
    )
    starts_on = models.DateField(_("start date"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    town = models.ForeignKey(
        "geo.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="apprenticeship_offers",
        verbose_name=_("town"),
    )
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Where the apprentice works, when the town is not in the list."),
    )
    description = models.TextField(_("description"))
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True
    )
    closes_on = models.DateField(_("applications close on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OfferStatus.choices,
        default=OfferStatus.OPEN,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "pk"]
        verbose_name = _("apprenticeship offer")
        verbose_name_plural = _("apprenticeship offers")

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return (
            self.status == OfferStatus.OPEN
            and self.closes_on >= timezone.localdate()
            and self.vendor.is_selling
        )

    @property
    def place_name(self):
        return self.town.name if self.town_id else self.place


def cv_upload_to(instance, filename):
    return f"apprenticeship/cv/{instance.offer_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class ApprenticeshipApplication(models.Model):
    offer = models.ForeignKey(
        ApprenticeshipOffer,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("offer"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    age_bracket = models.CharField(
        _("age"), max_length=6, choices=AgeBracket.choices, blank=True
    )
    message = models.TextField(_("message"))
    cv = models.FileField(
        _("CV (PDF)"), upload_to=cv_upload_to, storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NEW,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("apprenticeship application")
        verbose_name_plural = _("apprenticeship applications")

    def __str__(self):
        return f"{self.name} — {self.offer}"


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


class ApprenticeshipIndexPage(RoutablePageMixin, EditorialPage):
    """All open offers, filtered by diploma, craft, département or nearness;
    each offer's page carries the application form."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("apprenticeship index")

    @path("")
    def index_route(self, request):
        offer_list_context = import_string(VIEWS + "offer_list_context")

        context = self.get_context(request)
        context.update(offer_list_context(request))
        return TemplateResponse(request, "apprenticeship/index_page.html", context)

    @re_path(r"^offre/(?P<offer_id>\d+)/$")
    def offer_route(self, request, offer_id):
        offer_detail = import_string(VIEWS + "offer_detail")

        return offer_detail(self, request, int(offer_id))

    @re_path(r"^offre/(?P<offer_id>\d+)/merci/$")
    def thanks_route(self, request, offer_id):
        offer_thanks = import_string(VIEWS + "offer_thanks")

        return offer_thanks(self, request, int(offer_id))
