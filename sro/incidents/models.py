"""Incidents at school (policy 436.6): what happened, who was involved, what was done with each
person, and the review. People's identities and details are private data (Minn. Stat. 260B.171,
subd. 5; 13.82): they are shown only for a stated purpose, and every view is in the access log.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core import clock
from sro.core.models import Record
from sro.rules.incidents import DISPOSITIONS


class Offense(Audited, Record):
    """A Minnesota statute an incident can be recorded under; the department keeps the list."""

    citation = models.CharField(
        "Minn. Stat. section", max_length=40, unique=True, help_text="For example 609.224."
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=60)
    active = models.BooleanField(default=True, help_text="Inactive offenses are not offered.")

    class Meta:
        ordering = ["category", "citation"]

    def __str__(self) -> str:
        return f"Minn. Stat. {self.citation}: {self.title}"


class Initiation(models.TextChoices):
    SCHOOL_STAFF = "school_staff", "School staff request"
    OFFICER = "officer", "Officer-initiated"
    CALL_FOR_SERVICE = "call_for_service", "Call for service"
    STUDENT_OR_PARENT = "student_or_parent", "Student or parent"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"


OPEN_STATUSES = (Status.DRAFT, Status.RETURNED)
# A record whose review is finished: it no longer changes (sro.incidents.queries.final_students).
FINAL_STATUSES = (Status.APPROVED,)


# The earliest day an incident can be recorded on, and the leeway past today for a time just
# after midnight where the officer is.
EARLIEST_INCIDENT = dt.date(2000, 1, 1)


class Incident(Audited, Record):
    """One incident an SRO handled at a school. The summary is a short, name-free line for lists;
    the narrative (which names people) is private and keeps its history."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="incidents")
    number = models.CharField(max_length=20, help_text="The department's case number.")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="incidents")
    officer = models.ForeignKey(
        "roster.Officer",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name="reporting officer",
    )
    occurred_at = models.DateTimeField("date and time")
    place = models.CharField(
        "place on campus", max_length=120, blank=True, help_text="For example: east hallway."
    )
    summary = models.CharField(
        max_length=200,
        help_text="One line for lists, without names: for example “Fight in the cafeteria”.",
    )
    narrative = models.TextField("what happened", blank=True)
    offense = models.ForeignKey(
        Offense,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave empty when no crime is alleged.",
    )
    violates_school_rules = models.BooleanField(
        "also breaks school rules", null=True, blank=True, help_text="Leave unknown if not known."
    )
    initiated_by = models.CharField(
        "who initiated the SRO's involvement", max_length=20, choices=Initiation.choices
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    investigation_active = models.BooleanField(
        "investigation active",
        default=True,
        help_text="Criminal investigative data are confidential while the investigation is "
        "active (Minn. Stat. 13.82, subd. 7). Clear it when the case is not pursued, the time "
        "to charge has run out, or appeals are exhausted.",
    )
    identities_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the retention run removed the people's identities and the narrative.",
    )

    class Meta:
        ordering = ["-occurred_at", "-number"]
        indexes = [
            models.Index(fields=["agency", "-occurred_at"]),
            models.Index(fields=["school", "-occurred_at"]),
            models.Index(fields=["officer", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="incident_number_unique"),
            models.CheckConstraint(
                name="incident_steps_have_who_and_when",
                condition=(
                    models.Q(status="draft", submitted_by__isnull=True, submitted_at__isnull=True)
                    | (
                        ~models.Q(status="draft")
                        & models.Q(submitted_by__isnull=False, submitted_at__isnull=False)
                    )
                )
                & (
                    models.Q(
                        status__in=["draft", "submitted"],
                        reviewed_by__isnull=True,
                        reviewed_at__isnull=True,
                    )
                    | models.Q(
                        status__in=["returned", "approved"],
                        reviewed_by__isnull=False,
                        reviewed_at__isnull=False,
                    )
                ),
            ),
        ]

    def clean(self) -> None:
        """An incident is recorded once it happened: its day is from 2000 on and its moment is
        not after now (a few minutes' tolerance for a clock running fast), and it is on or after
        the date of birth of everyone recorded in it. The form, the API and the services ask
        this."""
        if self.occurred_at is None:
            return
        day = self.occurred_at.astimezone(clock.agency_zone()).date()
        if day < EARLIEST_INCIDENT or clock.is_future(self.occurred_at):
            raise ValidationError(
                {
                    "occurred_at": f"Give a time between {EARLIEST_INCIDENT.isoformat()} and "
                    "now: the incident cannot be in the future."
                }
            )
        if self.pk is not None:
            born_after = (
                IncidentPerson.objects.filter(incident_id=self.pk, date_of_birth__gt=day)
                .order_by("-date_of_birth")
                .first()
            )
            if born_after is not None:
                raise ValidationError(
                    {
                        "occurred_at": f"{born_after.label} was born on "
                        f"{born_after.date_of_birth}, after {day}: check this date, or that "
                        "person's date of birth."
                    }
                )

    def __str__(self) -> str:
        return f"Incident {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.school_id


class NarrativeVersion(Audited, Record):
    """Each saved wording of the narrative: earlier versions are kept, never changed."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="narratives")
    version = models.PositiveIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "version"], name="narrative_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident} narrative v{self.version}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.incident.agency_id


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"


class ReviewStep(Audited, Record):
    """One step of the review, who took it and when, with the comment."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "created_at"]

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_action_display()}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.incident.agency_id


class PersonKind(models.TextChoices):
    STUDENT = "student", "Student"
    PARENT = "parent", "Parent or guardian"
    STAFF = "staff", "School staff"
    OTHER = "other", "Other person"


class PersonRole(models.TextChoices):
    SUSPECT = "suspect", "Suspect"
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"
    OTHER = "other", "Other"


GRADES = [("PK", "Pre-kindergarten"), ("K", "Kindergarten")] + [
    (str(g), f"Grade {g}") for g in range(1, 13)
]


# The categories the federal Civil Rights Data Collection counts students by.
class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NONBINARY = "nonbinary", "Nonbinary"


class RaceEthnicity(models.TextChoices):
    HISPANIC = "hispanic", "Hispanic or Latino of any race"
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    WHITE = "white", "White"
    TWO_OR_MORE = "two_or_more", "Two or more races"


class Disability(models.TextChoices):
    IDEA = "idea", "Disability under IDEA (IEP)"
    SECTION_504 = "section_504", "Section 504 plan only"
    NONE = "none", "No known disability"


class RunBy(models.TextChoices):
    DEPARTMENT = "department", "The department"
    OTHER = "other", "Another agency, the school or a community program"


class StaffNotice(models.TextChoices):
    BEFORE = "before", "Told before the arrest"
    PRESENT = "present", "Present during the arrest"
    BEFORE_AND_PRESENT = "before_and_present", "Told before and present"
    NOT_PRACTICABLE = "not_practicable", "Not practicable"


DispositionChoices = [(d.id, d.label) for d in DISPOSITIONS]

# Fields whose values never go into the audit trail's old/new values (they name or describe a
# person); the audit event still records that they changed.
PRIVATE_PERSON_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "grade",
        "sex",
        "race_ethnicity",
        "disability",
        "english_learner",
        "education_plan",
        "phone",
        "email",
        "address",
        "school_summary",
        "school_referral_reason",
        "alternatives_note",
        "arrest_reason",
        "arrest_location_note",
        "staff_names",
        "staff_not_practicable_reason",
        "acknowledgement_note",
    }
)


class IncidentPerson(Audited, Record):
    """A person involved in an incident, and what was done with them (the disposition with the
    policy's questions answered). Everything identifying is private data."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="people")
    position = models.PositiveSmallIntegerField(help_text="Order within the incident.")
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    role = models.CharField(max_length=10, choices=PersonRole.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=2, choices=GRADES, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    race_ethnicity = models.CharField(
        "race and ethnicity", max_length=20, choices=RaceEthnicity.choices, blank=True
    )
    disability = models.CharField(
        "disability (IEP or 504 plan)", max_length=12, choices=Disability.choices, blank=True
    )
    english_learner = models.BooleanField(null=True, blank=True)
    education_plan = models.TextField(
        "known education plan or accommodations",
        blank=True,
        help_text="What the SRO knows of an IEP, 504 plan or behaviour plan that matters here.",
    )
    guardian_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guardians",
        help_text="For a parent or guardian: the student.",
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    identity_protected = models.BooleanField(
        "identity protected",
        default=False,
        help_text="Withhold this person's identity from the public (Minn. Stat. 13.82, subd. 17: "
        "for example a victim of criminal sexual conduct, an informant, a mandated reporter, or "
        "a victim or witness who asked not to be identified).",
    )
    address = models.CharField(max_length=300, blank=True)

    disposition = models.CharField(max_length=24, choices=DispositionChoices, blank=True)
    program_run_by = models.CharField(
        "diversion or restorative justice program run by",
        max_length=10,
        choices=RunBy.choices,
        blank=True,
    )
    school_referral_considered = models.BooleanField(
        "referral to school authorities considered", null=True, blank=True
    )
    school_referral_reason = models.TextField(
        "why referral to school authorities was or was not used", blank=True
    )
    alternatives_considered = models.BooleanField(
        "diversion or restorative justice considered", null=True, blank=True
    )
    alternatives_note = models.TextField(
        "what was considered, and why it was or was not used", blank=True
    )
    arrest_reason = models.TextField("exigency or public-safety reason for the arrest", blank=True)
    arrest_out_of_view = models.BooleanField(
        "arrest made in a non-communal area out of other students' view", null=True, blank=True
    )
    arrest_location_note = models.TextField(
        "where the arrest was made and why out of view was not practicable", blank=True
    )
    staff_notice = models.CharField(
        "school staff told or present", max_length=20, choices=StaffNotice.choices, blank=True
    )
    staff_names = models.CharField("school staff told or present", max_length=300, blank=True)
    staff_not_practicable_reason = models.TextField(
        "why telling school staff was not practicable", blank=True
    )
    school_summary = models.TextField(
        "what the school is told",
        blank=True,
        help_text="For a referral to school authorities: what the school needs to act on it.",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)

    class Meta:
        ordering = ["incident", "position"]
        indexes = [models.Index(fields=["disposition"])]
        constraints = [
            models.UniqueConstraint(fields=["incident", "position"], name="person_position_once"),
            models.CheckConstraint(
                name="acknowledgement_has_who_and_when",
                condition=models.Q(acknowledged_by__isnull=True, acknowledged_at__isnull=True)
                | models.Q(acknowledged_by__isnull=False, acknowledged_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this label goes into the audit trail and the access log.
        return f"{self.label} in {self.incident}"

    @property
    def label(self) -> str:
        """A name-free label such as "Student 2 (suspect)"."""
        return f"{self.get_kind_display()} {self.position} ({self.get_role_display().lower()})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        """A person is born before what they were involved in: the date of birth is neither in
        the future nor after the incident's day. The form, the API and `save_person` ask this."""
        dob = self.date_of_birth
        if dob is None:
            return
        if dob > clock.today():
            raise ValidationError(
                {"date_of_birth": f"The date of birth ({dob}) is in the future; check the year."}
            )
        occurred_at = self.incident.occurred_at if self.incident_id else None
        if occurred_at is not None:
            day = occurred_at.astimezone(clock.agency_zone()).date()
            if dob > day:
                raise ValidationError(
                    {
                        "date_of_birth": f"The date of birth ({dob}) is after the incident "
                        f"({day}); check the year."
                    }
                )

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.incident.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.incident.school_id
