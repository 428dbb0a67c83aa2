"""What the register-ECT and register-mentor journeys share: finding the teacher in the Teacher Record Service
(TRN and date of birth, then the National Insurance number when the date of birth does not match), and the name
the school confirms or corrects."""

from ... import trs
from .. import registration_selectors as selectors


class FindsTeacher:
    """Mixed into a Wizard with a find step (`find_step`), a "national-insurance-number" step and a review step."""

    find_step = ""
    review_step = ""

    def lookup(self, *, trn: str, date_of_birth, national_insurance_number) -> selectors.FindTeacherResult:
        raise NotImplementedError

    @property
    def trn(self) -> str:
        return self.answer(self.find_step, "trn", "")

    def found(self, *, with_national_insurance: bool = True) -> selectors.FindTeacherResult | None:
        """The Teacher Record Service's answer for the TRN and date of birth (and National Insurance number)."""
        answers = self.answers(self.find_step)
        if not answers:
            return None
        national_insurance_number = (
            self.answer("national-insurance-number", "national_insurance_number") if with_national_insurance else None
        )
        key = (answers["trn"], answers["date_of_birth"], national_insurance_number)
        cache = self.__dict__.setdefault("_found", {})
        if key not in cache:
            cache[key] = self.lookup(
                trn=answers["trn"],
                date_of_birth=answers["date_of_birth"],
                national_insurance_number=national_insurance_number,
            )
        return cache[key]

    def current_found(self) -> selectors.FindTeacherResult | None:
        """The answer the journey goes on from: by date of birth, or by National Insurance number when the date
        of birth did not match."""
        first = self.found(with_national_insurance=False)
        return self.found() if first is not None and first.branch == "dob_mismatch" else first

    def find_branch(self, step: str, branches: dict[str, str]) -> str | None:
        """The step after the find or National Insurance step: the date of birth decides whether to ask for the
        National Insurance number; that number, once given, decides the rest."""
        found = self.found(with_national_insurance=step == "national-insurance-number")
        return branches[found.branch] if found else None

    def teacher(self) -> trs.TRSTeacher | None:
        found = self.current_found()
        return found.teacher if found else None

    def dead_end_message(self) -> str:
        found = self.current_found()
        return found.message if found else ""

    def saved_name(self) -> str:
        """The name the service will keep for the teacher unless the school corrects it: the one it already holds
        (another school may have corrected it), else the Teacher Record Service's. Played back before the school
        confirms, so the confirmation names the same person (docs/school-registration.md, "Teacher records")."""
        teacher = self.teacher()
        if teacher is None:
            return ""
        return selectors.saved_teacher_name(trn=teacher.trn) or teacher.full_name

    def full_name(self) -> str:
        return self.answer(self.review_step, "corrected_name") or self.saved_name()
