from django import template

from search.place import remembered_place
from vendors.pages import product_facts

register = template.Library()


@register.simple_tag(takes_context=True)
def product_page_facts(context, product):
    """``{% product_page_facts product as facts %}``: the artisan and how to get
    the product from them (``vendors.pages``), measured from the
    visitor's remembered place."""
    request = context.get("request")
    return product_facts(product, request, remembered_place(request))
