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

    SORT_BY_CHOICES = [
        (RELEVANCY, _("Relevance")),
        (NEWEST, _("Newest")),
        (PRICE_LOW_TO_HIGH, _("Price low to high")),
        (PRICE_HIGH_TO_LOW, _("Price high to low")),
        (TITLE_A_TO_Z, _("Title A to Z")),
        (TITLE_Z_TO_A, _("Title Z to A")),
        (TOP_RATED, _("Customer rating")),
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

    def clean_q(self):
        # Over-long queries are cut rather than refused: the visitor still
        # gets results for what they typed first.
        return (self.cleaned_data.get("q") or "").strip()[:MAX_QUERY_LENGTH]

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
