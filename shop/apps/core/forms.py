"""Form fields shared by the back office and the staff dashboard."""

from django import forms

from vendors.validators import sanitise_story


class RichTextField(forms.CharField):
    """Text with basic formatting, kept as the shop story's sanitiser leaves it:
    scripts, styles, event handlers and unknown tags never reach the database."""

    widget = forms.Textarea

    def clean(self, value):
        return sanitise_story(super().clean(value))
