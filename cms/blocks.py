"""StreamField blocks for editorial pages."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

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
