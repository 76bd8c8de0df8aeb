"""Training and policy-review compliance of one officer on an as-of date.

The rule is Minn. Stat. 626.8482, subd. 3 (training), with subd. 2(a) clauses (4) and (5) (the two
duties an untrained officer is not required to perform), the state model policy section G and
department policies 436.8 and 436.9, exactly as settled in the project's ``domain/training.md``.
Where that document settles an unclear point ("Settled here"), the reason given to users says so.

``evaluate(facts, *, as_of=...)`` is a pure function: it reads no clock, database or setting
other than the ``RulesVersion`` it is given, and ignores every record dated after ``as_of``.
All dates are inclusive.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

from sro.rules.dates import add_months, add_years, school_year_of
from sro.rules.params import RULES, RulesVersion

Role = Literal["sro", "substitute"]
Course = Literal["required", "supplemental", "refresher", "ssc_basic", "nasro_basic"]
Status = Literal[
    "not_assigned",
    "substitute_exempt",
    "compliant",
    "transition",
    "grace_period",
    "training_required",
    "training_overdue",
    "refresher_overdue",
]
PolicyReviewStatus = Literal["ok", "late", "missing", "not_applicable"]
CertificateStatus = Literal["ok", "missing", "not_applicable"]

ROLES: tuple[Role, ...] = ("sro", "substitute")
COURSES: tuple[Course, ...] = ("required", "supplemental", "refresher", "ssc_basic", "nasro_basic")
BASIC_COURSES: frozenset[Course] = frozenset({"ssc_basic", "nasro_basic"})
# Courses that make an officer trained (subd. 3(a)), and a transition officer (subd. 3(b)).
REQUIRED_TRAINING: frozenset[Course] = frozenset({"required"})
TRANSITION_TRAINING: frozenset[Course] = frozenset({"required", "supplemental"})
# Courses whose latest completion starts the refresher interval and needs a certificate on file.
CERTIFIED_COURSES: frozenset[Course] = frozenset({"required", "supplemental", "refresher"})
# Records on the same day are told apart by course (the required course first) and policy
# version, so a verdict never depends on the order the records were entered in.
COURSE_ORDER: tuple[Course, ...] = (
    "refresher",
    "supplemental",
    "required",
    "nasro_basic",
    "ssc_basic",
)


COURSE_NAMES: Mapping[Course, str] = {
    "required": "the required SRO course",
    "supplemental": "a POST-approved supplemental SRO course",
    "refresher": "an SRO refresher course",
    "ssc_basic": "the School Safety Center Basic SRO Training",
    "nasro_basic": "the NASRO Basic SRO course",
}

# May serve (policy review permitting): see "may_serve" in domain/training.md.
SERVING_STATUSES: frozenset[Status] = frozenset(
    {"compliant", "transition", "grace_period", "substitute_exempt"}
)
# Subd. 2(a) clauses (4) advice on safety drills and (5) identifying vulnerabilities.
RESTRICTED_CLAUSES: tuple[int, ...] = (4, 5)
RESTRICTED_DUTIES = (
    "advice on safety drills and identifying vulnerabilities in school facilities and safety "
    "protocols (Minn. Stat. 626.8482, subd. 2(a), clauses (4) and (5))"
)
POLICY_REVIEW_CITATION = "Policy 436.9"
CERTIFICATE_CITATION = "Minn. Stat. 626.8482, subd. 3; Model policy G.6"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Assignment:
    """An SRO or substitute assignment; ``end`` is None while open, both dates inclusive."""

    role: Role
    start: date
    end: date | None = None
    employer_could_not_provide_training: bool = False

    def covers(self, day: date) -> bool:
        """Whether the assignment is current on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Completion:
    """A completed course, and whether a copy of its certificate is on file (model policy G.6)."""

    course: Course
    completed_on: date
    certificate_on_file: bool = False


@dataclass(frozen=True, slots=True)
class PolicyReview:
    """The officer's review of a version of the department's SRO policy (policy 436.9)."""

    reviewed_on: date
    policy_version: str


@dataclass(frozen=True, slots=True)
class OfficerFacts:
    """What the rule needs to know about one officer.

    ``student_contact_days`` maps a school-year label such as "2026-27" to the officer's student
    contact days in that school year, all schools added up.
    """

    id: str
    assignments: tuple[Assignment, ...] = ()
    completions: tuple[Completion, ...] = ()
    policy_reviews: tuple[PolicyReview, ...] = ()
    student_contact_days: Mapping[str, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Reason:
    """One plain-English reason for a finding, with the rule it comes from."""

    code: str
    message: str
    citation: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The finding for one officer on the as-of date (see ``domain/training.md``)."""

    officer_id: str
    status: Status
    may_serve: bool
    restricted_clauses: tuple[int, ...]
    training_due: date | None
    refresher_due: date | None
    policy_review: PolicyReviewStatus
    certificate: CertificateStatus
    reasons: tuple[Reason, ...]
    rules_version: str


@dataclass(frozen=True, slots=True)
class _Service:
    """The officer's current continuous service on the as-of date."""

    assumed_duties: date
    as_sro: bool
    employer_could_not_provide_training: bool


@dataclass(frozen=True, slots=True)
class _Finding:
    """The status part of a verdict, before the policy review and certificate are added."""

    status: Status
    reasons: tuple[Reason, ...]
    training_due: date | None = None
    refresher_due: date | None = None
    restricted: bool = False


def _latest_course(c: Completion) -> tuple[date, int]:
    return c.completed_on, COURSE_ORDER.index(c.course)


def _earliest_course(c: Completion) -> tuple[date, int]:
    return c.completed_on, -COURSE_ORDER.index(c.course)


def _review_day(r: PolicyReview) -> tuple[date, str]:
    return r.reviewed_on, r.policy_version


def evaluate(facts: OfficerFacts, *, as_of: date, rules: RulesVersion = RULES) -> Verdict:
    """Decide the officer's training status on ``as_of`` (Minn. Stat. 626.8482, subd. 3).

    Records dated after ``as_of`` are ignored. The steps, tried in order, are those of
    ``domain/training.md``: no current assignment; substitute under the contact-day limit; SRO.
    """
    started = [a for a in facts.assignments if a.start <= as_of]
    completions = [c for c in facts.completions if c.completed_on <= as_of]
    reviews = [r for r in facts.policy_reviews if r.reviewed_on <= as_of]
    if any(a.covers(as_of) for a in started):
        service = _current_service(started, as_of)
        finding = _judge(service, completions, facts.student_contact_days, as_of, rules)
        review, review_reason = _policy_review(reviews, service.assumed_duties, as_of)
    else:
        finding = _not_assigned(as_of, rules)
        review, review_reason = "not_applicable", _policy_review_not_applicable()
    certificate, certificate_reason = _certificate(completions)
    return Verdict(
        officer_id=facts.id,
        status=finding.status,
        may_serve=finding.status in SERVING_STATUSES and review != "missing",
        restricted_clauses=RESTRICTED_CLAUSES if finding.restricted else (),
        training_due=finding.training_due,
        refresher_due=finding.refresher_due,
        policy_review=review,
        certificate=certificate,
        reasons=(*finding.reasons, review_reason, certificate_reason),
        rules_version=rules.name,
    )


def assumed_duties(facts: OfficerFacts, *, as_of: date) -> date | None:
    """The first day of the officer's current continuous service on ``as_of`` (the date by
    which the policy review is due, policy 436.9), or None when no assignment covers it."""
    started = [a for a in facts.assignments if a.start <= as_of]
    if not any(a.covers(as_of) for a in started):
        return None
    return _current_service(started, as_of).assumed_duties


def blocking_reasons(verdict: Verdict) -> tuple[Reason, ...]:
    """Why the officer may not serve, in the verdict's order; empty when they may.

    The reasons of a status that does not allow serving (a certificate or an on-time policy
    review never blocks), and a missing policy review, which blocks on its own.
    """
    if verdict.may_serve:
        return ()
    status_blocks = verdict.status not in SERVING_STATUSES
    return tuple(
        r
        for r in verdict.reasons
        if r.code == "policy_review_missing"
        or (status_blocks and not r.code.startswith(("policy_review_", "certificate_")))
    )


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    """The verdict as one JSON-ready officer entry of ``sro rules training`` output."""
    return {
        "id": verdict.officer_id,
        "status": verdict.status,
        "may_serve": verdict.may_serve,
        "restricted_clauses": list(verdict.restricted_clauses),
        "training_due": _iso(verdict.training_due),
        "refresher_due": _iso(verdict.refresher_due),
        "policy_review": verdict.policy_review,
        "certificate": verdict.certificate,
        "reasons": [
            {"code": r.code, "message": r.message, "citation": r.citation} for r in verdict.reasons
        ],
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# --- Assumed duties ------------------------------------------------------------------------


def _current_service(started: Sequence[Assignment], as_of: date) -> _Service:
    """The officer's current continuous service; at least one assignment covers ``as_of``.

    Assumed duties is the earliest start of the chain of assignments (SRO and substitute alike)
    in which each next one starts no later than the day after the service so far ends. The
    chain that holds the last-starting assignment is the one current on ``as_of``.
    """
    ordered = sorted(started, key=lambda a: (a.start, a.role, a.end or date.max))
    assumed_duties = ordered[0].start
    reach = _last_day(ordered[0])
    for assignment in ordered[1:]:
        if assignment.start - ONE_DAY > reach:
            assumed_duties = assignment.start
            reach = _last_day(assignment)
        else:
            reach = max(reach, _last_day(assignment))
    return _Service(
        assumed_duties=assumed_duties,
        as_sro=any(a.role == "sro" and a.covers(as_of) for a in started),
        employer_could_not_provide_training=any(
            a.employer_could_not_provide_training for a in started if a.start == assumed_duties
        ),
    )


def _last_day(assignment: Assignment) -> date:
    return date.max if assignment.end is None else assignment.end


# --- Status ----------------------------------------------------------------------------------


def _not_assigned(as_of: date, rules: RulesVersion) -> _Finding:
    reason = Reason(
        "not_assigned",
        f"No SRO or substitute SRO assignment is current on {as_of}, so the training "
        "requirement does not apply on that date.",
        rules.requirement_start.citation,
    )
    return _Finding("not_assigned", (reason,))


def _judge(
    service: _Service,
    completions: Sequence[Completion],
    contact_days: Mapping[str, int],
    as_of: date,
    rules: RulesVersion,
) -> _Finding:
    """Steps 2 and 3: a substitute under the contact-day limit is exempt; anyone else is an SRO."""
    basic = _transition_basic_course(completions, rules)
    course = _qualifying_course(completions, basic)
    if service.as_sro:
        return _judge_as_sro(service, completions, basic, course, as_of, rules)
    school_year = school_year_of(as_of, rules.school_year_start.value)
    days = contact_days.get(school_year, 0)
    limit = rules.substitute_contact_day_limit
    if days < limit.value:
        return _substitute_exempt(days, school_year, course, rules)
    over_limit = Reason(
        "substitute_over_limit",
        f"Serving as a substitute SRO with {days} student contact days in school year "
        f"{school_year}, not fewer than {limit.value}: judged as an SRO, keeping the "
        f"assumed-duties date {service.assumed_duties}. Settled here: the exemption ends on the "
        f"day the count reaches {limit.value}, and no grace period follows unless the department "
        "recorded that it could not provide the course before the assignment began.",
        limit.citation,
    )
    finding = _judge_as_sro(service, completions, basic, course, as_of, rules)
    return replace(finding, reasons=(over_limit, *finding.reasons))


def _transition_basic_course(
    completions: Iterable[Completion], rules: RulesVersion
) -> Completion | None:
    """The earliest basic course completed on or before the cut-off (subd. 3(b)), if any."""
    cutoff = rules.basic_course_cutoff.value
    basics = [c for c in completions if c.course in BASIC_COURSES and c.completed_on <= cutoff]
    return min(basics, key=_earliest_course, default=None)


def _qualifying_course(
    completions: Iterable[Completion], basic: Completion | None
) -> Completion | None:
    """The latest course that makes the officer trained, if any.

    The required course (subd. 3(a)); for a transition officer, who has a basic course, also a
    supplemental course (subd. 3(b)).
    """
    accepted = TRANSITION_TRAINING if basic is not None else REQUIRED_TRAINING
    courses = [c for c in completions if c.course in accepted]
    return max(courses, key=_latest_course, default=None)


def _substitute_exempt(
    days: int, school_year: str, course: Completion | None, rules: RulesVersion
) -> _Finding:
    """Model policy G.4: fewer than the limit of contact days, no training obligation."""
    limit = rules.substitute_contact_day_limit
    exempt = Reason(
        "substitute_exempt",
        f"Serving as a substitute SRO with {days} student contact days in school year "
        f"{school_year}, fewer than {limit.value}: not obligated to complete the required "
        "course. Contact days count again from zero in each new school year.",
        limit.citation,
    )
    if course is None:
        restricted = Reason(
            "clauses_restricted",
            f"Has not completed the required course, so {RESTRICTED_DUTIES} are not required "
            "of this substitute and are not assigned.",
            limit.citation,
        )
        return _Finding("substitute_exempt", (exempt, restricted), restricted=True)
    trained = Reason(
        "clauses_not_restricted",
        f"Completed {COURSE_NAMES[course.course]} on {course.completed_on}, so "
        f"{RESTRICTED_DUTIES} may be assigned.",
        limit.citation,
    )
    return _Finding("substitute_exempt", (exempt, trained))


def _judge_as_sro(
    service: _Service,
    completions: Sequence[Completion],
    basic: Completion | None,
    course: Completion | None,
    as_of: date,
    rules: RulesVersion,
) -> _Finding:
    """Step 3: the first of these bullets that applies decides."""
    if course is not None:
        return _trained(course, completions, as_of, rules)
    if basic is not None:
        return _transition(basic, service, as_of, rules)
    if service.assumed_duties < rules.requirement_start.value:
        return _untrained_since_before_start(service, rules)
    if service.employer_could_not_provide_training:
        return _grace_period(service, as_of, rules)
    return _training_required(service, rules)


def _trained(
    course: Completion, completions: Iterable[Completion], as_of: date, rules: RulesVersion
) -> _Finding:
    """Trained: compliant until the refresher falls due (model policy G.5)."""
    trained = _trained_reason(course, rules)
    latest = max(
        (c for c in completions if c.course in CERTIFIED_COURSES),
        key=_latest_course,
    )
    interval = rules.refresher_interval_years
    due = add_years(latest.completed_on, interval.value)
    basis = (
        f"{interval.value} years after the latest required, supplemental or refresher course "
        f"({latest.completed_on})"
    )
    if as_of > due:
        overdue = Reason(
            "refresher_overdue",
            f"The refresher course was due by {due}, {basis}, and has not been completed.",
            interval.citation,
        )
        return _Finding("refresher_overdue", (trained, overdue), refresher_due=due)
    current = Reason(
        "refresher_due", f"Next refresher course due by {due}, {basis}.", interval.citation
    )
    return _Finding("compliant", (trained, current), refresher_due=due)


def _trained_reason(course: Completion, rules: RulesVersion) -> Reason:
    if course.course == "required":
        return Reason(
            "trained",
            f"Completed the required SRO course on {course.completed_on}.",
            rules.requirement_start.citation,
        )
    return Reason(
        "trained",
        f"Completed {COURSE_NAMES[course.course]} on {course.completed_on}, which counts as the "
        "required course for an officer who completed a basic SRO course on or before "
        f"{rules.basic_course_cutoff.value}.",
        rules.transition_deadline.citation,
    )


def _transition(basic: Completion, service: _Service, as_of: date, rules: RulesVersion) -> _Finding:
    """Subd. 3(b): a basic course before the cut-off allows until the transition deadline."""
    deadline = rules.transition_deadline
    done = (
        f"Completed {COURSE_NAMES[basic.course]} on {basic.completed_on}, on or before "
        f"{rules.basic_course_cutoff.value}"
    )
    course = "the required course, or a POST-approved supplemental course,"
    status: Status
    if as_of <= deadline.value:
        status, code = "transition", "transition"
        message = f"{done}: must complete {course} on or before {deadline.value}."
    else:
        status, code = "training_overdue", "transition_overdue"
        message = f"{done}: had to complete {course} on or before {deadline.value} and has not."
    reasons = [Reason(code, message, deadline.citation)]
    if service.employer_could_not_provide_training:
        reasons.append(
            Reason(
                "transition_not_grace",
                "The department recorded that it could not provide the course before "
                f"{service.assumed_duties}, but the transition rule applies first, so no "
                f"{rules.grace_period_months.value}-month grace period follows and no duties "
                "are restricted.",
                deadline.citation,
            )
        )
    return _Finding(status, tuple(reasons), training_due=deadline.value)


def _untrained_since_before_start(service: _Service, rules: RulesVersion) -> _Finding:
    """Settled here: the stricter reading, trained by the requirement start (subd. 3(a))."""
    start = rules.requirement_start
    cutoff = rules.basic_course_cutoff.value
    reason = Reason(
        "trained_by_requirement_start",
        f"Serving since {service.assumed_duties}, before {start.value}, without the required "
        f"course and without a basic SRO course completed on or before {cutoff}: the required "
        f"course had to be completed by {start.value}. Settled here: the licensing board reads "
        f"the law as requiring officers serving before {start.value} to be trained by that date, "
        "while the statute's words fit new assignments only; we take the stricter reading.",
        start.citation,
    )
    return _Finding("training_overdue", (reason,), training_due=start.value)


def _grace_period(service: _Service, as_of: date, rules: RulesVersion) -> _Finding:
    """Subd. 3(c): six months when the employer could not provide the course in time."""
    grace = rules.grace_period_months
    end = add_months(service.assumed_duties, grace.value)
    started = (
        f"Assumed duties {service.assumed_duties} without the required course because the "
        "department could not provide it"
    )
    if as_of <= end:
        reason = Reason(
            "grace_period",
            f"{started}; must complete it by {end}. Until then, {RESTRICTED_DUTIES} are not "
            "assigned.",
            grace.citation,
        )
        return _Finding("grace_period", (reason,), training_due=end, restricted=True)
    reason = Reason(
        "grace_period_ended",
        f"{started}; had to complete it by {end}, the end of the {grace.value}-month grace "
        "period, and has not.",
        grace.citation,
    )
    return _Finding("training_overdue", (reason,), training_due=end)


def _training_required(service: _Service, rules: RulesVersion) -> _Finding:
    """Subd. 3(a): the course comes before assuming duties; the officer should not be serving."""
    reason = Reason(
        "training_required",
        f"Assumed duties {service.assumed_duties} without the required course, and there is no "
        "record that the department could not provide it before then: the course had to be "
        "completed before assuming duties, so the officer should not be serving.",
        rules.requirement_start.citation,
    )
    return _Finding("training_required", (reason,), training_due=service.assumed_duties)


# --- Policy review and certificate -----------------------------------------------------------


def _policy_review(
    reviews: Sequence[PolicyReview], assumed_duties: date, as_of: date
) -> tuple[PolicyReviewStatus, Reason]:
    """Policy 436.9: the SRO policy is reviewed before assuming duties (subd. 3(c); G.3, G.4).

    A review counts if dated on or before the assumed-duties date, even from an earlier period
    of service. Reviews are listed per policy version; versions do not change the result.
    """
    if not reviews:
        reason = Reason(
            "policy_review_missing",
            f"No review of the department's SRO policy on record as of {as_of}; it had to be "
            f"reviewed before assuming duties on {assumed_duties}, and the officer may not serve "
            "until it is.",
            POLICY_REVIEW_CITATION,
        )
        return "missing", reason
    versions = _reviews_by_version(reviews)
    before = [r for r in reviews if r.reviewed_on <= assumed_duties]
    if before:
        review = max(before, key=_review_day)
        reason = Reason(
            "policy_review_ok",
            f"Reviewed the department's SRO policy (version {review.policy_version}) on "
            f"{review.reviewed_on}, on or before assuming duties on {assumed_duties}. "
            f"Reviews by policy version: {versions}.",
            POLICY_REVIEW_CITATION,
        )
        return "ok", reason
    review = min(reviews, key=_review_day)
    reason = Reason(
        "policy_review_late",
        f"Reviewed the department's SRO policy (version {review.policy_version}) on "
        f"{review.reviewed_on}, after assuming duties on {assumed_duties}; the review was due "
        f"before. Reviews by policy version: {versions}.",
        POLICY_REVIEW_CITATION,
    )
    return "late", reason


def _reviews_by_version(reviews: Iterable[PolicyReview]) -> str:
    """Each policy version reviewed, with its latest review date, oldest version first."""
    latest: dict[str, date] = {}
    for review in sorted(reviews, key=_review_day):
        latest[review.policy_version] = review.reviewed_on
    return "; ".join(f"{version} on {day}" for version, day in latest.items())


def _policy_review_not_applicable() -> Reason:
    return Reason(
        "policy_review_not_applicable",
        "No current assignment, so no policy review is due.",
        POLICY_REVIEW_CITATION,
    )


def _certificate(completions: Iterable[Completion]) -> tuple[CertificateStatus, Reason]:
    """Model policy G.6: the chief keeps a copy of the most recent training certificate.

    Computed whether or not the officer is assigned; it never changes the status.
    """
    courses = [c for c in completions if c.course in CERTIFIED_COURSES]
    if not courses:
        reason = Reason(
            "certificate_not_applicable",
            "No required, supplemental or refresher course on record, so there is no training "
            "certificate to keep on file.",
            CERTIFICATE_CITATION,
        )
        return "not_applicable", reason
    # Of several completions on the latest date, one with a certificate on file is enough.
    latest = max(courses, key=lambda c: (c.completed_on, c.certificate_on_file, *_latest_course(c)))
    training = f"{COURSE_NAMES[latest.course]}, completed {latest.completed_on}"
    if latest.certificate_on_file:
        reason = Reason(
            "certificate_ok",
            f"A copy of the certificate for the most recent training ({training}) is on file.",
            CERTIFICATE_CITATION,
        )
        return "ok", reason
    reason = Reason(
        "certificate_missing",
        f"No copy of the certificate for the most recent training ({training}) is on file; the "
        "chief must keep one. This is an agency finding; it does not change the officer's status.",
        CERTIFICATE_CITATION,
    )
    return "missing", reason
