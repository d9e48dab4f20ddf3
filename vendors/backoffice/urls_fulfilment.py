"""Delivery and pickup options of the back office."""

urlpatterns = []
