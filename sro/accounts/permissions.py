"""Who may see and change what: pure predicates, no database, unit-tested without HTTP.

Deny by default: a role has only the grants listed in GRANTS. An object outside the user's
scope is "not found" (404) so its existence does not leak; inside the scope without the right
it is "forbidden" (403).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field


class Role(enum.StrEnum):
    CHIEF = "chief"
    SERGEANT = "sergeant"
    SRO = "sro"
    RECORDS = "records"
    SCHOOL_ADMIN = "school_admin"
    AUDITOR = "auditor"


class Access(enum.IntEnum):
    READ = 1
    WRITE = 2


class Reach(enum.StrEnum):
    AGENCY = "agency"  # everything in the user's agency
    SCHOOLS = "schools"  # objects touching the user's schools (or the officer themself)
    SELF = "self"  # only the officer's own records


class Decision(enum.IntEnum):
    ALLOW = 200
    FORBIDDEN = 403
    NOT_FOUND = 404


@dataclass(frozen=True)
class Principal:
    """What the permission rules need to know about a signed-in user."""

    role: Role | None
    agency_id: uuid.UUID | None = None
    officer_id: uuid.UUID | None = None
    school_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    education_agency_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    # A state auditor: may choose which agency `agency_id` is (always with read-only grants).
    spans_agencies: bool = False


@dataclass(frozen=True)
class ObjectScope:
    """Where an object sits: its agency and the officers, schools and districts it touches."""

    agency_id: uuid.UUID
    officer_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    school_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    education_agency_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)


R, W = Access.READ, Access.WRITE
A, S, ME = Reach.AGENCY, Reach.SCHOOLS, Reach.SELF

# resource -> role -> (the most it may do, over which objects)
GRANTS: dict[str, dict[Role, tuple[Access, Reach]]] = {
    "agency": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, A),
        Role.AUDITOR: (R, A),
    },
    "education_agency": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    "school": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    "officer": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, ME),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    "contract": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # Public notification that an SRO will be present (model policy IV.A.1.iv): schools give it,
    # so school administrators record their own schools' notices.
    "notification": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
        Role.AUDITOR: (R, A),
    },
    # The agency's notice letter text; everyone who prints a letter reads it.
    "notice_template": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, A),
        Role.AUDITOR: (R, A),
    },
    "assignment": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, ME),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    "training": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, ME),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    "policy": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, A),
        Role.AUDITOR: (R, A),
    },
    "calendar": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # An officer's duty schedule: absences, assigned duties, patrol pulls, the month view.
    "schedule": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, ME),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Which schools have an SRO on a day; school administrators see their schools only, and
    # not the private reason for a patrol pull.
    "coverage": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # The private iCalendar feed of an officer's schedule: the officer makes and revokes their
    # own; supervisors may revoke one (a lost phone).
    "calendar_feed": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, ME),
    },
    # Police records of incidents at school. School administrators see none of them (policy
    # 436.7): only the referrals made to their schools ("school_referral").
    "incident": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Approving or returning an incident record.
    "incident_review": {Role.CHIEF: (W, A), Role.SERGEANT: (W, A)},
    # The names and details of the people in an incident (private: Minn. Stat. 260B.171, subd.
    # 5; 13.82): shown for a stated purpose and logged. Auditors see the records without them.
    "student_identity": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
    },
    # A student referred to school authorities (policy 436.6): the school's administrators see
    # and acknowledge their own schools' referrals.
    "school_referral": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
    },
    # Counts of referrals and arrests by school, month and disposition: no one's identity.
    "incident_figures": {Role.CHIEF: (R, A), Role.SERGEANT: (R, A), Role.AUDITOR: (R, A)},
    # The Minnesota offense list incidents are recorded under.
    "offense": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Use-of-force and prone-restraint reports (policy 436.5): the officer files their own; the
    # sergeant, then the chief, review. School administrators see none.
    "force_report": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, ME),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # The sergeant's and the chief's review steps.
    "force_review": {Role.CHIEF: (W, A), Role.SERGEANT: (W, A)},
    # Written reports under the duty to intercede and report (Minn. Stat. 626.8475): to the
    # officer's own chief; an SRO files their own.
    "intervention_report": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (W, ME),
        Role.AUDITOR: (R, A),
    },
    # The monthly report to the Bureau of Criminal Apprehension (Minn. Stat. 626.5534).
    "bca_report": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Early-intervention alerts about an officer's pattern: the chief's to review.
    "early_intervention": {Role.CHIEF: (W, A), Role.AUDITOR: (R, A)},
    # Counts of force by school, type, age band and prone restraint.
    "force_figures": {Role.CHIEF: (R, A), Role.SERGEANT: (R, A), Role.AUDITOR: (R, A)},
    # School safety (policy 436.3). The yearly security audit: SROs conduct their schools'
    # audits; school administrators read their schools' audits and the report for the principal.
    # Audits and their photos are security information (Minn. Stat. 13.37, subd. 1(a)).
    "security_audit": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # Choosing the officer who conducts an audit, and overriding the clause (4)/(5) restriction.
    "safety_assignment": {Role.CHIEF: (W, A), Role.SERGEANT: (W, A)},
    # The department's audit checklist.
    "audit_checklist": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # An audit's recommendations: the school's administrators update their progress.
    "recommendation": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
        Role.AUDITOR: (R, A),
    },
    # Safety plans (the school's) and the SRO's contributions; drills the school holds.
    "safety_plan": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
        Role.AUDITOR: (R, A),
    },
    "drill": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
        Role.AUDITOR: (R, A),
    },
    # Security for large events: supervisors assign the officers.
    "security_event": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # The SRO's daily work by duty clause (policy 436.3, 436.4): an SRO logs their own; the
    # sergeant and the chief may correct anyone's. Activities count students, never name them.
    "activity": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, ME),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Time by duty clause: hours and counts, no student's identity. A school administrator sees
    # their schools' figures; an SRO their own.
    "activity_figures": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, ME),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
        Role.AUDITOR: (R, A),
    },
    # A student steered to a support service instead of the justice system (model policy II,
    # IV.B): the school's administrators see and acknowledge their schools' referrals.
    "support_referral": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (W, S),
        Role.AUDITOR: (R, A),
    },
    # The school's acknowledgement that it has the referral: its administrators' alone.
    "support_referral_acknowledgement": {Role.SCHOOL_ADMIN: (W, S)},
    # The referred student's name and the reason: private student data, for a stated purpose.
    "support_referral_identity": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.SRO: (R, S),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
    },
    # The department's library of lesson outlines for classes and presentations (duty (6)).
    "lesson_outline": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (R, A),
        Role.RECORDS: (R, A),
        Role.SCHOOL_ADMIN: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Requests for data under the Data Practices Act: records staff answer them; the chief and
    # auditors read the register.
    "data_request": {Role.CHIEF: (R, A), Role.RECORDS: (W, A), Role.AUDITOR: (R, A)},
    # Education records a school shared for an incident (34 CFR 99.33): the SRO who has the case
    # records them; they are never released.
    "education_record": {
        Role.CHIEF: (W, A),
        Role.SERGEANT: (W, A),
        Role.SRO: (W, S),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
    },
    # Complaints about an SRO, filed by the public: routed to the chief, who records the outcome;
    # auditors read them.
    "complaint": {Role.CHIEF: (W, A), Role.AUDITOR: (R, A)},
    # Aggregate reports (no person named): the annual program report and the joint report.
    "report": {
        Role.CHIEF: (R, A),
        Role.SERGEANT: (R, A),
        Role.RECORDS: (R, A),
        Role.AUDITOR: (R, A),
        Role.SCHOOL_ADMIN: (R, S),
    },
    "audit_event": {Role.CHIEF: (R, A), Role.AUDITOR: (R, A)},
    # Who opened which student's data, when and why; records staff answer data subjects' and
    # parents' questions about it.
    "access_log": {Role.CHIEF: (R, A), Role.RECORDS: (R, A), Role.AUDITOR: (R, A)},
    # Searching the access log by a student's exact full name: only the roles that may see
    # students' names across the agency. An auditor reads the log without it: whatever a search
    # answers (which entries, how many) would tell who is in the records, letter by letter.
    "access_log_student_search": {Role.CHIEF: (R, A), Role.RECORDS: (R, A)},
    "api_token": dict.fromkeys(Role, (W, ME)),
}

# Where a role can see at all, used to tell 404 from 403 when it holds no grant.
BASE_REACH: dict[Role, Reach] = {
    Role.CHIEF: A,
    Role.SERGEANT: A,
    Role.RECORDS: A,
    Role.AUDITOR: A,
    Role.SRO: S,
    Role.SCHOOL_ADMIN: S,
}


def reaches(principal: Principal, reach: Reach, obj: ObjectScope) -> bool:
    """Whether the object lies inside `reach` for this principal."""
    if principal.agency_id is None or obj.agency_id != principal.agency_id:
        return False
    mine = principal.officer_id is not None and principal.officer_id in obj.officer_ids
    if reach is Reach.AGENCY:
        return True
    if reach is Reach.SELF:
        return mine
    if mine or principal.school_ids & obj.school_ids:
        return True
    # A record tied to a district but to none of its schools (a contract not yet listing
    # schools) is within reach of the people scoped to that district.
    return not obj.school_ids and bool(principal.education_agency_ids & obj.education_agency_ids)


def decide(principal: Principal, resource: str, obj: ObjectScope, need: Access) -> Decision:
    """Allow, forbid (403) or hide (404) one object from one user for reading or writing."""
    if principal.role is None:
        return Decision.NOT_FOUND
    grant = GRANTS[resource].get(principal.role)
    if grant is None:
        visible = reaches(principal, BASE_REACH[principal.role], obj)
        return Decision.FORBIDDEN if visible else Decision.NOT_FOUND
    access, reach = grant
    if not reaches(principal, reach, obj):
        return Decision.NOT_FOUND
    return Decision.ALLOW if access >= need else Decision.FORBIDDEN


def can_list(principal: Principal, resource: str, need: Access = Access.READ) -> bool:
    """Whether the role may use a list or create page for this kind of record at all."""
    if principal.role is None:
        return False
    grant = GRANTS[resource].get(principal.role)
    return grant is not None and grant[0] >= need


def list_reach(principal: Principal, resource: str) -> Reach | None:
    if principal.role is None:
        return None
    grant = GRANTS[resource].get(principal.role)
    return grant[1] if grant else None
