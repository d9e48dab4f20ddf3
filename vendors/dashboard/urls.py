"""Chamber staff's views on artisans, mounted at /boutique/dashboard/artisans/."""

app_name = "vendors-dashboard"

urlpatterns = []
