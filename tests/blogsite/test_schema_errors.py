"""The OpenAPI schema documents the error answers and the limits drf-spectacular cannot see."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def responses(schema, method: str, path: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


@pytest.mark.parametrize(
    ("method", "path", "has_401", "has_403", "has_429"),
    [
        ("get", "/api/users/", True, False, True),  # a bad token is refused even where anonymous users are welcome
        ("post", "/api/posts/", True, True, True),
        ("get", "/api/posts/", True, False, True),  # the posts' and products' permissions let every read through
        ("get", "/api/posts/{id}/", True, False, True),
        ("patch", "/api/posts/{id}/", True, True, True),
        ("get", "/api/products/", True, False, True),
        ("post", "/api/products/", True, True, True),
        ("post", "/api/auth/token/", True, False, True),  # wrong credentials, read from the body
        ("post", "/api/auth/token/refresh/", True, False, True),
        ("post", "/api/auth/register/", False, False, True),  # reads no credentials: no 401, and no CSRF
        ("get", "/api/connection-info/", False, False, True),
        ("get", "/healthz", False, False, False),  # the probes: no credentials read, no rate limit
        ("get", "/readyz", False, False, False),
    ],
)
def test_401_403_and_429_are_documented_only_where_they_can_come(schema, method, path, has_401, has_403, has_429):
    codes = responses(schema, method, path)
    assert ("401" in codes, "403" in codes, "429" in codes) == (has_401, has_403, has_429)


def test_every_other_operation_documents_401_and_429(schema):
    without = {"/api/auth/register/", "/api/connection-info/", "/healthz", "/readyz"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path not in without:
                assert {"401", "429"} <= set(operation["responses"]), f"{method} {path}"


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("post", "/api/posts/", {"201", "400", "403"}),
        ("get", "/api/posts/", {"200", "404"}),  # a page past the end
        ("get", "/api/posts/{id}/", {"200", "404"}),
        ("delete", "/api/posts/{id}/", {"204", "403", "404"}),
        ("get", "/api/users/{id}/dashboard/", {"200", "403", "404"}),
        ("post", "/api/orders/", {"201", "400", "402", "409", "422", "503"}),
    ],
)
def test_errors_are_documented_where_they_can_happen(schema, method, path, codes):
    assert codes <= responses(schema, method, path)


def test_a_logged_in_read_is_never_403(schema):
    assert "403" not in responses(schema, "get", "/api/users/me/")
    assert "400" not in responses(schema, "get", "/api/users/me/")


def test_errors_are_json_with_a_detail(schema):
    error = schema["paths"]["/api/posts/{id}/"]["get"]["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_an_order_has_1_to_50_lines(schema):
    items = schema["components"]["schemas"]["OrderCreateRequest"]["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, 50)


def test_anyone_may_read_the_products(schema):
    assert {} in schema["paths"]["/api/products/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/products/"]["post"]["security"]


def test_request_bodies_are_json_only(schema):
    assert set(schema["paths"]["/api/posts/"]["post"]["requestBody"]["content"]) == {"application/json"}
