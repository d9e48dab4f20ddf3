"""The customer's API, mounted at ``/api/v1/me/``."""

from django.urls import path

from . import consumer

app_name = "api-me"

urlpatterns = [
    path("checkout/", consumer.CheckoutView.as_view(), name="checkout"),
    path("orders/", consumer.OrderList.as_view(), name="orders"),
    path("orders/<str:number>/", consumer.OrderDetail.as_view(), name="order"),
    path("basket/", consumer.BasketView.as_view(), name="basket"),
    path("basket/lines/", consumer.BasketLines.as_view(), name="basket-lines"),
    path(
        "basket/lines/<int:line_id>/", consumer.BasketLine.as_view(), name="basket-line"
    ),
]
