"""Checkout throughput against a running blogsite: paid orders per second, and nothing oversold.

    bench/checkout.py --base http://127.0.0.1:8090 [--duration 10]

bench/run.sh --postgres runs it with the server's own environment: it reads
the same database to make its users and products and to check the stock
afterwards. Each client is a thread with its own user (a JWT) that posts
one-item orders (quantity 1, the sandbox's `pm_card_visa`) to /api/orders/,
one after the other, for --duration seconds:

- distinct products: each client buys its own product, so orders only meet
  on the database's shared work;
- one product: every client buys the same one, so they queue on its row lock.

Then a sell-out: 20 clients race for a product with 200 in stock until each
is told 409. Exactly 200 orders must be paid and the stock must end at 0.
Every answer must be 201 or 409: anything else is counted as an error.
"""

import argparse
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import django
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings")
django.setup()

from django.db.models import Sum  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from orders.models import Order, OrderItem, Product  # noqa: E402

CLIENTS = (1, 20)
SELL_OUT_STOCK = 200


def bench_users(count: int) -> list[str]:
    """Authorization headers for `count` users made for the benchmark."""
    headers = []
    for n in range(1, count + 1):
        user, _ = User.objects.get_or_create(username=f"checkout{n}", defaults={"email": f"checkout{n}@example.com"})
        headers.append(f"Bearer {RefreshToken.for_user(user).access_token}")
    return headers


def new_product(stock: int) -> int:
    return Product.objects.create(name="Checkout bench item", price=Decimal("1.00"), stock=stock).pk


def buy(base: str, authorization: str, product_id: int, deadline: float, counts: Counter, lock) -> None:
    """One client: order one of `product_id` again and again until the deadline or a 409."""
    session = requests.Session()
    session.headers["Authorization"] = authorization
    while time.monotonic() < deadline:
        body = {"items": [{"product_id": product_id, "quantity": 1}], "payment_token": "pm_card_visa"}
        status = session.post(f"{base}/api/orders/", json=body, timeout=30).status_code
        with lock:
            counts[status] += 1
        if status == 409:
            return


def run(base: str, authorizations: list[str], product_ids: list[int], seconds: float) -> tuple[Counter, float]:
    counts, lock = Counter(), threading.Lock()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(authorizations)) as pool:
        for authorization, product_id in zip(authorizations, product_ids, strict=True):
            pool.submit(buy, base, authorization, product_id, start + seconds, counts, lock)
    return counts, time.monotonic() - start


def sold(product_id: int) -> int:
    paid = OrderItem.objects.filter(product_id=product_id, order__status=Order.Status.PAID)
    return paid.aggregate(n=Sum("quantity"))["n"] or 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the running site, e.g. http://127.0.0.1:8090")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per throughput run")
    args = parser.parse_args()

    authorizations = bench_users(max(CLIENTS))
    # Warm-up, not counted: each worker's first order loads the checkout code, payment backend and email templates.
    run(args.base, authorizations[:8], [new_product(1_000_000)] * 8, seconds=3)
    problems = 0
    print(f"{'clients':>7}  {'products':<9} {'paid/s':>8} {'paid':>6} {'409':>5} {'errors':>6} {'oversold':>8}")
    for clients in CLIENTS:
        for shared in (False, True):
            stock = 1_000_000
            product_ids = [new_product(stock)] * clients if shared else [new_product(stock) for _ in range(clients)]
            counts, elapsed = run(args.base, authorizations[:clients], product_ids, args.duration)
            oversold = sum(max(sold(pk) - (stock - Product.objects.get(pk=pk).stock), 0) for pk in set(product_ids))
            errors = sum(n for status, n in counts.items() if status not in (201, 409))
            problems += errors + oversold
            label = "one" if shared else "distinct"
            print(
                f"{clients:>7}  {label:<9} {counts[201] / elapsed:>8.1f} {counts[201]:>6} {counts[409]:>5}"
                f" {errors:>6} {oversold:>8}"
            )

    product_id = new_product(SELL_OUT_STOCK)
    clients = max(CLIENTS)
    counts, _ = run(args.base, authorizations[:clients], [product_id] * clients, seconds=120)
    stock_left = Product.objects.get(pk=product_id).stock
    errors = sum(n for status, n in counts.items() if status not in (201, 409))
    sell_out_ok = counts[201] == SELL_OUT_STOCK == sold(product_id) and stock_left == 0 and errors == 0
    problems += not sell_out_ok
    print(
        f"sell-out: {clients} clients, {SELL_OUT_STOCK} in stock: {counts[201]} paid, {counts[409]} told 409,"
        f" {errors} errors, stock left {stock_left}, oversold {max(sold(product_id) - SELL_OUT_STOCK, 0)}"
        f" -> {'ok' if sell_out_ok else 'FAILED'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
