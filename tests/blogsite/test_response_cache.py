"""The anonymous response cache: fresh after every write, never shared with a logged-in user.

A page answered from the cache runs no query, so the query count tells a
cached answer (0) from a rendered one, on lists that are not empty (an empty
page with a cached total needs no query either).
"""

import copy
import os
import subprocess
import sys
import threading

import pytest
from csp.constants import NONCE
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blogsite.caching import content_version_get
from posts import services
from tests.factories import DEFAULT_PASSWORD, PostFactory, UserFactory

CACHED_PAGES = ["/", "/users/", "/api/users/", "/api/posts/"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


def queries_for(client, path, **extra) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response, len(queries)


def is_cached(client, path, **extra) -> bool:
    return queries_for(client, path, **extra)[1] == 0


@pytest.fixture
def some_content():
    return PostFactory.create_batch(3)


# --- what is cached, and how ------------------------------------------------------


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_the_second_anonymous_read_is_answered_from_the_cache(anonymous, some_content, path):
    first, first_queries = queries_for(anonymous, path)
    second, second_queries = queries_for(anonymous, path)

    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_cached_answer_gets_its_own_request_id_timing_and_security_headers(anonymous, some_content, path):
    first = anonymous.get(path)
    second = anonymous.get(path)

    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert 'desc="0 queries"' in second["Server-Timing"]
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_cached_answer_has_the_same_headers_as_the_rendered_one(anonymous, some_content, path):
    first, second = anonymous.get(path), anonymous.get(path)

    per_request = {"X-Request-ID", "Server-Timing"}
    assert [(name, value) for name, value in second.items() if name not in per_request] == [
        (name, value) for name, value in first.items() if name not in per_request
    ]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_each_cached_answer_has_headers_of_its_own(anonymous, some_content, path):
    first, head, second = anonymous.get(path), anonymous.head(path), anonymous.get(path)

    # Had two answers shared one headers object, the later one's id would show on both.
    assert len({first["X-Request-ID"], head["X-Request-ID"], second["X-Request-ID"]}) == 3
    assert (head.content, second["Content-Length"]) == (b"", str(len(first.content)))


def test_an_entry_stored_by_the_previous_release_is_not_read(anonymous, some_content):
    # Entries were a list of header pairs under "page:..."; they are a ResponseHeaders
    # under "response:..." now, so a process of either release never reads the other's.
    cache.set(
        "page:http:testserver:/api/posts/",
        (content_version_get(), 200, [("Content-Type", "text/plain")], b"stale"),
        60,
    )

    response, queries = queries_for(anonymous, "/api/posts/", HTTP_HOST="testserver")

    assert queries > 0
    assert response["Content-Type"] == "application/json"


def test_each_page_of_a_list_is_cached_on_its_own(anonymous):
    PostFactory.create_batch(3)
    first_page = anonymous.get("/api/posts/?page_size=2").json()
    second_page = anonymous.get("/api/posts/?page=2&page_size=2").json()

    assert is_cached(anonymous, "/api/posts/?page_size=2")
    assert [post["id"] for post in first_page["results"]] != [post["id"] for post in second_page["results"]]


def test_a_head_request_is_answered_from_the_cache_too(anonymous, some_content):
    anonymous.get("/api/posts/")
    with CaptureQueriesContext(connection) as queries:
        response = anonymous.head("/api/posts/")
    assert response.status_code == 200
    assert len(queries) == 0


def test_other_query_parameters_are_not_cached(anonymous, some_content):
    anonymous.get("/api/posts/?format=json")
    assert not is_cached(anonymous, "/api/posts/?format=json")


@pytest.mark.parametrize("query", ["?%66ormat=json", "?page=1&%66ormat=json", "?page=1&&format=json"])
def test_other_query_parameters_are_not_cached_however_they_are_spelled(anonymous, some_content, query):
    anonymous.get(f"/api/posts/{query}")
    assert not is_cached(anonymous, f"/api/posts/{query}")


def test_an_allowed_parameter_spelled_with_an_escape_is_rendered_each_time(anonymous, some_content):
    # ?page%5Fsize=2 is ?page_size=2 to the view; the cache takes only the plain spelling.
    first = anonymous.get("/api/posts/?page%5Fsize=2")
    response, queries = queries_for(anonymous, "/api/posts/?page%5Fsize=2")

    assert queries > 0
    assert len(first.json()["results"]) == len(response.json()["results"]) == 2


def test_a_blank_page_parameter_is_cached(anonymous, some_content):
    anonymous.get("/api/posts/?page_size=")
    assert is_cached(anonymous, "/api/posts/?page_size=")


def test_a_browser_gets_the_browsable_api_uncached_and_json_clients_never_get_it(anonymous, some_content):
    html = anonymous.get("/api/posts/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert not is_cached(anonymous, "/api/posts/", HTTP_ACCEPT="text/html")

    assert anonymous.get("/api/posts/")["Content-Type"] == "application/json"
    assert anonymous.get("/api/posts/", HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


def test_a_browser_is_never_given_the_entry_stored_for_json_clients(anonymous, some_content):
    anonymous.get("/api/posts/")  # stored: the key does not hold the Accept header
    for accept in ("text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"):
        assert anonymous.get("/api/posts/", HTTP_ACCEPT=accept)["Content-Type"].startswith("text/html"), accept


def test_each_host_has_entries_of_its_own(settings, anonymous, some_content):
    # DRF's next and previous links are absolute: an entry made for one host must not answer another.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    for host in ("testserver", "localhost", "testserver"):
        listed = anonymous.get("/api/posts/?page_size=2", HTTP_HOST=host).json()
        assert listed["next"] == f"http://{host}/api/posts/?page=2&page_size=2"


def test_http_and_https_have_entries_of_their_own(anonymous, some_content):
    for secure, scheme in ((False, "http"), (True, "https"), (False, "http")):
        listed = anonymous.get("/api/posts/?page_size=2", secure=secure).json()
        assert listed["next"] == f"{scheme}://testserver/api/posts/?page=2&page_size=2"


@pytest.mark.parametrize(("path", "status"), [("/", 405), ("/users/", 405), ("/api/users/", 405), ("/api/posts/", 401)])
def test_a_post_to_a_cached_page_is_never_answered_from_the_cache(anonymous, some_content, path, status):
    anonymous.get(path)
    assert anonymous.post(path, {"title": "Not a read", "content": "Not a read either."}).status_code == status


def test_the_cache_can_be_turned_off(settings, anonymous, some_content):
    settings.RESPONSE_CACHE_ENABLE = False
    anonymous.get("/api/posts/")
    assert not is_cached(anonymous, "/api/posts/")


# --- the rate limit and the HTTPS redirect still apply -----------------------------

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_each_read_of_a_cached_page_counts_once_against_the_rate_limit(settings, anonymous, some_content, path):
    settings.RATELIMIT_RATE = "3/h"
    assert [anonymous.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_cached_page_over_the_rate_limit_answers_429_with_the_security_headers(
    settings, anonymous, some_content, path
):
    settings.RATELIMIT_RATE = "2/h"
    first = anonymous.get(path)
    assert is_cached(anonymous, path)

    over = anonymous.get(path)

    assert over.status_code == 429
    assert int(over["Retry-After"]) >= 1
    for header in SECURITY_HEADERS:
        assert over[header] == first[header]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_429_is_never_stored_for_other_clients(settings, some_content, path):
    settings.RATELIMIT_RATE = "1/h"
    flooding = Client()
    assert [flooding.get(path).status_code for _ in range(2)] == [200, 429]

    # Another client, under its own limit, gets the page and not the first one's 429.
    assert Client(REMOTE_ADDR="192.0.2.20").get(path).status_code == 200


def test_under_the_https_redirect_a_plain_http_read_is_redirected_not_answered_from_the_cache(settings, some_content):
    # An entry for the plain-HTTP page, stored before the redirect was turned on.
    Client().get("/users/")
    assert is_cached(Client(), "/users/")
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/users/")  # a new client: SecurityMiddleware reads the setting when it is made

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/users/"


def test_under_the_https_redirect_an_https_read_is_answered_from_the_cache(settings, some_content):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    client.get("/users/", secure=True)

    assert is_cached(client, "/users/", secure=True)


# --- a write is visible on the next read ------------------------------------------


def warm(client) -> None:
    for path in CACHED_PAGES:
        client.get(path)
        assert is_cached(client, path)


def test_a_post_written_on_the_site_shows_on_the_next_read(anonymous, client, user):
    warm(anonymous)
    client.force_login(user)
    client.post("/posts/new/", {"title": "Fresh from the form", "content": "<p>Long enough to be valid.</p>"})

    assert "Fresh from the form" in anonymous.get("/").content.decode()
    listed = anonymous.get("/api/posts/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["title"] == "Fresh from the form"


def test_a_write_in_another_worker_process_makes_this_processs_pages_stale(anonymous, settings):
    """With Redis the content version is in Redis; without it every gunicorn
    worker has its own local-memory cache and the version is shared through a
    stamp file. Either way a write served by one worker is seen by the next
    read in any other."""
    warm(anonymous)
    # The row arrives as another worker's write would, behind this process's back...
    PostFactory.create_batch(2)
    assert is_cached(anonymous, "/api/posts/")
    # ...and that worker's service bumps the version, in its own process.
    other_worker = (
        "import django; django.setup(); from blogsite.caching import content_version_bump; content_version_bump()"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blogsite.test_settings"}
    command = [sys.executable, "-c", other_worker]
    subprocess.run(command, check=True, env=env, cwd=settings.BASE_DIR, timeout=60)  # noqa: S603 (fixed code)

    for path in CACHED_PAGES:
        assert not is_cached(anonymous, path)
    assert anonymous.get("/api/posts/").json()["count"] == 2


def read_in_another_request_thread(path: str) -> dict:
    """GET `path` as another worker thread would: on a connection of its own, which sees only committed rows."""
    answers = {}

    def read():
        try:
            answers["listed"] = Client().get(path).json()
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return answers["listed"]


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_before_a_write_commits_is_not_served_after_it(user):
    with transaction.atomic():
        services.post_create(author=user, title="Committed a moment later", content="<p>Long enough.</p>")
        # Rendered and stored between the write and its commit, without the new row.
        assert read_in_another_request_thread("/api/posts/")["count"] == 0

    listed = Client().get("/api/posts/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["title"] == "Committed a moment later"


def test_a_post_written_through_the_api_shows_on_the_next_read(anonymous, auth_client):
    warm(anonymous)
    auth_client.post("/api/posts/", {"title": "Fresh from the API", "content": "<p>Long enough to be valid.</p>"})

    assert "Fresh from the API" in anonymous.get("/").content.decode()
    assert anonymous.get("/api/posts/").json()["results"][0]["title"] == "Fresh from the API"


def test_an_edited_post_shows_its_new_title_on_the_next_read(anonymous, jwt_client_for):
    post = PostFactory(title="Before the edit")
    warm(anonymous)
    jwt_client_for(post.author).patch(f"/api/posts/{post.pk}/", {"title": "After the edit"})

    assert "After the edit" in anonymous.get("/").content.decode()
    assert anonymous.get("/api/posts/").json()["results"][0]["title"] == "After the edit"


def test_a_deleted_post_is_gone_on_the_next_read(anonymous, client):
    post = PostFactory(title="Soon deleted")
    warm(anonymous)
    client.force_login(post.author)
    client.post(f"/posts/{post.pk}/delete/")

    assert "Soon deleted" not in anonymous.get("/").content.decode()
    assert anonymous.get("/api/posts/").json()["count"] == 0


def test_a_post_edited_in_the_admin_shows_its_new_title_on_the_next_read(anonymous, admin_client):
    post = PostFactory(title="Before moderation")
    warm(anonymous)
    response = admin_client.post(
        f"/admin/posts/post/{post.pk}/change/",
        {"title": "After moderation", "content": post.content, "author": post.author_id},
    )
    assert response.status_code == 302

    assert "After moderation" in anonymous.get("/").content.decode()
    assert anonymous.get("/api/posts/").json()["results"][0]["title"] == "After moderation"


def test_a_post_deleted_in_the_admin_is_gone_on_the_next_read(anonymous, admin_client):
    post = PostFactory(title="Removed by a moderator")
    warm(anonymous)
    assert admin_client.post(f"/admin/posts/post/{post.pk}/delete/", {"post": "yes"}).status_code == 302

    assert "Removed by a moderator" not in anonymous.get("/").content.decode()
    assert anonymous.get("/api/posts/").json()["count"] == 0


def test_posts_deleted_together_in_the_admin_are_gone_on_the_next_read(anonymous, admin_client):
    kept, *removed = PostFactory.create_batch(3)
    warm(anonymous)
    response = admin_client.post(
        "/admin/posts/post/",
        {"action": "delete_selected", "_selected_action": [post.pk for post in removed], "post": "yes"},
    )
    assert response.status_code == 302

    listed = anonymous.get("/api/posts/").json()
    assert (listed["count"], [post["id"] for post in listed["results"]]) == (1, [kept.pk])


def test_a_user_renamed_or_deleted_in_the_admin_shows_on_the_next_read(anonymous, admin_client):
    renamed, deleted = UserFactory(username="oldname"), UserFactory(username="leaving")
    warm(anonymous)
    change = admin_client.get(f"/admin/accounts/user/{renamed.pk}/change/").context["adminform"].form
    form_data = {name: value for name, value in change.initial.items() if value is not None and name != "password"}
    response = admin_client.post(
        f"/admin/accounts/user/{renamed.pk}/change/",
        {**form_data, "username": "newname", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert admin_client.post(f"/admin/accounts/user/{deleted.pk}/delete/", {"post": "yes"}).status_code == 302

    page = anonymous.get("/users/").content.decode()
    assert "newname" in page
    assert "oldname" not in page
    assert "leaving" not in page
    listed = anonymous.get("/api/users/").json()
    assert sorted(user["username"] for user in listed["results"]) == ["admin", "newname"]


def test_a_registered_user_is_listed_on_the_next_read(anonymous, client):
    UserFactory()
    warm(anonymous)
    password = "Newc0mer!pass"
    client.post(
        "/accounts/register/",
        {"username": "newcomer", "email": "newcomer@example.com", "password1": password, "password2": password},
    )

    assert "newcomer" in anonymous.get("/users/").content.decode()
    listed = anonymous.get("/api/users/").json()
    assert listed["count"] == 2
    assert "newcomer" in [user["username"] for user in listed["results"]]


def test_a_profile_change_renders_every_cached_page_again(anonymous, auth_client, some_content):
    warm(anonymous)
    assert auth_client.patch("/api/users/me/", {"city": "Lisbon"}).status_code == 200

    for path in CACHED_PAGES:
        assert not is_cached(anonymous, path)


# --- nothing personal is shared ---------------------------------------------------


def test_a_logged_in_user_never_gets_the_anonymous_page(anonymous, client, user):
    anonymous.get("/")
    client.force_login(user)

    html = client.get("/").content.decode()

    assert f"Hello, <strong>{user.username}</strong>" in html
    assert "Log out" in html


def test_a_logged_in_page_is_never_given_to_anyone_else(anonymous, client, user, some_content):
    client.force_login(user)
    client.get("/")
    client.get("/")

    response, queries = queries_for(anonymous, "/")

    assert queries > 0
    html = response.content.decode()
    assert user.username not in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_request_with_a_session_is_never_answered_from_the_cache(anonymous, client, user, some_content, path):
    anonymous.get(path)
    client.force_login(user)
    client.get(path)
    assert not is_cached(client, path)


@pytest.mark.parametrize("path", ["/api/users/", "/api/posts/"])
def test_a_request_with_an_authorization_header_is_never_answered_from_the_cache(
    anonymous, auth_client, some_content, path
):
    anonymous.get(path)
    auth_client.get(path)
    assert not is_cached(auth_client, path)


def test_a_request_with_pending_messages_is_rendered(anonymous, some_content):
    anonymous.get("/")
    anonymous.cookies["messages"] = "pending"
    assert not is_cached(anonymous, "/")


def test_a_visitor_with_only_a_csrf_cookie_gets_the_cached_page_which_holds_no_token(anonymous, some_content):
    anonymous.get("/accounts/login/")  # sets the CSRF cookie
    assert "csrftoken" in anonymous.cookies
    anonymous.get("/")

    response, queries = queries_for(anonymous, "/")

    assert queries == 0
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_page_with_a_csrf_token_is_never_stored(settings, anonymous):
    # Were the login page on the list, its form's token must still not be shared.
    settings.RESPONSE_CACHE_TTLS = {**settings.RESPONSE_CACHE_TTLS, "/accounts/login/": 60}
    first = anonymous.get("/accounts/login/")
    second = Client().get("/accounts/login/")

    assert "csrfmiddlewaretoken" in first.content.decode()
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    assert second.content != first.content


def test_a_page_that_used_a_csp_nonce_is_never_stored(settings):
    # Were a page with a nonce on the list, every visitor must still get a nonce of their own.
    settings.ROOT_URLCONF = "tests.blogsite.failing_urls"
    policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["script-src"] = ["'self'", NONCE]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.RESPONSE_CACHE_TTLS = {**settings.RESPONSE_CACHE_TTLS, "/csp-nonce/": 60}

    first, second = Client().get("/csp-nonce/"), Client().get("/csp-nonce/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert "'nonce-" in first["Content-Security-Policy"]
    assert second["Content-Security-Policy"] != first["Content-Security-Policy"]
    assert second.content != first.content


def test_the_login_form_still_works_for_a_visitor_who_read_cached_pages(anonymous, user):
    warm(anonymous)
    response = anonymous.post("/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert f"Hello, <strong>{user.username}</strong>" in anonymous.get("/").content.decode()
