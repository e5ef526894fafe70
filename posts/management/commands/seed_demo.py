"""`manage.py seed_demo`: demo data for `make run`, or bulk data for load tests.

Each count is the total wanted: rows already there count, so running the
command again adds nothing. Rows go in with bulk_create, a batch at a time,
so 100,000 posts load in seconds.
"""

import itertools
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db.models.functions import Lower
from tqdm import tqdm

from accounts.models import User
from blogsite.caching import content_version_bump
from orders.models import Product
from posts.models import Post

# Documented in the README, so anyone can log in to the demo site. Demo
# users are ordinary users: admin access needs `createsuperuser`.
DEMO_PASSWORD = "DemoPass123"  # noqa: S105
DEMO_USERNAME_PREFIX = "demo"
BATCH_SIZE = 5_000

TOPICS = (
    "Django",
    "PostgreSQL",
    "Redis",
    "nginx",
    "gunicorn",
    "middleware",
    "the ORM",
    "caching",
    "templates",
    "JWT auth",
    "migrations",
    "rate limits",
)
TITLES = (
    "Notes on {}",
    "How {} fits into the request flow",
    "A closer look at {}",
    "Five things I learned about {}",
    "Debugging {} in production",
    "Why we use {}",
)
SENTENCES = (
    "Every request starts in the browser and ends there too.",
    "nginx serves the static files itself and hands the rest to gunicorn.",
    "Each gunicorn worker runs one Django process at a time.",
    "Middleware wraps the view like the layers of an onion.",
    "The ORM turns a queryset into one SQL query, if we let it.",
    "select_related keeps the number of queries constant.",
    "Redis holds the cache, the sessions and the rate-limit counters.",
    "A slow external service must never make the whole page slow.",
    "Templates escape everything unless told otherwise.",
    "Tests that count queries catch the N+1 problem early.",
)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = "Load demo data. Each count is the total wanted; existing rows count, so it is idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=5, help="total users wanted (default 5)")
        parser.add_argument("--posts", type=int, default=20, help="total posts wanted (default 20)")
        parser.add_argument("--products", type=int, default=6, help="total shop products wanted (default 6)")

    def handle(self, *args, users: int, posts: int, products: int, **options):
        if min(users, posts, products) < 0:
            raise CommandError("counts must be zero or more")
        self._seed_users(users)
        self._seed_posts(posts)
        self._seed_products(products)
        content_version_bump()  # bulk inserts bypass the services: drop cached pages and counts
        if User.objects.filter(username=f"{DEMO_USERNAME_PREFIX}1").exists():
            self.stdout.write(f"Demo login: {DEMO_USERNAME_PREFIX}1 / {DEMO_PASSWORD}")

    def _seed_users(self, total: int) -> None:
        missing = total - User.objects.count()
        if missing > 0:
            taken = set(
                User.objects.filter(username__istartswith=DEMO_USERNAME_PREFIX).values_list(
                    Lower("username"), flat=True
                )
            )
            # A demo user renamed in the admin keeps its demoN@example.com: that name is taken too.
            taken |= {
                email.removesuffix("@example.com")
                for email in User.objects.filter(
                    email__istartswith=DEMO_USERNAME_PREFIX, email__endswith="@example.com"
                ).values_list("email", flat=True)
            }
            names = (name for i in itertools.count(1) if (name := f"{DEMO_USERNAME_PREFIX}{i}") not in taken)
            # Hashed once for all of them: the production hasher (Argon2) is slow on purpose.
            password = make_password(DEMO_PASSWORD)
            self._bulk_insert(
                User,
                (
                    User(username=name, email=f"{name}@example.com", password=password)
                    for name in itertools.islice(names, missing)
                ),
                missing,
            )
        self.stdout.write(f"users: {User.objects.count()}")

    def _seed_posts(self, total: int) -> None:
        missing = total - Post.objects.count()
        if missing > 0:
            author_ids = list(User.objects.filter(is_active=True).values_list("id", flat=True))
            if not author_ids:
                raise CommandError("posts need an author: add users first (--users 1)")
            rng = random.Random(total)  # noqa: S311 (demo text, not security)
            self._bulk_insert(Post, (self._demo_post(rng, author_ids) for _ in range(missing)), missing)
        self.stdout.write(f"posts: {Post.objects.count()}")

    def _seed_products(self, total: int) -> None:
        existing = Product.objects.count()
        missing = total - existing
        if missing > 0:
            numbers = range(existing + 1, existing + 1 + missing)
            self._bulk_insert(Product, (self._demo_product(number) for number in numbers), missing)
        self.stdout.write(f"products: {Product.objects.count()}")

    @staticmethod
    def _demo_product(number: int) -> Product:
        return Product(
            name=f"Demo product {number}",
            description=f"A sample product for trying the shop (number {number}).",
            price=Decimal(5 + number % 20) + Decimal("0.50"),
            stock=10 + number % 40,
        )

    @staticmethod
    def _demo_post(rng: random.Random, author_ids: list[int]) -> Post:
        # Built from the fixed fragments above, so it is already safe HTML.
        paragraphs = ("<p>" + " ".join(rng.sample(SENTENCES, 3)) + "</p>" for _ in range(rng.randint(1, 3)))
        return Post(
            title=rng.choice(TITLES).format(rng.choice(TOPICS)),
            content="\n".join(paragraphs),
            author_id=rng.choice(author_ids),
        )

    def _bulk_insert(self, model, objects: Iterable, count: int) -> None:
        with tqdm(total=count, desc=model._meta.verbose_name_plural, unit="rows") as progress:
            for batch in _batches(objects, BATCH_SIZE):
                model.objects.bulk_create(batch)
                progress.update(len(batch))
