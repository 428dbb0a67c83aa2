from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularYAMLAPIView

from config.api.errors import NOT_FOUND_BODY, SERVER_ERROR_BODY
from config.api.paths import is_register_api
from config.api.routing import LeadProviderRouter
from config.api.sanitise import bad_request_body
from config.outage import unavailable_response_for_current_exception
from declarations.api import urls as declaration_urls
from participants.api import urls as participant_urls
from participants.school_pages import urls as school_pages_urls
from partnerships.api import urls as partnership_urls
from register.api import urls as register_urls
from statements.api import urls as statement_urls

lead_provider_router = LeadProviderRouter()
for app_urls in (partnership_urls, participant_urls, declaration_urls, statement_urls):
    app_urls.register(lead_provider_router)

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("api/v3/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-v3"),
    path("api/v3/openapi.yaml", SpectacularYAMLAPIView.as_view(), name="openapi-v3-yaml"),
    path("api/docs/v3", SpectacularRedocView.as_view(url_name="openapi-v3"), name="docs-v3"),
    path("api/v3/", include(participant_urls.extra_paths())),
    path("api/v3/", include(lead_provider_router.urls)),
    path(
        "api/docs/v1.0-pre",
        SpectacularRedocView.as_view(url_name="register-api:openapi", title="Register trainee teachers API"),
        name="docs-register",
    ),
    path("api/v1.0-pre/", include(register_urls)),
    # The school induction tutor pages (participants/school_pages).
    path("school/", include((school_pages_urls.urlpatterns, "school"))),
]


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Unknown API paths answer the API's JSON 404 for every method (no CSRF 403, never Django's HTML page),
    also when DEBUG shows Django's technical pages elsewhere (docs/api-paths.md)."""
    if is_register_api(request.path):
        return register_urls.not_found(request)
    return JsonResponse(NOT_FOUND_BODY, status=404, content_type="application/vnd.api+json")


urlpatterns.append(re_path(r"^api(?:/.*)?$", api_not_found))


def handler400(request, exception):
    """What Django itself refuses as suspicious before a view answers (a host not in ALLOWED_HOSTS, for one):
    under /api/ the API's own JSON 400, never Django's HTML page (docs/security.md §3)."""
    if request.path.startswith("/api/"):
        return JsonResponse(bad_request_body(request.path, "The request cannot be processed"), status=400)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler500(request):
    # A database outage found before any view ran (reading the session in middleware) is a 503 too.
    unavailable = unavailable_response_for_current_exception(request)
    if unavailable is not None:
        return unavailable
    if request.path.startswith("/api/"):
        return JsonResponse(SERVER_ERROR_BODY, status=500, content_type="application/vnd.api+json")
    from django.views.defaults import server_error

    return server_error(request)
