"""`manage.py seed_demo`: totals, idempotence, a demo login that works."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from orders.models import Product
from posts.management.commands.seed_demo import DEMO_PASSWORD
from posts.models import Post
from tests.factories import PostFactory, UserFactory
from tests.orders.factories import ProductFactory


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_defaults_give_a_small_demo():
    output = seed()

    assert User.objects.count() == 5
    assert Post.objects.count() == 20
    assert "Demo login: demo1 / " in output
    assert Product.objects.count() == 6
    assert "products: 6" in output


@pytest.mark.django_db
def test_running_it_again_adds_nothing():
    seed("--users", "3", "--posts", "12", "--products", "4")
    seed("--users", "3", "--posts", "12", "--products", "4")

    assert (User.objects.count(), Post.objects.count(), Product.objects.count()) == (3, 12, 4)


@pytest.mark.django_db
def test_counts_are_totals_so_existing_rows_count():
    UserFactory(username="demo1")
    UserFactory(username="Demo2")
    PostFactory.create_batch(4)  # and their 4 authors: 6 users

    seed("--users", "8", "--posts", "10", "--products", "0")

    assert User.objects.count() == 8
    assert Post.objects.count() == 10
    assert User.objects.filter(username__in=["demo3", "demo4"]).count() == 2


@pytest.mark.django_db
def test_a_demo_user_renamed_keeps_its_name_taken_by_its_email():
    seed("--users", "3", "--posts", "0", "--products", "0")
    User.objects.filter(username="demo2").update(username="renamed")  # as in the admin; the email stays

    seed("--users", "4", "--posts", "0", "--products", "0")

    assert sorted(User.objects.values_list("username", "email")) == [
        ("demo1", "demo1@example.com"),
        ("demo3", "demo3@example.com"),
        ("demo4", "demo4@example.com"),
        ("renamed", "demo2@example.com"),
    ]


@pytest.mark.django_db
def test_it_never_removes_rows():
    seed("--users", "4", "--posts", "6")
    seed("--users", "1", "--posts", "2")
    assert (User.objects.count(), Post.objects.count()) == (4, 6)


@pytest.mark.django_db
def test_products_are_topped_up_to_the_total_wanted_and_are_on_sale():
    ProductFactory()
    seed("--users", "0", "--posts", "0", "--products", "25")
    seed("--users", "0", "--posts", "0", "--products", "10")

    assert Product.objects.count() == 25
    assert all(p.price > 0 and p.stock > 0 and p.is_active for p in Product.objects.all())


@pytest.mark.django_db
def test_each_bulk_insert_shows_a_progress_bar(capsys):
    seed("--users", "3", "--posts", "7", "--products", "5")

    progress = capsys.readouterr().err
    for bar in ("users: 100%", "posts: 100%", "products: 100%"):
        assert bar in progress


@pytest.mark.django_db
def test_large_counts_go_in_batches():
    seed("--users", "20", "--posts", "12000", "--products", "0")

    assert Post.objects.count() == 12_000
    assert Post.objects.values("author").distinct().count() > 1


@pytest.mark.django_db
def test_demo_users_can_log_in_and_are_not_staff(client):
    seed("--users", "2", "--posts", "0")

    response = client.post("/accounts/login/", {"username": "demo1", "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_demo_content_is_valid_for_the_site_rules():
    seed("--users", "2", "--posts", "30")
    for post in Post.objects.all():
        post.full_clean()


@pytest.mark.django_db
def test_posts_without_any_user_is_an_error():
    with pytest.raises(CommandError, match="posts need an author"):
        seed("--users", "0", "--posts", "3")
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_negative_counts_are_refused():
    with pytest.raises(CommandError):
        seed("--posts", "-1")
