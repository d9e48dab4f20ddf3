"""Public pages of the artisans: directory, e-boutiques, application form."""

app_name = "vendors"

urlpatterns = []
