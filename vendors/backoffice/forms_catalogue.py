"""Forms of the back office's products: product, stock, CSV import."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from shop.apps.core.forms import RichTextField
from shop.apps.core.uploads import CheckedImageField
from vendors import scoping
from vendors.actions import (
    MAX_IMAGES_PER_PRODUCT,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    category_full_names,
    editable_attributes,
)
from vendors.validators import validate_image_size, validate_image_type

Category = get_model("catalogue", "Category")

MAX_PRICE = Decimal("9999999999.99")
MAX_STOCK = 2_147_483_647


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(CheckedImageField):
    """Several image files in one input, each checked like a single image
    (its pixels counted from its header first)."""

    default_validators = [validate_image_type, validate_image_size]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{upload.name}: {message}")
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories shown by their breadcrumb ("Parent > Child"), in tree order."""

    def __init__(self, *args, **kwargs):
        super().__init__(Category._default_manager.order_by("path"), *args, **kwargs)
        self._full_names = None

    def label_from_instance(self, obj):
        if self._full_names is None:
            self._full_names = {c.pk: name for c, name in category_full_names().items()}
        return self._full_names.get(obj.pk, obj.name)


class ProductForm(forms.Form):
    """A product as an artisan sees it: what it is, its TTC price, its stock.

    ``vendor`` scopes the SKU check and the images; ``product`` is None for a
    new product. Fields for the product class's simple attributes are added
    as ``attr_<code>``, and one position field per existing image.
    """

    title = forms.CharField(label=_("Title"), max_length=255)
    description = RichTextField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = CategoryChoiceField(label=_("Category"))
    price = forms.DecimalField(
        label=_("Price incl. VAT (€)"),
        max_digits=12,
        decimal_places=2,
        max_value=MAX_PRICE,
        error_messages={
            "max_decimal_places": _("A price has at most 2 decimals (cents)."),
        },
    )
    stock = forms.IntegerField(
        label=_("Units in stock"),
        min_value=0,
        max_value=MAX_STOCK,
        error_messages={"min_value": _("The stock cannot be negative.")},
    )
    sku = forms.CharField(
        label=_("SKU (your reference)"),
        max_length=128,
        help_text=_("Unique among your products; used to update them by CSV import."),
    )
    is_public = forms.BooleanField(
        label=_("Shown in the catalogue"), required=False, initial=True
    )
    new_images = MultipleImageField(label=_("Add images"), required=False)

    attribute_field_classes = {
        "text": lambda **kw: forms.CharField(max_length=255, **kw),
        "richtext": lambda **kw: RichTextField(**kw),
        "integer": lambda **kw: forms.IntegerField(**kw),
        "float": lambda **kw: forms.FloatField(**kw),
        "boolean": lambda **kw: forms.NullBooleanField(**kw),
    }

    def __init__(self, *args, vendor, product=None, product_class=None, **kwargs):
        self.vendor = vendor
        self.product = product
        if product is not None:
            kwargs["initial"] = {
                **self.initial_from(product),
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["new_images"].help_text = ngettext(
            "Up to %(count)d image: JPEG, PNG or WebP, 2 MB at most each.",
            "Up to %(count)d images: JPEG, PNG or WebP, 2 MB at most each.",
            MAX_IMAGES_PER_PRODUCT,
        ) % {"count": MAX_IMAGES_PER_PRODUCT}
        self.attributes = editable_attributes(
            product.get_product_class() if product is not None else product_class
        )
        for attribute in self.attributes:
            make_field = self.attribute_field_classes[attribute.type]
            self.fields[f"attr_{attribute.code}"] = make_field(
                label=attribute.name,
                required=attribute.required and attribute.type != "boolean",
            )
            if product is not None:
                self.initial.setdefault(
                    f"attr_{attribute.code}",
                    getattr(product.attr, attribute.code, None),
                )
        self.images = (
            list(
                scoping.images_of(vendor)
                .filter(product=product)
                .distinct()
                .order_by("display_order", "pk")
            )
            if product is not None
            else []
        )
        for position, image in enumerate(self.images, start=1):
            self.fields[f"image_{image.pk}_position"] = forms.IntegerField(
                label=_("Position of image %(number)s") % {"number": position},
                min_value=1,
                max_value=MAX_IMAGES_PER_PRODUCT,
                initial=position,
            )

    def initial_from(self, product):
        stockrecord = (
            scoping.stockrecords_of(self.vendor)
            .filter(product=product)
            .order_by("pk")
            .first()
        )
        category = product.categories.order_by("path").first()
        return {
            "title": product.title,
            "description": product.description,
            "category": category.pk if category else None,
            "price": stockrecord.price if stockrecord else None,
            "stock": stockrecord.num_in_stock if stockrecord else 0,
            "sku": stockrecord.partner_sku if stockrecord else "",
            "is_public": product.is_public,
        }

    @property
    def image_fields(self):
        """(image, its position field) pairs, for the template."""
        return [(image, self[f"image_{image.pk}_position"]) for image in self.images]

    @property
    def attribute_fields(self):
        return [self[f"attr_{attribute.code}"] for attribute in self.attributes]

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price <= 0:
            raise ValidationError(
                _("The price must be greater than zero."), code="price_not_positive"
            )
        return price

    def clean_sku(self):
        sku = self.cleaned_data["sku"].strip()
        if not sku:
            raise ValidationError(_("Please give a SKU."), code="required")
        taken = scoping.stockrecords_of(self.vendor).filter(partner_sku=sku)
        if self.product is not None:
            taken = taken.exclude(product=self.product)
        if taken.exists():
            raise ValidationError(
                _("You already have a product with the SKU “%(sku)s”."),
                code="duplicate_sku",
                params={"sku": sku},
            )
        return sku

    def clean_new_images(self):
        images = self.cleaned_data["new_images"]
        if len(self.images) + len(images) > MAX_IMAGES_PER_PRODUCT:
            raise ValidationError(
                ngettext(
                    "A product has at most %(count)d image.",
                    "A product has at most %(count)d images.",
                    MAX_IMAGES_PER_PRODUCT,
                )
                % {"count": MAX_IMAGES_PER_PRODUCT},
                code="too_many_images",
            )
        return images

    def product_data(self):
        """The cleaned data in the shape ``save_product`` takes."""
        data = {
            key: self.cleaned_data[key]
            for key in (
                "title",
                "description",
                "category",
                "price",
                "stock",
                "sku",
                "is_public",
            )
        }
        data["attributes"] = {
            attribute.code: self.cleaned_data[f"attr_{attribute.code}"]
            for attribute in self.attributes
        }
        data["image_positions"] = {
            image.pk: self.cleaned_data[f"image_{image.pk}_position"]
            for image in self.images
        }
        return data


class StockForm(forms.Form):
    """The quick stock edit of the product list."""

    num_in_stock = forms.IntegerField(
        label=_("Units in stock"),
        min_value=0,
        max_value=MAX_STOCK,
        error_messages={"min_value": _("The stock cannot be negative.")},
    )


class ProductImportForm(forms.Form):
    """The CSV file an artisan uploads to create or update products."""

    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, separated by commas or semicolons, at most %(size)s MB and "
            "%(rows)s rows. Columns: sku, title, description, price, stock, "
            "category (as “Parent > Child”), public (yes or no)."
        ) % {"size": MAX_IMPORT_BYTES // (1024 * 1024), "rows": MAX_IMPORT_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB."),
                code="file_too_large",
                params={"size": MAX_IMPORT_BYTES // (1024 * 1024)},
            )
        return upload


class ConfirmImportForm(forms.Form):
    """The artisan's choice to import only the valid rows of a checked file."""

    job = forms.UUIDField(widget=forms.HiddenInput)
    import_valid_rows = forms.BooleanField(
        label=_("Import the valid rows only; the invalid rows are skipped."),
        required=True,
    )
