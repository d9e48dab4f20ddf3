"""The staff product form, cleaning rich text as the artisans' form does."""

from oscar.apps.dashboard.catalogue import forms

from shop.apps.core.forms import RichTextField
from vendors.validators import sanitise_story


def _attr_richtext_field(attribute):
    return RichTextField(label=attribute.name, required=attribute.required)


class ProductForm(forms.ProductForm):
    """Oscar's product form; the description and rich text attributes are kept
    as the shop story's sanitiser leaves them, whoever types them."""

    FIELD_FACTORIES = {
        **forms.ProductForm.FIELD_FACTORIES,
        "richtext": _attr_richtext_field,
    }

    def clean_description(self):
        return sanitise_story(self.cleaned_data.get("description"))
