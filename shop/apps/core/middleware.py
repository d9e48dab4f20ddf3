"""French first: the language is French unless the visitor switched it."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but a browser's Accept-Language does not choose.

    The marketplace speaks French to everyone; English is for those who pick
    it with the language switch (which sets the language cookie).

    ``?lang=en`` (or ``fr``) in a page's address asks for that language: it is
    the address search engines know each language version by (hreflang,
    shop.apps.core.seo), and the choice is kept in the cookie for the next
    pages, as the switch would.
    """

    def process_request(self, request):
        asked = request.GET.get("lang", "")
        request.asked_language = asked if asked in dict(settings.LANGUAGES) else ""
        chosen = request.asked_language or request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME, ""
        )
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        asked = getattr(request, "asked_language", "")
        if asked and asked != request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                asked,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
