"""Chamber staff's view of payouts, mounted at /boutique/dashboard/paiements/."""

app_name = "payments-dashboard"

urlpatterns = []
