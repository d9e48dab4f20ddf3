"""StreamField blocks for editorial pages."""

import re
from urllib.parse import parse_qs, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .snippets import PartnerKind

# The media types browsers expect in <source type>, by file extension; the
# standard names, where Python's mimetypes says ``audio/x-wav``.
AUDIO_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "webm": "audio/webm",
}


def file_extension(document):
    """The lower-case extension of a Wagtail document, '' without one."""
    return document.file_extension.lower() if document else ""


def refuse_extension(block_name, document, allowed, message):
    """A StructBlock error on ``block_name`` when ``document`` is not one of
    the ``allowed`` extensions (no document: nothing to refuse)."""
    if document and file_extension(document) not in allowed:
        raise blocks.StructBlockValidationError(
            block_errors={
                block_name: ValidationError(
                    message % {"extensions": ", ".join(sorted(allowed))}
                )
            }
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("Size"),
        choices=[("h2", _("Large")), ("h3", _("Medium")), ("h4", _("Small"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading_block.html"
        preview_value = {"text": "Consommez local", "size": "h2"}


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    link_url = blocks.CharBlock(label=_("Button link"), max_length=255)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action_block.html"
        preview_value = {
            "title": "Mon artisan enchante le quotidien",
            "text": "Des créations faites près de chez vous.",
            "link_label": "Voir la boutique",
            "link_url": "/boutique/catalogue/",
        }


class LatestProductsBlock(blocks.StructBlock):
    """The newest products of the catalogue, as tiles."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("How many"), default=8, min_value=1, max_value=24
    )

    class Meta:
        icon = "list-ul"
        label = _("Latest products")
        template = "cms/blocks/latest_products_block.html"
        preview_value = {"title": "Nouveautés", "count": 4}

    def get_context(self, value, parent_context=None):
        # Imported here: the blocks load with the models, before the catalogue.
        from .home import latest_on_sale

        context = super().get_context(value, parent_context=parent_context)
        # Only what can be bought: not the products of suspended, closed or
        # vacationing artisans (the catalogue's own rule).
        context["products"] = latest_on_sale(value["count"])
        return context


class LazyChooserBlock(blocks.ChooserBlock):
    """A chooser block whose model and widget come from a chooser viewset of
    ``cms.choosers``, resolved on first use (the blocks load with the models,
    before the catalogue's app is ready)."""

    viewset_name = None
    model_string = None

    @cached_property
    def target_model(self):
        return apps.get_model(self.model_string)

    @cached_property
    def widget(self):
        from . import choosers

        return getattr(choosers, self.viewset_name).widget_class()

    def deconstruct(self):
        args, kwargs = self._constructor_args
        return (f"cms.blocks.{type(self).__name__}", args, kwargs)


class ProductChooserBlock(LazyChooserBlock):
    viewset_name = "product_chooser_viewset"
    model_string = "catalogue.Product"

    class Meta:
        icon = "pick"


class VendorChooserBlock(LazyChooserBlock):
    viewset_name = "vendor_chooser_viewset"
    model_string = "vendors.Vendor"

    class Meta:
        icon = "user"


class CategoryChooserBlock(LazyChooserBlock):
    viewset_name = "category_chooser_viewset"
    model_string = "catalogue.Category"

    class Meta:
        icon = "folder-open-inverse"


class PickupPointChooserBlock(LazyChooserBlock):
    viewset_name = "pickup_point_chooser_viewset"
    model_string = "delivery.PickupPoint"

    class Meta:
        icon = "site"


class ChosenProductsBlock(blocks.StructBlock):
    """Products chosen by an editor, as tiles; those no longer on sale
    (artisan suspended or on vacation, product withdrawn) vanish."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    products = blocks.ListBlock(
        ProductChooserBlock(label=_("Product")), label=_("Products")
    )

    class Meta:
        icon = "pick"
        label = _("Chosen products")
        template = "cms/blocks/chosen_products_block.html"

    def get_context(self, value, parent_context=None):
        from .onsale import chosen_products

        context = super().get_context(value, parent_context=parent_context)
        context["products"] = chosen_products([p.pk for p in value["products"] if p])
        return context


class ChosenArtisansBlock(blocks.StructBlock):
    """Artisans chosen by an editor, as cards; only those selling now."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    artisans = blocks.ListBlock(
        VendorChooserBlock(label=_("Artisan")), label=_("Artisans")
    )

    class Meta:
        icon = "user"
        label = _("Chosen artisans")
        template = "cms/blocks/chosen_artisans_block.html"

    def get_context(self, value, parent_context=None):
        from .onsale import chosen_artisans

        context = super().get_context(value, parent_context=parent_context)
        context["artisans"] = chosen_artisans([v.pk for v in value["artisans"] if v])
        return context


class QuoteBlock(blocks.StructBlock):
    """A quote or testimonial, with who said it."""

    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), max_length=120)
    role = blocks.CharBlock(label=_("Role"), max_length=120, required=False)
    photo = ImageChooserBlock(label=_("Photo"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote or testimonial")
        template = "cms/blocks/quote_block.html"
        preview_value = {
            "text": "Acheter à l'artisan d'à côté, c'est faire vivre le quartier.",
            "author": "Marie",
            "role": "Cliente à Aubagne",
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=255)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )


class FaqBlock(blocks.StructBlock):
    """Questions and answers, each folded in a ``<details>``."""

    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = "cms/blocks/faq_block.html"
        preview_value = {
            "title": "Questions fréquentes",
            "questions": [
                {
                    "question": "Où retirer ma commande ?",
                    "answer": "<p>À l'atelier ou dans un point relais.</p>",
                }
            ],
        }


class AudioValue(blocks.StructValue):
    @property
    def media_type(self):
        return AUDIO_TYPES.get(file_extension(self.get("audio")), "")


class AudioBlock(blocks.StructBlock):
    """A recording (interview, podcast) played in the page, with its
    transcript for deaf and hard-of-hearing visitors and a download link."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    audio = DocumentChooserBlock(
        label=_("Audio file"),
        help_text=_("An MP3, M4A, Ogg, Opus, WAV, FLAC or WebM document."),
    )
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        help_text=_("Everything said, for visitors who cannot hear it."),
    )
    credit = blocks.CharBlock(label=_("Credit"), max_length=255, required=False)

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "cms/blocks/audio_block.html"
        value_class = AudioValue

    def clean(self, value):
        value = super().clean(value)
        refuse_extension(
            "audio",
            value.get("audio"),
            AUDIO_TYPES,
            _("Choose an audio file: %(extensions)s."),
        )
        return value


VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
CAPTION_TYPES = {"vtt": "text/vtt"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_PATH = re.compile(
    r"^/(?:video/|channels/[^/]+/|groups/[^/]+/videos/)?(\d+)(?:/(\w+))?/?$"
)
DAILYMOTION_PATH = re.compile(r"^/(?:embed/)?video/([A-Za-z0-9]+)")
DAILYMOTION_SHORT_PATH = re.compile(r"^/([A-Za-z0-9]+)/?$")
PEERTUBE_PATH = re.compile(r"^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]+)/?$")


def youtube_embed(host, path, query):
    if host == "youtu.be":
        video_id = path.strip("/")
    elif path == "/watch":
        video_id = query.get("v", [""])[0]
    else:
        parts = path.strip("/").split("/")
        video_id = (
            parts[1]
            if len(parts) == 2 and parts[0] in ("embed", "shorts", "live")
            else ""
        )
    if YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def vimeo_embed(host, path, query):
    match = VIMEO_PATH.match(path)
    if not match:
        return None
    video_id, unlisted_hash = match.groups()
    # An unlisted video plays only with its hash; dnt: no tracking cookie.
    hash_param = f"h={unlisted_hash}&" if unlisted_hash else ""
    return f"https://player.vimeo.com/video/{video_id}?{hash_param}dnt=1"


def dailymotion_embed(host, path, query):
    pattern = DAILYMOTION_SHORT_PATH if host == "dai.ly" else DAILYMOTION_PATH
    match = pattern.match(path)
    if not match:
        return None
    return f"https://www.dailymotion.com/embed/video/{match.group(1)}"


def peertube_embed(host, path, query):
    match = PEERTUBE_PATH.match(path)
    if not match:
        return None
    return f"https://{host}/videos/embed/{match.group(1)}"


VIDEO_HOSTS = {
    youtube_embed: (
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "www.youtube-nocookie.com",
    ),
    vimeo_embed: ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
    dailymotion_embed: ("dailymotion.com", "www.dailymotion.com", "dai.ly"),
}


def video_providers():
    """The embed function for each host a video may come from; PeerTube's
    instances are those of the settings (allowed in the CSP's frame-src, as
    the other players are: settings.VIDEO_EMBED_SOURCES)."""
    providers = {host: embed for embed, hosts in VIDEO_HOSTS.items() for host in hosts}
    for host in settings.PEERTUBE_HOSTS:
        providers[host.lower()] = peertube_embed
    return providers


def video_embed_url(url):
    """The privacy-friendly player URL of a video page's ``url``, worked out
    locally (no oEmbed request), or ``None`` for an unknown provider."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower()
    embed = video_providers().get(host)
    if parts.scheme not in ("http", "https") or embed is None:
        return None
    return embed(host, parts.path, parse_qs(parts.query))


def language_choices():
    """The site's languages, read when the editor's form is built."""
    return list(settings.LANGUAGES)


class VideoValue(blocks.StructValue):
    @property
    def embed_url(self):
        return video_embed_url(self.get("url"))

    @property
    def media_type(self):
        return VIDEO_TYPES.get(file_extension(self.get("video")), "")


class VideoBlock(blocks.StructBlock):
    """A video: from YouTube, Vimeo, Dailymotion or one of our PeerTube
    instances in their privacy-enhanced player, or uploaded (MP4, WebM) with
    its captions; the embed address is worked out here, with no call to the
    provider (Wagtail's EmbedBlock would ask it, through oEmbed)."""

    title = blocks.CharBlock(
        label=_("Title"),
        max_length=120,
        help_text=_("Says what the video is about; screen readers announce it."),
    )
    url = blocks.URLBlock(
        label=_("Video address"),
        required=False,
        help_text=_(
            "The address of its page on YouTube, Vimeo, Dailymotion or PeerTube."
        ),
    )
    video = DocumentChooserBlock(
        label=_("Or a video file"), required=False, help_text=_("MP4 or WebM.")
    )
    captions = DocumentChooserBlock(
        label=_("Captions"),
        required=False,
        help_text=_("A WebVTT (.vtt) file of what is said, for the video file."),
    )
    captions_language = blocks.ChoiceBlock(
        label=_("Language of the captions"), choices=language_choices, default="fr"
    )
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video_block.html"
        value_class = VideoValue
        preview_value = {
            "title": "Dans l'atelier du santonnier",
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "transcript": "Le santonnier façonne l'argile, puis peint chaque santon.",
        }

    def clean(self, value):
        value = super().clean(value)
        url, video = value.get("url"), value.get("video")
        if bool(url) == bool(video):
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Give either a video address or a video file, not both.")
                        if url
                        else _("Give a video address or choose a video file.")
                    )
                ]
            )
        if url and video_embed_url(url) is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "This address is not a video of YouTube, Vimeo, "
                            "Dailymotion or our PeerTube instances: give the "
                            "address of the video's own page."
                        )
                    )
                }
            )
        refuse_extension(
            "video", video, VIDEO_TYPES, _("Choose a video file: %(extensions)s.")
        )
        if value.get("captions") and not video:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "captions": ValidationError(
                        _(
                            "Captions go with a video file; embedded videos "
                            "have their own."
                        )
                    )
                }
            )
        refuse_extension(
            "captions",
            value.get("captions"),
            CAPTION_TYPES,
            _("Choose a captions file: %(extensions)s."),
        )
        return value


def on_sale_in_subtree():
    """How many products on sale are in the outer query's category or below
    it (its path's prefix), each counted once: a subquery for ``annotate``."""
    from oscar.core.loading import get_model

    from .onsale import products_on_sale

    Product = get_model("catalogue", "Product")
    products = Product._default_manager.filter(
        pk__in=products_on_sale().values("pk"),
        categories__path__startswith=OuterRef("path"),
    )
    # COUNT as a plain function, not an aggregate: no GROUP BY in the subquery.
    total = Func(
        F("pk"), template="COUNT(DISTINCT %(expressions)s)", output_field=IntegerField()
    )
    return Subquery(products.order_by().annotate(total=total).values("total"))


def category_cards(ids):
    """The chosen categories (by id, in order) with products on sale, each with
    ``on_sale`` (their count) and ``url``: one query for the categories and
    their counts, one for their ancestors' slugs."""
    from oscar.core.loading import get_model

    from .onsale import keep_order

    Category = get_model("catalogue", "Category")
    ids = [pk for pk in ids if pk is not None]
    categories = [
        category
        for category in keep_order(
            Category.objects.browsable()
            .filter(pk__in=ids)
            .annotate(on_sale=on_sale_in_subtree()),
            ids,
        )
        if category.on_sale
    ]

    # Oscar's URL of a category holds its ancestors' slugs: read them at once
    # (their paths are the prefixes of its path) rather than one per card.
    def ancestor_paths(category):
        step = Category.steplen
        return [category.path[:end] for end in range(step, len(category.path), step)]

    paths = {path for category in categories for path in ancestor_paths(category)}
    slugs = dict(Category.objects.filter(path__in=paths).values_list("path", "slug"))
    for category in categories:
        trail = [slugs.get(path, "") for path in ancestor_paths(category)]
        category.url = category._get_absolute_url(
            parent_slug=Category._slug_separator.join(trail) if trail else None
        )
    return categories


class CategoryShowcaseBlock(blocks.StructBlock):
    """Categories chosen by an editor, as cards with the number of products
    on sale in each (its subcategories included); empty ones are left out."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    categories = blocks.ListBlock(
        CategoryChooserBlock(label=_("Category")), label=_("Categories")
    )

    class Meta:
        icon = "folder-open-inverse"
        label = _("Category showcase")
        template = "cms/blocks/category_showcase_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["categories"] = category_cards([c.pk for c in value["categories"] if c])
        return context


def map_places(artisan_ids, point_ids):
    """The places of a map block: the chosen artisans who sell now, then the
    chosen pickup points still active (a workshop's only while its artisan
    sells), each kept in the order chosen."""
    from django.db.models import Q

    from delivery.models import PickupPoint, PickupPointKind
    from shop.apps.core.places import artisan_place, kind_labels, point_place
    from vendors.models import Vendor

    from .onsale import chosen_artisans, keep_order

    labels = kind_labels()
    point_ids = [pk for pk in point_ids if pk is not None]
    points = (
        PickupPoint.objects.active()
        .filter(pk__in=point_ids)
        .exclude(
            Q(kind=PickupPointKind.WORKSHOP) & ~Q(vendor__in=Vendor.objects.selling())
        )
    )
    return [
        artisan_place(vendor, labels) for vendor in chosen_artisans(artisan_ids)
    ] + [point_place(point, labels) for point in keep_order(points, point_ids)]


class MapBlock(blocks.StructBlock):
    """Chosen artisans and pickup points on the site's map, listed beside it
    (the list is what works without JavaScript, tiles or sight)."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    artisans = blocks.ListBlock(
        VendorChooserBlock(label=_("Artisan")), label=_("Artisans"), min_num=0
    )
    points = blocks.ListBlock(
        PickupPointChooserBlock(label=_("Pickup point")),
        label=_("Pickup points"),
        min_num=0,
    )

    class Meta:
        icon = "site"
        label = _("Map")
        template = "cms/blocks/map_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["places"] = map_places(
            [v.pk for v in value["artisans"] if v], [p.pk for p in value["points"] if p]
        )
        return context


class PartnersBlock(blocks.StructBlock):
    """Partners' logos, linked to their websites: those chosen, else all
    partners of one kind."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    partners = blocks.ListBlock(
        SnippetChooserBlock("cms.Partner", label=_("Partner")),
        label=_("Partners"),
        min_num=0,
    )
    kind = blocks.ChoiceBlock(
        label=_("Or all partners of the kind"),
        choices=PartnerKind.choices,
        required=False,
    )

    class Meta:
        icon = "group"
        label = _("Partners")
        template = "cms/blocks/partners_block.html"
        preview_value = {
            "title": "Avec le soutien de",
            "partners": [],
            "kind": PartnerKind.FUNDER,
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get("partners") or []) and not value.get("kind"):
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Choose partners, or a kind of partner."))
                ]
            )
        return value

    def get_context(self, value, parent_context=None):
        from .onsale import keep_order
        from .snippets import Partner

        context = super().get_context(value, parent_context=parent_context)
        ids = [p.pk for p in value["partners"] if p]
        partners = Partner.objects.select_related("logo").prefetch_related(
            "logo__renditions"
        )
        if ids:
            context["partners"] = keep_order(partners.filter(pk__in=ids), ids)
        elif value["kind"]:
            context["partners"] = list(partners.filter(kind=value["kind"]))
        else:
            context["partners"] = []
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="cms/blocks/paragraph_block.html",
        icon="pilcrow",
    )
    image = ImageBlock(label=_("Image"))
    call_to_action = CallToActionBlock()
    latest_products = LatestProductsBlock()
    chosen_products = ChosenProductsBlock()
    chosen_artisans = ChosenArtisansBlock()
    quote = QuoteBlock()
    faq = FaqBlock()
    audio = AudioBlock()
    video = VideoBlock()
    category_showcase = CategoryShowcaseBlock()
    map = MapBlock()
    partners = PartnersBlock()
