"""Search and browse forms (Oscar's names, no haystack)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_QUERY_LENGTH = 200


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    """The site-wide search box and the sort order of a product list."""

    RELEVANCY = "relevancy"
    NEWEST = "newest"
    PRICE_LOW_TO_HIGH = "price-asc"
    PRICE_HIGH_TO_LOW = "price-desc"
    TITLE_A_TO_Z = "title-asc"
    TITLE_Z_TO_A = "title-desc"
    TOP_RATED = "rating"
    DISTANCE = "distance"

    SORT_BY_CHOICES = [
        (RELEVANCY, _("Relevance")),
        (NEWEST, _("Newest")),
        (PRICE_LOW_TO_HIGH, _("Price low to high")),
        (PRICE_HIGH_TO_LOW, _("Price high to low")),
        (TITLE_A_TO_Z, _("Title A to Z")),
        (TITLE_Z_TO_A, _("Title Z to A")),
        (TOP_RATED, _("Customer rating")),
        (DISTANCE, _("Nearest first")),
    ]
    DISTANCE_CHOICES = [
        ("", _("Any distance")),
        ("10", _("Within 10 km")),
        ("25", _("Within 25 km")),
        ("50", _("Within 50 km")),
        ("100", _("Within 100 km")),
    ]

    q = forms.CharField(
        required=False,
        label=pgettext_lazy("search box", "Search"),
        widget=SearchInput(
            {
                "placeholder": _("Soap, santons, a craft, a town…"),
                "tabindex": "1",
                "class": "form-control",
            }
        ),
    )
    sort_by = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_BY_CHOICES,
        widget=forms.Select(),
        required=False,
    )

    near = forms.CharField(
        required=False,
        max_length=80,
        label=_("Near"),
        widget=forms.TextInput(
            {
                "placeholder": _("A town or a postcode, e.g. 13400"),
                "class": "form-control",
            }
        ),
    )
    lat = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    lon = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    km = forms.TypedChoiceField(
        label=_("Distance"),
        choices=DISTANCE_CHOICES,
        coerce=float,
        empty_value=None,
        required=False,
    )

    def clean_q(self):
        # Over-long queries are cut rather than refused: the visitor still
        # gets results for what they typed first.
        return (self.cleaned_data.get("q") or "").strip()[:MAX_QUERY_LENGTH]

    def clean_near(self):
        return (self.cleaned_data.get("near") or "").strip()

    def clean(self):
        cleaned = super().clean()
        # A point needs both coordinates; one alone is dropped.
        if cleaned.get("lat") is None or cleaned.get("lon") is None:
            cleaned["lat"] = cleaned["lon"] = None
        return cleaned

    @property
    def selected_multi_facets(self):
        return {}


class BrowseCategoryForm(SearchForm):
    """Sort order for the catalogue pages (no search words, so no relevance)."""

    SORT_BY_CHOICES = [c for c in SearchForm.SORT_BY_CHOICES if c[0] != "relevancy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_by"].choices = self.SORT_BY_CHOICES


class CategoryForm(BrowseCategoryForm):
    pass
