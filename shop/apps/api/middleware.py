"""What every request under /api/ gets, DRF view or not."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from .errors import NOT_FOUND_DETAIL, problem_response

API_PREFIX = "/api/"


def language_of(request):
    """French unless ``Accept-Language`` prefers a language we speak.

    The site's pages follow the language switch only; a program has no
    switch, so the API listens to the header (and only to it).
    """
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    spoken = dict(settings.LANGUAGES)
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        code = code.split("-")[0].lower()
        if code in spoken:
            return code
    return settings.LANGUAGE_CODE


class ApiMiddleware:
    """Under /api/: the language from ``Accept-Language``, and a problem+json
    answer for a 404 or a 500 that no API view answered (an unknown address,
    a crash before the view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code in (404, 500) and not content_type.startswith(
            ("application/json", "application/problem+json")
        ):
            if response.status_code == 404:
                response = problem_response(404, "not-found", NOT_FOUND_DETAIL)
            else:
                response = problem_response(500, "server-error")
        response.headers["Content-Language"] = translation.get_language()
        vary = response.get("Vary", "")
        if "accept-language" not in vary.lower():
            response.headers["Vary"] = ", ".join(
                part for part in (vary, "Accept-Language") if part
            )
        return response
