"""Signing in to the school pages with an emailed code, and signing out (docs/school-sign-in.md)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from schools.auth import SignedIn, end_session, sign_in_adapter, sign_in_attempt_allowed, signed_in
from schools.auth import start_session as session_start

from ..sign_in_and_tutor_forms import SignInCodeForm, SignInEmailForm

_PENDING_EMAIL = "school_sign_in_email"


def too_many_requests(request):
    window = settings.SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS
    context = {"title": "Too many attempts", "window": window}
    response = render(request, "school/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(window)
    return response


class SignInView(View):
    template = "school/sign_in/email.html"

    def get(self, request):
        if signed_in(request):
            return redirect("school:home")
        return render(request, self.template, {"form": SignInEmailForm()})

    def post(self, request):
        if not sign_in_attempt_allowed(request):
            return too_many_requests(request)
        form = SignInEmailForm(request.POST)
        if not form.is_valid():
            return render(request, self.template, {"form": form})
        sign_in_adapter().send_code(email=form.cleaned_data["email"])
        request.session[_PENDING_EMAIL] = form.cleaned_data["email"]
        return redirect("school:sign-in-code")


class SignInCodeView(View):
    template = "school/sign_in/code.html"

    def get(self, request):
        email = request.session.get(_PENDING_EMAIL)
        if not email:
            return redirect("school:sign-in")
        return render(request, self.template, {"form": SignInCodeForm(), "email": email})

    def post(self, request):
        email = request.session.get(_PENDING_EMAIL)
        if not email:
            return redirect("school:sign-in")
        if not sign_in_attempt_allowed(request):
            return too_many_requests(request)
        form = SignInCodeForm(request.POST)
        if form.is_valid():
            user, message = sign_in_adapter().verify_code(email=email, code=form.cleaned_data["code"])
            if user is not None:
                session_start(
                    request,
                    SignedIn(school_id=user.school_id, name=user.full_name, email=user.email, school_user_id=user.pk),
                )
                return redirect("school:home")
            form.add_error("code", message)
        return render(request, self.template, {"form": form, "email": email})


@require_POST
def sign_out(request):
    end_session(request)
    return redirect("school:signed-out")


def signed_out(request):
    return render(request, "school/sign_in/signed_out.html", {"title": "You have signed out"})


@require_POST
def stop_viewing_as_school(request):
    person = signed_in(request)
    if person is None or not person.impersonating:
        return redirect("school:sign-in")
    school_id = person.school_id
    # The staff member's own admin session is kept: only the school view ends.
    request.session.pop("school_session", None)
    return redirect("admin:schools_school_change", school_id)


def access_denied(request):
    return render(request, "school/access_denied.html", {"title": "You cannot use this service"}, status=403)


def registration_window_closed(request):
    return render(request, "school/registration_window_closed.html", {"title": "Registration is closed"})
