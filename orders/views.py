from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def shop(request):
    return render(request, "orders/product_list.html")


@login_required
def order_list(request):
    return render(request, "orders/order_list.html")
