from rest_framework.metadata import SimpleMetadata


class EndpointMetadata(SimpleMetadata):
    """OPTIONS answers: the endpoint's name, description and media types. Request shapes are in the OpenAPI
    document; the views render through PostgreSQL and have no serializer to introspect."""

    def determine_actions(self, request, view):
        return {}
