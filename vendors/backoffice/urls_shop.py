"""Overview, orders, shop settings and team of the back office."""

urlpatterns = []
