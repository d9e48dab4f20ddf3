"""The year chamber staff ask the DAC7 export for."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2024


def declarable_years(today=None):
    """From the first year the marketplace sold in to this one, newest first."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, FIRST_YEAR - 1, -1))


class Dac7YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, data=None, **kwargs):
        years = declarable_years()
        # Last year unless the person asked for another: the one declared in
        # January.
        if not data or not data.get("year"):
            data = {"year": str(years[1])}
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
