from django.conf import settings


def site_links(request):
    """Expose what every page's header and footer need."""
    return {
        "LANGUAGES": settings.LANGUAGES,
        "shop_name": settings.OSCAR_SHOP_NAME,
    }
