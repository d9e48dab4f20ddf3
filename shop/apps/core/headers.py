"""Security headers sent with every response.

The Content Security Policy itself is django-csp's, configured in
``CONTENT_SECURITY_POLICY``; this module adds the few URL prefixes where a
library we do not control needs more (``CONTENT_SECURITY_POLICY_PATHS``) and
the ``Permissions-Policy`` header.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with additions per URL prefix.

    ``CONTENT_SECURITY_POLICY_PATHS`` maps a path prefix to directives added
    to the site's policy for the pages below it. A view's own ``csp_update``
    still applies on top.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        for prefix, additions in settings.CONTENT_SECURITY_POLICY_PATHS.items():
            if request.path_info.startswith(prefix):
                parts.update = merge_directives(additions, parts.update)
        return parts


def merge_directives(*policies):
    """One ``{directive: [sources]}`` dict with every policy's sources, in order."""
    merged = {}
    for policy in policies:
        for directive, sources in (policy or {}).items():
            known = merged.setdefault(directive, [])
            known.extend(source for source in sources if source not in known)
    return merged


def permissions_policy_header(features):
    """``Permissions-Policy`` from ``{feature: [origins]}``.

    ``"self"`` stays a keyword; any other origin is quoted, and no origin at
    all switches the feature off: ``{"camera": []}`` gives ``camera=()``.
    """
    return ", ".join(
        "{}=({})".format(
            feature,
            " ".join(
                origin if origin in ("self", "*") else f'"{origin}"'
                for origin in origins
            ),
        )
        for feature, origins in features.items()
    )


class PermissionsPolicyMiddleware:
    """Send ``PERMISSIONS_POLICY`` as the ``Permissions-Policy`` header.

    Browsers then refuse the features it does not list for the page, and for
    any frame inside it, whatever a script asks for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = permissions_policy_header(settings.PERMISSIONS_POLICY)
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response
