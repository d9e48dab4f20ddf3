"""StreamField blocks for editorial pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


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
