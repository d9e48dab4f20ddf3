"""The marketplace's REST API under /api/v1/: personal access tokens, scopes,
errors as problem+json, cursor pages, throttles, the OpenAPI schema."""
