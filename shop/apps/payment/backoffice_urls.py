"""The artisan's payouts in the back office, mounted at /espace-artisan/paiements/."""

urlpatterns = []
