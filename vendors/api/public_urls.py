"""Public read-only endpoints (being built)."""

urlpatterns = []
