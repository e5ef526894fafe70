from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("shop/", views.ProductListView.as_view(), name="shop"),
    path("shop/checkout/", views.CheckoutView.as_view(), name="checkout"),
    path("orders/", views.OrderListView.as_view(), name="list"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="detail"),
]
