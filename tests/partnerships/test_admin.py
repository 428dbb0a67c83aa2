import re

from django.contrib.messages import get_messages
from rest_framework.test import APIClient

from partnerships.models import LeadProviderAPIToken, Partnership
from partnerships.services import delivery_partner_pair
from tests.factories import DeliveryPartnerFactory, SchoolFactory, cohort, partnership


def test_staff_issue_a_token_that_works_and_is_shown_once(admin_client, lead_provider):
    response = admin_client.post(
        "/admin/partnerships/leadprovider/",
        {"action": "issue_api_token", "_selected_action": [lead_provider.pk]},
    )
    assert not list(get_messages(response.wsgi_request))
    raw = re.search(rb'<code class="api-token">([^<]+)</code>', response.content).group(1).decode()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v3/delivery-partners").status_code == 200
    assert not LeadProviderAPIToken.objects.filter(hashed_token__contains=raw).exists()


def test_staff_revoke_tokens(admin_client, lp_client, lead_provider):
    token = LeadProviderAPIToken.objects.get(lead_provider=lead_provider)
    admin_client.post("/admin/partnerships/leadproviderapitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert lp_client.get("/api/v3/delivery-partners").status_code == 401


def test_dfe_adds_a_second_delivery_partner_partnership(admin_client, lead_provider):
    school = SchoolFactory()
    first, second = DeliveryPartnerFactory(), DeliveryPartnerFactory()
    partnership(school, lead_provider, first, 2025)
    pairing = delivery_partner_pair(lead_provider=lead_provider, delivery_partner=second, cohort=cohort(2025))
    response = admin_client.post(
        "/admin/partnerships/partnership/add/", {"school": school.pk, "delivery_partnership": pairing.pk}
    )
    assert response.status_code == 302
    assert Partnership.objects.filter(school=school).count() == 2

    duplicate = admin_client.post(
        "/admin/partnerships/partnership/add/", {"school": school.pk, "delivery_partnership": pairing.pk}
    )
    assert duplicate.status_code == 200
    assert b"already has a partnership with this lead provider and delivery partner" in duplicate.content
    assert Partnership.objects.filter(school=school).count() == 2


def test_partnerships_are_searchable_by_urn_and_filterable(admin_client, lead_provider):
    school = SchoolFactory(urn="765432")
    partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    partnership(SchoolFactory(), lead_provider, DeliveryPartnerFactory(), 2024)
    found = admin_client.get("/admin/partnerships/partnership/", {"q": "765432"})
    assert found.status_code == 200 and b"765432" in found.content
    by_cohort = admin_client.get(
        "/admin/partnerships/partnership/", {"delivery_partnership__contract__cohort__id__exact": cohort(2024).pk}
    )
    assert by_cohort.status_code == 200 and b"765432" not in by_cohort.content
