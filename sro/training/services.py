"""Every write to training records, policy versions and reviews: one transaction, one audit
event each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sro.audittrail.services import audited, record_event, save_audited
from sro.roster.models import Officer
from sro.training.models import Completion, PolicyReview, PolicyVersion


@audited
def save_completion(completion: Completion, *, actor: Any) -> Completion:
    save_audited(completion, actor=actor, noun="completion")
    return completion


@audited
def record_completion(
    officer: Officer, completion: Completion, *, actor: Any, certificate: Any = None
) -> Completion:
    """A completed course for an officer, with its certificate when one is uploaded."""
    completion.officer = officer
    if certificate:
        completion.certificate.save(certificate.name, certificate, save=False)
    save_audited(completion, actor=actor, action="completion.create")
    return completion


@audited
def attach_certificate(completion: Completion, upload: Any, *, actor: Any) -> Completion:
    """Keep a copy of the training certificate (subd. 3; model policy G.6)."""
    completion.certificate.save(upload.name, upload, save=False)
    save_audited(completion, actor=actor, action="completion.certificate")
    return completion


@audited
def save_policy_version(version: PolicyVersion, *, actor: Any) -> PolicyVersion:
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
    review = PolicyReview(
        officer=officer,
        policy_version=version,
        reviewed_on=reviewed_on,
        acknowledged_by=actor if getattr(actor, "pk", None) else None,
    )
    save_audited(review, actor=actor, action="policy_review.create")
    return review
