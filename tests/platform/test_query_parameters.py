import pytest

from tests.factories import DeliveryPartnerFactory, pair

URL = "/api/v3/delivery-partners"
PAGING_ERROR = {
    "errors": [
        {
            "title": "Bad request",
            "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number "
            "(equal and more than 1)",
        }
    ]
}


@pytest.fixture
def five_partners(lead_provider):
    partners = [DeliveryPartnerFactory(name=f"Partner {n}") for n in range(5)]
    for partner in partners:
        pair(lead_provider, partner, 2024)
    return partners


def names(response):
    return [item["attributes"]["name"] for item in response.json()["data"]]


def test_pages_follow_creation_order(lp_client, five_partners):
    first = lp_client.get(URL, {"page[page]": 1, "page[per_page]": 2})
    third = lp_client.get(URL, {"page[page]": 3, "page[per_page]": 2})
    assert names(first) == ["Partner 0", "Partner 1"]
    assert names(third) == ["Partner 4"]


def test_a_page_past_the_end_is_empty(lp_client, five_partners):
    response = lp_client.get(URL, {"page[page]": 9, "page[per_page]": 2})
    assert response.status_code == 200
    assert response.json() == {"data": []}


def test_per_page_above_3000_is_clamped(lp_client, five_partners):
    response = lp_client.get(URL, {"page[per_page]": 5000})
    assert response.status_code == 200
    assert len(response.json()["data"]) == 5


@pytest.mark.parametrize("params", [{"page[page]": 0}, {"page[per_page]": -1}, {"page[page]": "abc"}])
def test_bad_paging_is_400(lp_client, params):
    response = lp_client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == PAGING_ERROR


def test_sort_descending_by_created_at(lp_client, five_partners):
    response = lp_client.get(URL, {"sort": "-created_at"})
    assert names(response) == [f"Partner {n}" for n in range(4, -1, -1)]


def test_unknown_sort_fields_are_ignored(lp_client, five_partners):
    response = lp_client.get(URL, {"sort": "-nonsense,created_at"})
    assert names(response) == [f"Partner {n}" for n in range(5)]


def test_filter_that_is_not_a_hash_is_400(lp_client):
    response = lp_client.get(URL, {"filter": "2021"})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


def test_unknown_route_under_the_api_is_the_json_404(lp_client):
    response = lp_client.get("/api/v3/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]
    }


def test_wrong_method_is_405(lp_client):
    assert lp_client.post(URL, {}, format="json").status_code == 405
    assert lp_client.delete(URL).status_code == 405


@pytest.mark.parametrize(
    "url", ["/api/v3/partnerships", "/api/v3/participant-declarations", "/api/v3/participants", "/api/v3/statements"]
)
def test_options_describes_the_endpoint(lp_client, url):
    response = lp_client.options(url)
    assert response.status_code == 200
    assert "application/vnd.api+json" in response.json()["renders"]


@pytest.mark.parametrize(
    "url",
    ["/api/v3/partnerships", "/api/v3/statements", "/api/v3/participant-declarations", "/api/v3/participants"],
)
def test_a_cohort_filter_that_names_no_year_lists_nothing(lp_client, url):
    response = lp_client.get(url, {"filter[cohort]": "õ¿䴸"})
    assert response.status_code == 200
    assert response.json() == {"data": []}


def test_a_page_far_past_the_end_is_empty(lp_client):
    response = lp_client.get(URL, {"page[page]": 545512869145019648, "page[per_page]": 1411})
    assert response.status_code == 200
    assert response.json() == {"data": []}
