"""Uploaded images and files: checked before they are decoded, named by us.

An uploaded image keeps nothing its sender chose: it is stored under a random
name whose extension follows the format Pillow decoded (a JPEG with HTML
appended, sent as ``poly.html``, becomes ``<uuid>.jpg`` and is served as an
image). Its pixel count is read from its header and refused above
``MAX_IMAGE_PIXELS`` before anything decodes it. Files that only the
marketplace reads back (CSV imports) go to the ``private`` storage, which has
no public URL.
"""

import math
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

# The extensions we give the formats we accept; anything else Pillow reads
# (staff uploads through Oscar's dashboard) gets the first extension Pillow
# registers for its format.
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PRIVATE_STORAGE = "private"


def configure_pillow():
    """Make Pillow refuse, everywhere, images above ``MAX_IMAGE_PIXELS``.

    Pillow raises above twice its limit and only warns between once and twice
    it; the warning is made an error so that one number holds for every
    reader (forms, sorl-thumbnail, Wagtail renditions).
    """
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def too_many_pixels_error():
    limit = settings.MAX_IMAGE_PIXELS
    return ValidationError(
        _(
            "This image is too large: at most %(millions)s million pixels "
            "(for instance %(side)s × %(side)s)."
        ),
        code="image_pixels",
        params={
            "millions": f"{limit / 1_000_000:g}",
            "side": math.isqrt(limit),
        },
    )


def read_image_header(file):
    """The (format, width, height) of an uploaded image, read from its header.

    Nothing is decoded: a refused image costs the few bytes of its header.
    Raises ``ValidationError`` for a file that is not an image, or has more
    pixels than ``MAX_IMAGE_PIXELS``. The file is left at its start.
    """
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels_error() from None
    except Exception:
        raise ValidationError(
            _("This file is not an image."), code="not_an_image"
        ) from None
    finally:
        file.seek(0)
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise too_many_pixels_error()
    return image_format, width, height


def image_extension(image_format):
    """The file extension we give images of ``image_format`` (Pillow's name)."""
    from PIL import Image

    if image_format in IMAGE_EXTENSIONS:
        return IMAGE_EXTENSIONS[image_format]
    for extension, registered_format in Image.registered_extensions().items():
        if registered_format == image_format:
            return extension.lstrip(".")
    raise ValueError(f"Pillow registers no extension for the format {image_format}")


def name_after_content(field_file):
    """Give a new upload in ``field_file`` a random name with its format's
    extension; a file already stored is left as it is.

    Called before the file is saved, so the field's ``upload_to`` folder is
    kept and only the name changes.
    """
    if not field_file or field_file._committed:
        return
    image_format, _width, _height = read_image_header(field_file.file)
    field_file.name = f"{uuid.uuid4().hex}.{image_extension(image_format)}"


class CheckedImageField(forms.ImageField):
    """An image upload whose pixel count is checked from its header before
    Django's ``ImageField`` opens it."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if hasattr(data, "seek"):
            read_image_header(data)
        return super().to_python(data)


class UploadedImageField(models.ImageField):
    """A model image field whose uploads are checked, then stored under a
    random name with the extension of their decoded format."""

    def deconstruct(self):
        # The database column is an ImageField's: migrations need not know.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageField, **kwargs})

    def pre_save(self, model_instance, add):
        name_after_content(getattr(model_instance, self.attname))
        return super().pre_save(model_instance, add)


# Image fields of Oscar's models, which we cannot change: their uploads are
# named in a ``pre_save`` receiver instead.
OSCAR_IMAGE_FIELDS = {
    ("catalogue", "ProductImage"): ("original",),
    ("catalogue", "Category"): ("image",),
    ("catalogue", "ProductAttributeValue"): ("value_image",),
}


def name_oscar_uploads(sender, instance, **kwargs):
    """``pre_save`` receiver: new uploads of Oscar's image fields named by us."""
    model = (sender._meta.app_label, sender._meta.object_name)
    for field_name in OSCAR_IMAGE_FIELDS[model]:
        name_after_content(getattr(instance, field_name))


def connect_receivers():
    from django.db.models.signals import pre_save
    from oscar.core.loading import get_model

    for app_label, model_name in OSCAR_IMAGE_FIELDS:
        pre_save.connect(
            name_oscar_uploads,
            sender=get_model(app_label, model_name),
            dispatch_uid=f"name_oscar_uploads_{app_label}_{model_name}",
        )


def private_storage():
    """Where files only the marketplace reads back are kept (no public URL)."""
    return storages[PRIVATE_STORAGE]
