"""Products, stock, images and CSV import of the back office."""

urlpatterns = []
