"""/api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI served from this site)."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats

from orders.api.products import PRICE_PATTERN
from tests.orders.factories import ProductFactory

# Every endpoint of the contract's API table.
ENDPOINTS = {
    "/api/auth/register/": {"post"},
    "/api/auth/token/": {"post"},
    "/api/auth/token/refresh/": {"post"},
    "/api/users/": {"get"},
    "/api/users/{id}/": {"get"},
    "/api/users/me/": {"get", "patch"},
    "/api/users/{id}/dashboard/": {"get"},
    "/api/users/{id}/friend/": {"post", "delete"},
    "/api/notifications/": {"get"},
    "/api/notifications/{id}/read/": {"post"},
    "/api/posts/": {"get", "post"},
    "/api/posts/{id}/": {"get", "put", "patch", "delete"},
    "/api/products/": {"get", "post"},
    "/api/products/{id}/": {"get", "patch", "delete"},
    "/api/orders/": {"get", "post"},
    "/api/orders/{id}/": {"get"},
    "/api/server-info/": {"get"},
    "/api/connection-info/": {"get"},
    "/healthz": {"get"},
    "/readyz": {"get"},
}


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "blogsite API"


@pytest.mark.parametrize(("path", "methods"), ENDPOINTS.items())
def test_schema_documents_every_endpoint(schema, path, methods):
    assert methods <= set(schema["paths"][path])


def test_schema_documents_the_readiness_answers(schema):
    answers = schema["paths"]["/readyz"]["get"]["responses"]
    assert {"200", "503"} <= set(answers)
    readiness = schema["components"]["schemas"]["Readiness"]
    assert set(readiness["properties"]) == {"status", "checks"}


def test_schema_documents_the_post_shape(schema):
    post = schema["components"]["schemas"]["Post"]
    assert set(post["properties"]) == {"id", "title", "content", "author", "created_at", "updated_at"}
    assert post["properties"]["created_at"]["format"] == "date-time"


def test_post_content_is_limited_in_requests_but_not_in_answers(schema):
    """Answers hold the sanitized HTML, whose length differs from what was sent."""
    sent = schema["components"]["schemas"]["PostRequest"]["properties"]["content"]
    answered = schema["components"]["schemas"]["Post"]["properties"]["content"]
    assert (sent["minLength"], sent["maxLength"]) == (10, 10_000)
    assert "minLength" not in answered
    assert "maxLength" not in answered


def test_schema_describes_jwt_authentication(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"]["scheme"] == "bearer"


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_schema_is_json_for_a_client_that_accepts_anything_or_json(client, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get("/api/schema/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["openapi"].startswith("3.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "accept"),
    [("?format=yaml", None), ("", "application/yaml"), ("", "application/vnd.oai.openapi")],
)
def test_schema_is_yaml_when_asked_for(client, query, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(f"/api/schema/{query}", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(accept or "application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def answer_schema(schema, path: str, method: str, status: str) -> dict:
    """The JSON schema of one documented answer, with the components its $refs point at."""
    documented = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return {**documented, "components": schema["components"]}


def assert_documented(schema, path: str, method: str, response) -> None:
    """The answer keeps to the schema, and the schema names every field the answer has."""
    documented = answer_schema(schema, path, method, str(response.status_code))
    jsonschema.Draft4Validator(documented).validate(response.json())
    ref = documented.get("$ref", "")
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else {}
    if "properties" in component:  # not ValidationError's field names, which are any
        assert set(component.get("required", [])) <= set(response.json()) <= set(component["properties"])


def test_token_answers_keep_to_the_schema(schema, api_client, user, password):
    """Login gives {access, refresh}, a refresh gives {access}: the serializers' fields alone do not say so."""
    login = api_client.post("/api/auth/token/", {"username": user.username, "password": password}, format="json")
    refresh = api_client.post("/api/auth/token/refresh/", {"refresh": login.json()["refresh"]}, format="json")

    assert (login.status_code, refresh.status_code) == (200, 200)
    assert_documented(schema, "/api/auth/token/", "post", login)
    assert_documented(schema, "/api/auth/token/refresh/", "post", refresh)


def test_order_refusals_keep_to_the_schema(schema, jwt_client_for, user, settings):
    settings.PAYMENT_BACKEND = "sandbox"
    client = jwt_client_for(user)
    product = ProductFactory(stock=1)

    def order(quantity: int, key: str):
        body = {"items": [{"product_id": product.pk, "quantity": quantity}], "payment_token": "pm_card_visa"}
        return client.post("/api/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)

    invalid = order(0, "k-invalid")
    out_of_stock = order(2, "k-stock")
    paid = order(1, "k-paid")
    reused = order(2, "k-paid")

    assert [r.status_code for r in (invalid, out_of_stock, paid, reused)] == [400, 409, 201, 422]
    for answer in (invalid, out_of_stock, paid, reused):
        assert_documented(schema, "/api/orders/", "post", answer)


# Prices the API takes, and prices it refuses (DecimalField reads "1." and "+1" too; the schema need not offer them).
ACCEPTED_PRICES = ["12.50", "1", "0.01", "0.5", "0.10", "99999999.99"]
REFUSED_PRICES = ["", "-", ".", "0", "0.00", "0.001", "-1", "1.234", "100000000", "12,50", "abc"]


@pytest.mark.parametrize("price", ACCEPTED_PRICES + REFUSED_PRICES)
def test_the_documented_price_pattern_matches_the_prices_the_api_takes(schema, jwt_client_for, staff_user, price):
    """A client (or the fuzzer) that follows the schema sends only prices the API takes."""
    documented = schema["components"]["schemas"]["ProductRequest"]["properties"]["price"]["pattern"]
    response = jwt_client_for(staff_user).post("/api/products/", {"name": "Mug", "price": price}, format="json")

    assert response.status_code == (201 if price in ACCEPTED_PRICES else 400), response.json()
    assert (re.search(documented, price) is not None) == (price in ACCEPTED_PRICES)
    assert documented == PRICE_PATTERN


@pytest.mark.django_db
def test_schema_generates_without_warnings_and_validates(tmp_path: Path):
    reset_generator_stats()
    # --fail-on-warn raises on any generator warning; --validate checks it against the OpenAPI spec.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")


# --- docs -------------------------------------------------------------------


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.django_db
def test_docs_page_references_no_external_host(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert not EXTERNAL.search(html)
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_docs_assets_are_served_by_this_site(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)

    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        response = client.get(asset)
        response.close()  # a file response: release the file
        assert response.status_code == 200, asset


@pytest.mark.django_db
def test_docs_script_points_at_our_schema_and_no_validator(client):
    script = client.get("/api/docs/?script=").content.decode()

    assert '"/api/schema/"' in script
    assert '"validatorUrl": null' in script
    assert "http://" not in script
    assert "https://" not in script


def test_the_fuzzers_settings_name_every_paged_list(schema):
    """schemathesis.toml lets an unusable ?page_size= through (the contract's fallback) on every list, new ones too."""
    settings = tomllib.loads((Path(__file__).resolve().parents[2] / "schemathesis.toml").read_text())
    [paging] = [
        block["include-name"]
        for block in settings["operations"]
        if block.get("checks", {}).get("negative_data_rejection", {}).get("enabled") is False
    ]
    paged = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(parameter["name"] == "page_size" for parameter in operation.get("parameters", []))
    }

    assert len(paged) >= 5
    assert paged <= set(paging)


@pytest.mark.django_db
def test_a_refused_tokens_answer_keeps_to_the_schema(schema, api_client):
    """simplejwt's 401: detail, and its code and messages, which the schema documents as optional."""
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    refused = api_client.get("/api/users/me/")

    assert refused.status_code == 401
    assert {"code", "messages"} <= set(refused.json())
    assert_documented(schema, "/api/users/me/", "get", refused)


def test_a_body_that_is_not_json_keeps_to_the_schema(schema, jwt_client_for, user):
    refused = jwt_client_for(user).post("/api/posts/", "title=x", content_type="text/plain")

    assert refused.status_code == 415
    assert_documented(schema, "/api/posts/", "post", refused)


def test_every_operation_documents_the_500_and_all_but_the_liveness_probe_the_503(schema):
    server_error = schema["components"]["schemas"]["ServerError"]
    assert set(server_error["properties"]) == {"detail", "request_id"}  # tests/blogsite/test_api_errors.py's 500
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "500" in operation["responses"], f"{method} {path}"
            assert ("503" in operation["responses"]) is (path != "/healthz"), f"{method} {path}"


def test_operations_are_grouped_and_named_by_resource(schema):
    operations = {
        f"{method.upper()} {path}": operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }

    assert operations["GET /api/posts/"]["tags"] == ["posts"]
    assert operations["GET /api/posts/"]["operationId"] == "posts_list"
    assert operations["POST /api/users/{id}/friend/"]["operationId"] == "users_befriend"
    assert operations["DELETE /api/users/{id}/friend/"]["operationId"] == "users_unfriend"
    assert operations["POST /api/notifications/{id}/read/"]["operationId"] == "notifications_mark_read"


def test_a_body_is_refused_with_400_413_or_415_only_where_one_is_taken(schema):
    read = schema["paths"]["/api/notifications/{id}/read/"]["post"]["responses"]
    befriend = schema["paths"]["/api/users/{id}/friend/"]["post"]["responses"]
    create = schema["paths"]["/api/posts/"]["post"]["responses"]

    assert not {"400", "413", "415"} & set(read)
    assert "400" in befriend  # befriending oneself
    assert {"400", "413", "415"} <= set(create)


def test_answers_made_from_models_require_every_field(schema):
    components = schema["components"]["schemas"]
    assert {"status", "currency"} <= set(components["Order"]["required"])
    assert {"description", "stock"} <= set(components["Product"]["required"])
    assert "city" in components["Me"]["required"]
    assert set(components["PaginatedPostList"]["required"]) == {"count", "next", "previous", "results"}
    assert components["Error"]["required"] == ["detail"]  # code and messages: a refused token's only


def test_a_patch_body_has_no_defaults_and_a_create_body_keeps_them(schema):
    components = schema["components"]["schemas"]
    assert components["ProductRequest"]["properties"]["stock"]["default"] == 0
    assert not [f for f in components["PatchedProductChangeRequest"]["properties"].values() if "default" in f]


def test_the_paging_parameters_say_their_limits(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/posts/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert parameters["page"]["schema"]["minimum"] == 1


def test_a_declined_order_keeps_to_the_schema_with_its_one_status(schema, jwt_client_for, user, settings):
    settings.PAYMENT_BACKEND = "sandbox"
    product = ProductFactory(stock=1)
    body = {"items": [{"product_id": product.pk, "quantity": 1}], "payment_token": "pm_card_chargeDeclined"}

    declined = jwt_client_for(user).post("/api/orders/", body, format="json")

    assert declined.status_code == 402
    assert_documented(schema, "/api/orders/", "post", declined)
    assert schema["components"]["schemas"]["OrderDeclinedStatusEnum"]["enum"] == ["failed"]
    assert schema["components"]["schemas"]["OrderPendingStatusEnum"]["enum"] == ["pending"]


def test_a_client_learns_the_tokens_lifetimes_and_the_idempotency_rules_from_the_schema(schema):
    login = schema["paths"]["/api/auth/token/"]["post"]["description"]
    refresh = schema["paths"]["/api/auth/token/refresh/"]["post"]["description"]
    [key] = [p for p in schema["paths"]["/api/orders/"]["post"]["parameters"] if p["name"] == "Idempotency-Key"]

    assert "15 minutes" in login and "1 day" in login  # SIMPLE_JWT's lifetimes
    assert "not replaced" in refresh
    assert "255" in key["description"] and "422" in key["description"]


def test_shared_shapes_are_named_once(schema):
    operations = [operation for methods in schema["paths"].values() for operation in methods.values()]
    invalid = [operation["responses"]["400"] for operation in operations if "400" in operation["responses"]]
    ids = [p["schema"] for operation in operations for p in operation.get("parameters", []) if p["in"] == "path"]

    assert "ValidationError" in schema["components"]["schemas"]
    assert all("$ref" in answer["content"]["application/json"]["schema"] for answer in invalid)
    assert ids and all(schema_ == {"type": "integer"} for schema_ in ids)
