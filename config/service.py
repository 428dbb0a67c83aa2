"""The service's one name, shown in every page title, header, email and the admin (README.md; docs/school-pages.md,
"Look and behaviour")."""

SERVICE_NAME = "Manage training for early career teachers"


def service(request) -> dict[str, str]:
    """Every page's service name, and where the header's name leads: the school pages' home for school users, the
    service's front page for everyone else."""
    return {"service_name": SERVICE_NAME, "service_url": "/school" if request.path.startswith("/school") else "/"}
