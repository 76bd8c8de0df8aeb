"""Every write to training records, policy versions and reviews: one transaction, one audit
event each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from sro.audittrail.services import audited, record_created, record_event, save_audited
from sro.core import clock, filecheck
from sro.roster.models import Agency, Officer
from sro.training import imports
from sro.training.models import Completion, Course, PolicyReview, PolicyVersion


class ImportRefused(ValidationError):
    """The file has problems: nothing was written. `errors` lists each with its line."""

    def __init__(self, errors: list[imports.RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file; nothing was imported.")
        self.errors = errors


@audited
def import_completions(
    agency: Agency, data: bytes, *, actor: Any, source: str, today: dt.date
) -> imports.ParsedImport:
    """Add every new course record of a file, or none: the whole file is checked first, then
    written in one transaction with one audit event per record (as one by one) and one for
    the import."""
    text, problem = imports.decode(data)
    if problem is not None:
        raise ImportRefused([problem])
    officers = {
        licence.upper(): pk
        for pk, licence in Officer.objects.filter(agency=agency)
        .exclude(post_license_number="")
        .values_list("id", "post_license_number")
    }
    on_file = set(
        Completion.objects.filter(officer__agency=agency).values_list(
            "officer_id", "course", "completed_on"
        )
    )
    parsed = imports.parse(
        text, officers=officers, courses=set(Course.values), on_file=on_file, today=today
    )
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    by_id = {o.pk: o for o in Officer.objects.filter(agency=agency)}
    created = Completion.objects.bulk_create(
        [
            Completion(
                officer=by_id[row.officer_id],
                course=row.course,
                completed_on=row.completed_on,
                hours=row.hours,
                provider=row.provider,
                course_title=row.course_title,
            )
            for row in parsed.rows
        ],
        batch_size=2000,
    )
    record_created(actor=actor, instances=created, noun="completion")
    record_event(
        actor=actor,
        action="completion.import",
        target=agency,
        new={
            "source": source[:200],
            "added": len(created),
            "already_on_file": parsed.already_on_file,
            "repeated_in_file": parsed.repeated_in_file,
        },
    )
    return parsed


@audited
def save_completion(completion: Completion, *, actor: Any) -> Completion:
    completion.clean()
    save_audited(completion, actor=actor, noun="completion")
    return completion


def _certificate_name(upload: Any) -> str:
    """Stored under the extension of what the content is (checked by the form), never the
    uploader's name: a PDF named "x.html" is kept as a .pdf."""
    checked = filecheck.sniff_file(upload) or filecheck.UNKNOWN
    return f"certificate.{filecheck.EXTENSIONS.get(checked, 'bin')}"


@audited
def record_completion(
    officer: Officer, completion: Completion, *, actor: Any, certificate: Any = None
) -> Completion:
    """A completed course for an officer, with its certificate when one is uploaded."""
    completion.officer = officer
    completion.clean()
    if certificate:
        completion.certificate.save(_certificate_name(certificate), certificate, save=False)
    save_audited(completion, actor=actor, action="completion.create")
    return completion


@audited
def attach_certificate(completion: Completion, upload: Any, *, actor: Any) -> Completion:
    """Keep a copy of the training certificate (subd. 3; model policy G.6)."""
    completion.certificate.save(_certificate_name(upload), upload, save=False)
    save_audited(completion, actor=actor, action="completion.certificate")
    return completion


@audited
def save_policy_version(version: PolicyVersion, *, actor: Any) -> PolicyVersion:
    version.clean()
    save_audited(version, actor=actor, noun="policy_version")
    return version


@audited
def record_policy_review(
    officer: Officer, version: PolicyVersion, *, actor: Any, reviewed_on: dt.date
) -> PolicyReview:
    """An officer's dated acknowledgement that they read the policy and will comply (436.9)."""
    review = PolicyReview.objects.filter(officer=officer, policy_version=version).first()
    if review is not None:
        record_event(
            actor=actor,
            action="policy_review.repeat",
            target=review,
            reason="Already acknowledged; the first date stands.",
        )
        return review
    if version.effective_on > clock.today():
        # Not yet in effect: nobody can have reviewed it as the policy they serve under.
        raise ValidationError(
            f"Version {version.version} takes effect on {version.effective_on}: it can be "
            "acknowledged from that day. Review the version in effect now."
        )
    review = PolicyReview(
        officer=officer,
        policy_version=version,
        reviewed_on=reviewed_on,
        acknowledged_by=actor if getattr(actor, "pk", None) else None,
    )
    review.clean()
    save_audited(review, actor=actor, action="policy_review.create")
    return review
