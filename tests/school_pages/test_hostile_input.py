"""Text PostgreSQL cannot store, sent to the school pages and the admin, is a 400 page, never a 500
(docs/security.md §3)."""

import pytest

from tests.schools.conftest import Client

pytestmark = pytest.mark.django_db

SCHOOL_PAGES = [
    "/school/home/ects",
    "/school/home/mentors",
    "/school/home/induction-tutor",
    "/school/register-ect/find-ect",
    "/school/sign-in",
    "/school/sign-in/code",
    "/school/signed-out",
]


def _is_the_bad_request_page(response) -> bool:
    body = response.content.decode()
    return response.status_code == 400 and "Sorry, there is a problem with your request" in body


@pytest.mark.parametrize("url", SCHOOL_PAGES)
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1", "page=1&q=%00"])
def test_a_nul_anywhere_in_a_school_page_query_string_is_a_400(school_client, url, query):
    response = school_client.get(f"{url}?{query}")
    assert _is_the_bad_request_page(response), (response.status_code, response.content[:200])


def test_the_ect_search_with_a_nul_was_a_server_error_and_is_now_a_400(school_client):
    assert _is_the_bad_request_page(school_client.get("/school/home/ects", {"q": "\x00"}))
    assert school_client.get("/school/home/ects", {"q": "Ada"}).status_code == 200


def test_a_nul_in_a_path_is_a_400(school_client):
    assert _is_the_bad_request_page(school_client.get("/school/home/ects%00"))


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/school/sign-in", {"email": "sit\x00@oak.example"}),
        ("/school/sign-in", {"email": "sit@oak.example", "\x00": "x"}),
        ("/school/register-ect/find-ect", {"trn": "1234567\x00", "date_of_birth_0": "1"}),
        ("/school/register-ect/find-ect", {"trn": "1234567", "extra": "\x00"}),
    ],
)
def test_a_nul_in_a_posted_form_is_a_400(school_client, url, data):
    assert _is_the_bad_request_page(school_client.post(url, data))


def test_a_nul_in_a_multipart_form_is_a_400(school_client):
    response = school_client.post("/school/sign-in", {"email": "a\x00@b.example"}, format="multipart")
    assert _is_the_bad_request_page(response)


def test_a_nul_in_the_code_form_is_a_400(db):
    client = Client()
    client.post("/school/sign-in", {"email": "nobody@example.com"})
    assert _is_the_bad_request_page(client.post("/school/sign-in/code", {"code": "12345\x00"}))


@pytest.mark.parametrize("url", ["/admin/schools/school/?q=%00", "/admin/schools/schooluser/?q=%00"])
def test_a_nul_in_an_admin_search_is_a_400(staff_client, url):
    assert staff_client("superuser").get(url).status_code == 400
