"""The logistics console, mounted at /logistique/."""

app_name = "logistics"

urlpatterns = []
