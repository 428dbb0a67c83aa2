from .auth import signed_in


def school_user(request):
    """What every school page's layout needs besides the service name (config/service.py): who is signed in (for
    sign out and the "viewing as this school" banner)."""
    if not request.path.startswith("/school"):
        return {}
    return {"school_signed_in": signed_in(request)}
