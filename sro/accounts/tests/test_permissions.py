"""The permission predicates, without HTTP or a database: deny by default, 404 outside the
scope, 403 inside it without the right."""

from __future__ import annotations

import uuid

import pytest

from sro.accounts.permissions import (
    GRANTS,
    Access,
    Decision,
    ObjectScope,
    Principal,
    Role,
    can_list,
    decide,
)

AGENCY, OTHER_AGENCY = uuid.uuid4(), uuid.uuid4()
ME, COLLEAGUE = uuid.uuid4(), uuid.uuid4()
MY_SCHOOL, OTHER_SCHOOL = uuid.uuid4(), uuid.uuid4()
DISTRICT = uuid.uuid4()


def who(role: Role, **kw: object) -> Principal:
    return Principal(role=role, agency_id=AGENCY, **kw)  # type: ignore[arg-type]


SRO = who(
    Role.SRO,
    officer_id=ME,
    school_ids=frozenset({MY_SCHOOL}),
    education_agency_ids=frozenset({DISTRICT}),
)
PRINCIPAL = who(
    Role.SCHOOL_ADMIN, school_ids=frozenset({MY_SCHOOL}), education_agency_ids=frozenset({DISTRICT})
)


def officer(officer_id: uuid.UUID, school: uuid.UUID, agency: uuid.UUID = AGENCY) -> ObjectScope:
    return ObjectScope(
        agency_id=agency,
        officer_ids=frozenset({officer_id}),
        school_ids=frozenset({school}),
        education_agency_ids=frozenset({DISTRICT}),
    )


def school(school_id: uuid.UUID) -> ObjectScope:
    return ObjectScope(
        agency_id=AGENCY,
        school_ids=frozenset({school_id}),
        education_agency_ids=frozenset({DISTRICT}),
    )


@pytest.mark.parametrize(
    ("principal", "resource", "obj", "need", "expected"),
    [
        pytest.param(
            who(Role.CHIEF),
            "officer",
            officer(COLLEAGUE, OTHER_SCHOOL),
            Access.WRITE,
            Decision.ALLOW,
            id="the chief may change any officer of the agency",
        ),
        pytest.param(
            who(Role.CHIEF),
            "officer",
            officer(COLLEAGUE, OTHER_SCHOOL, OTHER_AGENCY),
            Access.READ,
            Decision.NOT_FOUND,
            id="another agency's officer does not exist",
        ),
        pytest.param(
            who(Role.RECORDS),
            "officer",
            officer(COLLEAGUE, OTHER_SCHOOL),
            Access.WRITE,
            Decision.FORBIDDEN,
            id="records staff read but do not change officers",
        ),
        pytest.param(
            SRO,
            "officer",
            officer(ME, MY_SCHOOL),
            Access.READ,
            Decision.ALLOW,
            id="an SRO reads their own record",
        ),
        pytest.param(
            SRO,
            "officer",
            officer(ME, MY_SCHOOL),
            Access.WRITE,
            Decision.FORBIDDEN,
            id="an SRO does not edit their own record",
        ),
        pytest.param(
            SRO,
            "officer",
            officer(COLLEAGUE, MY_SCHOOL),
            Access.READ,
            Decision.NOT_FOUND,
            id="an SRO does not see a colleague at the same school",
        ),
        pytest.param(
            SRO,
            "school",
            school(MY_SCHOOL),
            Access.READ,
            Decision.ALLOW,
            id="an SRO sees the school they serve",
        ),
        pytest.param(
            SRO,
            "school",
            school(OTHER_SCHOOL),
            Access.READ,
            Decision.NOT_FOUND,
            id="an SRO does not see another school of the same district",
        ),
        pytest.param(
            PRINCIPAL,
            "officer",
            officer(COLLEAGUE, MY_SCHOOL),
            Access.READ,
            Decision.FORBIDDEN,
            id="a principal knows their SRO but may not open police personnel records",
        ),
        pytest.param(
            PRINCIPAL,
            "officer",
            officer(COLLEAGUE, OTHER_SCHOOL),
            Access.READ,
            Decision.NOT_FOUND,
            id="a principal does not see other schools' officers",
        ),
        pytest.param(
            PRINCIPAL,
            "contract",
            ObjectScope(agency_id=AGENCY, education_agency_ids=frozenset({DISTRICT})),
            Access.READ,
            Decision.ALLOW,
            id="a principal sees their district's contract before it lists schools",
        ),
        pytest.param(
            who(Role.AUDITOR),
            "audit_event",
            ObjectScope(agency_id=AGENCY),
            Access.READ,
            Decision.ALLOW,
            id="the auditor reads the audit trail",
        ),
        pytest.param(
            who(Role.SERGEANT),
            "audit_event",
            ObjectScope(agency_id=AGENCY),
            Access.READ,
            Decision.FORBIDDEN,
            id="a sergeant does not",
        ),
        pytest.param(
            Principal(role=None),
            "agency",
            ObjectScope(agency_id=AGENCY),
            Access.READ,
            Decision.NOT_FOUND,
            id="a user without a role sees nothing",
        ),
    ],
)
def test_decisions(
    principal: Principal, resource: str, obj: ObjectScope, need: Access, expected: Decision
) -> None:
    assert decide(principal, resource, obj, need) is expected


def test_nothing_is_writable_by_the_auditor_and_records_staff_answer_only_data_requests() -> None:
    for resource in GRANTS:
        if resource == "api_token":
            continue  # their own tokens
        assert not can_list(who(Role.AUDITOR), resource, Access.WRITE), resource
        records_write = can_list(who(Role.RECORDS), resource, Access.WRITE)
        assert records_write is (resource == "data_request"), resource


def test_a_role_missing_from_the_table_is_denied() -> None:
    assert Role.SCHOOL_ADMIN not in GRANTS["officer"]
    assert not can_list(PRINCIPAL, "officer")
    assert not can_list(Principal(role=None), "school")
