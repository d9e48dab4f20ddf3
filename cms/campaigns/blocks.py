"""Blocks of a campaign's media: its posters and its radio spots."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from cms.blocks import AudioBlock


class PosterBlock(blocks.StructBlock):
    """A poster of the campaign, with its printable file."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    image = ImageBlock(label=_("Poster"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=255, required=False)
    print_file = DocumentChooserBlock(
        label=_("File to print"),
        required=False,
        help_text=_("The poster as a PDF, for shops and town halls to print."),
    )

    class Meta:
        icon = "image"
        label = _("Poster")
        template = "campaigns/blocks/poster_block.html"


class CampaignMediaBlock(blocks.StreamBlock):
    poster = PosterBlock()
    radio_spot = AudioBlock(label=_("Radio spot"))
