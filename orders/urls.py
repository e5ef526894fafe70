from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("shop/", views.shop, name="shop"),
    path("orders/", views.order_list, name="list"),
]
