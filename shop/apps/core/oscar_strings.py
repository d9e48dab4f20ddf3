"""Oscar's words that its French catalogue does not translate.

Oscar 4.2 ships French for almost everything, but some of its messages
changed wording after its catalogue was last updated, so French pages showed
them in English (the basket merge notice after signing in, for one). Listed
here, `makemessages` copies these exact msgids into our own catalogue
(locale/fr/LC_MESSAGES/django.po), which Django consults before Oscar's
(LOCALE_PATHS comes first), and keeps them there; the translator fills them
in. Nothing imports this module: it only marks strings.

Found by activating French and asking gettext for every msgid of Oscar's
consumer-facing apps and templates (basket, checkout, customer, catalogue,
offer, order, search, wishlists); words that are the same in French
("Total", "Contact", "Notes", "Options"...) are left out.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# A plural message has no gettext_noop: ngettext_lazy marks it the same way
# and evaluates nothing at import.
BASKET_MERGED = ngettext_lazy(
    "We have merged %(num_items_merged)d item from a previous session to your basket.",
    "We have merged %(num_items_merged)d items from a previous session to your basket.",
    "num_items_merged",
)

OSCAR_STRINGS = [
    # Basket (oscar/apps/basket)
    gettext_noop(
        "Available stock is only %(max)d, which has been exceeded because "
        "multiple lines contain the same product."
    ),
    gettext_noop("'%(product)s' is no longer available"),
    gettext_noop("VAT rate code"),
    # Checkout (oscar/templates/oscar/checkout)
    gettext_noop("5. Confirmation"),
    # Account and orders (oscar/apps/customer, oscar/templates/oscar/customer)
    gettext_noop("Order not found"),
    gettext_noop("Enter the following information you used for this order"),
    gettext_noop("Submit"),
    gettext_noop("Re-order"),
    gettext_noop("Re-order all items"),
    gettext_noop("Re-ordering..."),
    gettext_noop("Action"),
    gettext_noop("Actions"),
    # Catalogue and offers shown to consumers
    gettext_noop("Long description"),
    gettext_noop("Condition"),
    gettext_noop("Conditions"),
    gettext_noop("Order discount"),
    gettext_noop("Line discount (excl. tax)"),
]
