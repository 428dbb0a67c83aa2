from .auth import signed_in


def school_user(request):
    """What every school page's layout needs: the service name, and who is signed in (for sign out and the
    "viewing as this school" banner)."""
    if not request.path.startswith("/school"):
        return {}
    return {
        "service_name": "Register early career teachers",
        "service_url": "/school",
        "school_signed_in": signed_in(request),
    }
