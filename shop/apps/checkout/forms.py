"""Oscar's checkout forms, and the choice of delivery or pickup per artisan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from oscar.apps.checkout.forms import *  # noqa: F403 isort:skip

from delivery.checkout import ChoiceRefused, resolve_choice
from vendors.models import FulfilmentMethod


class GatewayForm(GatewayForm):  # noqa: F405
    """Oscar's first step of the checkout, saying nothing of existing accounts.

    Oscar refuses a guest or a new customer whose address has an account
    ("A user with that email address already exists"). Here a guest goes on
    with that address, and a new customer goes to the registration page,
    which answers the same whether the address is known (see
    ``shop.apps.core.accounts.registration``).
    """

    def clean(self):
        if self.is_guest_checkout() or self.is_new_account_checkout():
            self.errors.pop("password", None)
            return self.cleaned_data
        return super().clean()


def choice_field_name(vendor):
    return f"v{vendor.pk}-choice"


def slot_field_name(vendor, point):
    return f"v{vendor.pk}-slot-{point.pk}"


class FulfilmentForm(forms.Form):
    """One choice per artisan: home delivery, or a pickup place and time slot.

    Every value is checked against what the artisan offers now (see
    ``delivery.checkout.resolve_choice``); ``choices`` holds the accepted ones.
    """

    def __init__(self, parts, *args, stored=None, basket_id=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.basket_id = basket_id
        self.now = now
        self.choices = {}
        stored = stored or {}
        for part in parts:
            vendor = part.vendor
            previous = stored.get(vendor.pk) or {}
            self.fields[choice_field_name(vendor)] = forms.CharField(
                label=vendor.name,
                required=False,
                initial=self.initial_choice(part, previous),
            )
            for option in part.pickups:
                self.fields[slot_field_name(vendor, option.point)] = forms.CharField(
                    required=False,
                    initial=(
                        previous.get("slot_id")
                        if previous.get("point_id") == option.point.pk
                        else None
                    ),
                )

    @staticmethod
    def initial_choice(part, previous):
        if previous.get("method") == FulfilmentMethod.DELIVERY:
            return FulfilmentMethod.DELIVERY
        if previous.get("point_id"):
            option = part.pickup(previous["method"], previous["point_id"])
            if option is not None:
                return option.value
        if part.offers_delivery:
            return FulfilmentMethod.DELIVERY
        bookable = [option for option in part.pickups if option.slots]
        return bookable[0].value if bookable else ""

    def clean(self):
        cleaned = super().clean()
        for part in self.parts:
            name = choice_field_name(part.vendor)
            raw_choice = cleaned.get(name, "")
            _method, _sep, point_id = raw_choice.partition(":")
            raw_slot = self.data.get(f"v{part.vendor.pk}-slot-{point_id}", "")
            try:
                self.choices[part.vendor.pk] = resolve_choice(
                    part, raw_choice, raw_slot, basket_id=self.basket_id, now=self.now
                )
            except ChoiceRefused as exc:
                self.add_error(name, str(exc))
        return cleaned

    def rows(self):
        """Per artisan: the part, its options, what is selected (for the page)."""
        rows = []
        for part in self.parts:
            vendor = part.vendor
            selected = self[choice_field_name(vendor)].value() or ""
            rows.append(
                {
                    "part": part,
                    "field_name": choice_field_name(vendor),
                    "selected": selected,
                    "errors": self.errors.get(choice_field_name(vendor), []),
                    "options": [
                        {
                            "option": option,
                            "slot_field_name": slot_field_name(vendor, option.point),
                            "selected_slot": str(
                                self[slot_field_name(vendor, option.point)].value()
                                or ""
                            ),
                        }
                        for option in part.pickups
                    ],
                }
            )
        return rows


class PaymentMethodForm(forms.Form):
    """How the consumer pays: among ``methods``, as (code, label) pairs."""

    payment_method = forms.ChoiceField(
        label=_("Payment"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how to pay."),
            "invalid_choice": _("Please choose one of the ways to pay offered."),
        },
    )

    def __init__(self, methods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = methods
        if len(methods) == 1 and not self.is_bound:
            self.fields["payment_method"].initial = methods[0][0]
