from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularYAMLAPIView

from . import views

app_name = "register-api"

SCHEMA_SETTINGS = {
    "TITLE": "Register trainee teachers API",
    "VERSION": "v1.0-pre",
    "DESCRIPTION": "Teacher training providers send and update their trainees' records. "
    "Every request needs `Authorization: Bearer <token>`.",
    "SCHEMA_PATH_PREFIX": r"/api/v1.0-pre",
    "PREPROCESSING_HOOKS": ["register.api.schema.register_endpoints"],
}

# Register's answer to a path it does not have, under any version (docs/api-paths.md).
not_found = views.NotFoundView.as_view()

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="openapi"),
    path("openapi.yaml", SpectacularYAMLAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="openapi-yaml"),
    path(
        "docs",
        SpectacularRedocView.as_view(url_name="register-api:openapi", title=SCHEMA_SETTINGS["TITLE"]),
        name="docs",
    ),
    path("info", views.InfoView.as_view(), name="info"),
    path("trainees", views.TraineeListView.as_view(), name="trainees"),
    path("trainees/<str:trainee_id>", views.TraineeDetailView.as_view(), name="trainee"),
    path("trainees/<str:trainee_id>/placements", views.PlacementListView.as_view(), name="placements"),
    path(
        "trainees/<str:trainee_id>/placements/<str:placement_id>",
        views.PlacementDetailView.as_view(),
        name="placement",
    ),
    path("trainees/<str:trainee_id>/degrees", views.DegreeListView.as_view(), name="degrees"),
    path("trainees/<str:trainee_id>/degrees/<str:degree_id>", views.DegreeDetailView.as_view(), name="degree"),
    path("trainees/<str:trainee_id>/recommend-for-qts", views.RecommendForQtsView.as_view(), name="recommend-for-qts"),
    path("trainees/<str:trainee_id>/defer", views.DeferView.as_view(), name="defer"),
    path("trainees/<str:trainee_id>/withdraw", views.WithdrawView.as_view(), name="withdraw"),
    re_path(r"^.*$", not_found, name="not-found"),
]
