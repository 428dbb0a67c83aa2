URL = "/api/v3/participant-declarations"


def body(**attributes):
    return {"data": {"type": "participant-declaration", "attributes": attributes}}


def attrs(period, declaration_type="started", declaration_date="2024-10-01T10:00:00Z", **extra):
    course = "ecf-induction" if period.role == "ect" else "ecf-mentor"
    return {
        "participant_id": str(period.teacher.api_id),
        "declaration_type": declaration_type,
        "declaration_date": declaration_date,
        "course_identifier": course,
        **extra,
    }


def post(client, **attributes):
    return client.post(URL, body(**attributes), format="json")


def errors(response):
    return response.json()["errors"]
