"""Every route, every persona: the status each must get. A new route without an expectation
fails here, so nothing ships with an unconsidered permission.

Columns: chief, sergeant, sro (Dana Lindqvist, Central Lakes High), records, principal (Central
Lakes High only), auditor, outsider (chief of another agency), norole (signed in, no role),
anonymous. The state auditor (every agency, read only) is checked against the auditor's column:
reading the demo agency they get exactly what its auditor gets, reading another agency they get
the same pages and none of the demo agency's records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import Demo

COLUMNS = [
    "chief",
    "sergeant",
    "sro",
    "records",
    "principal",
    "auditor",
    "outsider",
    "norole",
    "anonymous",
]


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(COLUMNS)
    return dict(zip(COLUMNS, statuses, strict=True))


LOGIN = 302  # pages send the anonymous visitor to sign in
#                     chief sgt  sro  rec  prin aud  out  none anon
PAGES: dict[str, dict[str, int]] = {
    "root": row(302, 302, 302, 302, 302, 302, 302, 302, 302),
    "healthz": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "home": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "login": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "logout": row(405, 405, 405, 405, 405, 405, 405, 405, 405),
    # The second factor: every signed-in account verifies or enrols (a verified one may move to
    # another app, with a code from the one it has); new recovery codes ask for a fresh code.
    "second_factor": row(200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "second_factor_setup": row(200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "recovery_codes": row(200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "recovery_codes_shown": row(200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "password_change": row(200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "tokens": row(200, 200, 200, 200, 200, 200, 200, 404, LOGIN),
    "token_revoke": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Choosing the agency to read: the state auditor only (see the tests at the end).
    "read_agency": row(403, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "roster:agency": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "roster:agency_edit": row(200, 403, 403, 403, 403, 403, 404, 404, LOGIN),
    "roster:officer_list": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "roster:officer_create": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "roster:officer": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "roster:officer_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "roster:assignment_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "roster:assignment_create": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "roster:assignment": row(200, 200, 404, 200, 200, 200, 404, 404, LOGIN),
    "roster:assignment_edit": row(200, 200, 404, 403, 403, 403, 404, 404, LOGIN),
    "schools:education_agency_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "schools:education_agency_create": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "schools:education_agency": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "schools:education_agency_edit": row(200, 403, 403, 403, 403, 403, 404, 404, LOGIN),
    "schools:school_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "schools:school_create": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "schools:school": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "schools:school_edit": row(200, 403, 404, 403, 404, 403, 404, 404, LOGIN),
    "contracts:contract_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "contracts:contract_create": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "contracts:contract": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "contracts:contract_edit": row(200, 403, 404, 403, 404, 403, 404, 404, LOGIN),
    "contracts:item_edit": row(200, 403, 404, 403, 404, 403, 404, 404, LOGIN),
    "contracts:change_create": row(200, 403, 404, 403, 404, 403, 404, 404, LOGIN),
    "contracts:document_upload": row(200, 403, 404, 403, 404, 403, 404, 404, LOGIN),
    # The district's agreement: the SRO and the principal serve one of its schools.
    "contracts:document": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "contracts:document_file": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "contracts:decide": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Public notification (model policy IV.A.1.iv), tried on a school and a notice outside the
    # SRO's and the principal's school (Runestone).
    "notices:list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "notices:create": row(200, 200, 403, 403, 200, 403, 200, 403, LOGIN),
    "notices:edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "notices:letter": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "notices:template": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "notices:template_preview": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    # The public pages: no sign-in, the same for everyone.
    "public:index": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:school": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:letter": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:policy": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:policy_version": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:transparency": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:transparency_csv": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public:transparency_dictionary": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "audittrail:event_list": row(200, 403, 403, 403, 403, 200, 200, 403, LOGIN),
    "audittrail:access_list": row(200, 403, 403, 200, 403, 200, 200, 403, LOGIN),
    "training:compliance": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "training:compliance_csv": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "training:compliance_pdf": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "training:import": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "training:mine": row(404, 404, 302, 404, 404, 404, 404, 404, LOGIN),
    "training:officer": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "training:completion_create": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "training:certificate": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "training:certificate_upload": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "training:policy": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "training:policy_versions": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "training:policy_version_create": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "training:policy_version": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "training:acknowledge": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "scheduling:calendar": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "scheduling:calendar_import": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "scheduling:day": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "scheduling:mine": row(404, 404, 302, 404, 404, 404, 404, 404, LOGIN),
    "scheduling:to_assign": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "scheduling:problems": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "scheduling:officer_month": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "scheduling:duty_create": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "scheduling:absence_create": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "scheduling:pull_create": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "scheduling:duty_remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "scheduling:absence_remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "scheduling:pull_remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "scheduling:feed": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # A feed opens with its secret, not a sign-in: an unknown secret is not found for anyone.
    "scheduling:feed_ics": row(404, 404, 404, 404, 404, 404, 404, 404, 404),
    # Incidents (policy 436.6), tried on the custodial arrest at the charter school: outside
    # the SRO persona's and the principal's schools. School administrators see no police
    # records, only referrals made to their schools; auditors see records without identities.
    "incidents:incident_list": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "incidents:incident_new": row(200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "incidents:figures": row(200, 200, 403, 403, 403, 200, 200, 403, LOGIN),
    "incidents:incident": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "incidents:purpose": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "incidents:incident_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "incidents:narrative": row(200, 200, 404, 200, 404, 403, 404, 404, LOGIN),
    "incidents:person_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "incidents:submit": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "incidents:review": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "incidents:person_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "incidents:disposition": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    # The referral to Central Lakes High School: its principal and its SRO see it.
    "incidents:referral_list": row(200, 200, 200, 200, 200, 403, 200, 403, LOGIN),
    "incidents:referral": row(200, 200, 200, 200, 200, 403, 404, 404, LOGIN),
    "incidents:acknowledge": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Use of force (policy 436.5), tried on the arrest report at the charter school (another
    # officer's than the SRO persona's own).
    "use_of_force:report_list": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "use_of_force:report_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "use_of_force:report": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "use_of_force:report_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "use_of_force:submit": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "use_of_force:review": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # The duty to intercede and report (626.8475): the officer who saw the force files it.
    "use_of_force:interventions": row(200, 200, 200, 403, 403, 200, 200, 403, LOGIN),
    "use_of_force:intervention_new": row(403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "use_of_force:intervention": row(200, 200, 404, 403, 404, 200, 404, 404, LOGIN),
    # The monthly report to the BCA (626.5534), tried on October 2026.
    "use_of_force:bca": row(200, 200, 403, 200, 403, 200, 200, 403, LOGIN),
    "use_of_force:bca_csv": row(200, 200, 403, 200, 403, 200, 200, 403, LOGIN),
    "use_of_force:bca_submit": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "use_of_force:alerts": row(200, 403, 403, 403, 403, 200, 200, 403, LOGIN),
    "use_of_force:alert": row(200, 403, 404, 403, 404, 200, 404, 404, LOGIN),
    "use_of_force:figures": row(200, 200, 403, 403, 403, 200, 200, 403, LOGIN),
    # School safety audits (policy 436.3), tried on Runestone's audit in progress (outside the
    # SRO persona's and the principal's school) and a recommendation at Central Lakes High.
    "safety:audit_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "safety:audit_start": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "safety:audit_open": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "safety:audit": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:audit_assign": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:audit_area": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:finding_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:audit_complete": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:audit_pdf": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:photo": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:photo_remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "safety:finding_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:recommendation_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:recommendation_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "safety:recommendation_edit": row(200, 200, 200, 403, 200, 403, 404, 404, LOGIN),
    "safety:checklist": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "safety:checklist_default": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "safety:checklist_area_new": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "safety:checklist_area_edit": row(200, 403, 403, 403, 404, 403, 404, 404, LOGIN),
    "safety:checklist_item_new": row(200, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "safety:checklist_item_edit": row(200, 403, 403, 403, 404, 403, 404, 404, LOGIN),
    # The safety overview, a school's safety, drills, plans and events, tried on Runestone
    # (outside the SRO persona's and the principal's school).
    "safety:overview": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "safety:school": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:plan_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:plan_file": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "safety:contribution_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:drill_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "safety:drill_new": row(200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "safety:drill_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "safety:drill_remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "safety:event_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "safety:event_new": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "safety:event_edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    # The SRO's daily work, tried on Priya Raman's activity (not the SRO persona's, not at the
    # principal's school) and a referral at Central Lakes High (the SRO's and the principal's).
    # The data-request register: records staff write; the chief and auditors read.
    "records:request_list": row(200, 403, 403, 200, 403, 200, 200, 403, LOGIN),
    # The annual program report (aggregates of the whole department): not SROs or schools.
    "reports:annual": row(200, 200, 403, 200, 403, 200, 200, 403, LOGIN),
    "reports:annual_download": row(200, 200, 403, 200, 403, 200, 200, 403, LOGIN),
    # A contract's joint report (the charter school's: not the principal's district).
    "reports:joint": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "reports:joint_download": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "records:request_new": row(403, 403, 403, 200, 403, 403, 403, 403, LOGIN),
    "records:request": row(200, 403, 404, 200, 404, 200, 404, 404, LOGIN),
    "records:copy_pdf": row(403, 403, 404, 200, 404, 403, 404, 404, LOGIN),
    "records:education_new": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "records:review": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "records:release": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Complaints about an SRO: anyone may use the public form; the chief handles complaints and
    # auditors read them (agency-wide: not in an SRO's or a school's scope, so those get 404).
    "complaints:public_new": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "complaints:complaint_list": row(200, 403, 403, 403, 403, 200, 200, 403, LOGIN),
    "complaints:complaint": row(200, 403, 404, 403, 404, 200, 404, 404, LOGIN),
    "complaints:review": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "complaints:close": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "complaints:assign": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "activity:list": row(200, 200, 200, 200, 403, 200, 200, 403, LOGIN),
    "activity:new": row(200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "activity:time_by_duty": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "activity:detail": row(200, 200, 404, 200, 404, 200, 404, 404, LOGIN),
    "activity:edit": row(200, 200, 404, 403, 404, 403, 404, 404, LOGIN),
    "activity:remove": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "activity:referral_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "activity:referral_new": row(200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "activity:referral": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "activity:referral_acknowledge": row(405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "activity:lesson_list": row(200, 200, 200, 200, 200, 200, 200, 403, LOGIN),
    "activity:lesson_new": row(200, 200, 403, 403, 403, 403, 200, 403, LOGIN),
    "activity:lesson": row(200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "activity:lesson_edit": row(200, 200, 403, 403, 403, 403, 404, 404, LOGIN),
    "api:openapi-json": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:openapi-view": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
}

# API operations by method and path; anonymous callers get 401.
#                                   chief sgt  sro  rec  prin aud  out  none anon
API: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/v1/agency"): row(200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/v1/officers"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("post", "/api/v1/officers"): row(422, 422, 403, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/officers/{officer_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    ("patch", "/api/v1/officers/{officer_id}"): row(200, 200, 404, 403, 404, 403, 404, 404, 401),
    ("get", "/api/v1/assignments"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/assignments"): row(422, 422, 403, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/assignments/{assignment_id}"): row(
        200, 200, 404, 200, 200, 200, 404, 404, 401
    ),
    ("patch", "/api/v1/assignments/{assignment_id}"): row(
        200, 200, 404, 403, 403, 403, 404, 404, 401
    ),
    ("get", "/api/v1/districts"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/districts"): row(422, 403, 403, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/districts/{district_id}"): row(200, 200, 200, 200, 200, 200, 404, 404, 401),
    ("patch", "/api/v1/districts/{district_id}"): row(200, 403, 403, 403, 403, 403, 404, 404, 401),
    ("get", "/api/v1/schools"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/schools"): row(422, 403, 403, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/schools/{school_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    ("patch", "/api/v1/schools/{school_id}"): row(200, 403, 404, 403, 404, 403, 404, 404, 401),
    ("get", "/api/v1/contracts"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/contracts"): row(422, 403, 403, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/contracts/{contract_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    ("patch", "/api/v1/contracts/{contract_id}"): row(200, 403, 404, 403, 404, 403, 404, 404, 401),
    ("get", "/api/v1/contracts/{contract_id}/checklist"): row(
        200, 200, 404, 200, 404, 200, 404, 404, 401
    ),
    ("get", "/api/v1/notifications"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/notifications"): row(422, 422, 403, 403, 422, 403, 422, 403, 401),
    ("get", "/api/v1/notifications/status"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/schedule/officers/{officer_id}"): row(
        200, 200, 404, 200, 404, 200, 404, 404, 401
    ),
    ("get", "/api/v1/coverage"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/incidents"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("post", "/api/v1/incidents"): row(422, 422, 422, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/incidents/figures"): row(200, 200, 403, 403, 403, 200, 200, 403, 401),
    ("get", "/api/v1/incidents/{incident_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    # Identities need a stated purpose (none given here: 422); auditors never see them.
    ("get", "/api/v1/incidents/{incident_id}/people"): row(
        422, 422, 404, 422, 404, 403, 404, 404, 401
    ),
    ("post", "/api/v1/incidents/{incident_id}/submit"): row(
        422, 422, 404, 403, 404, 403, 404, 404, 401
    ),
    ("post", "/api/v1/incidents/{incident_id}/review"): row(
        422, 422, 404, 403, 404, 403, 404, 404, 401
    ),
    ("get", "/api/v1/referrals"): row(200, 200, 200, 200, 200, 403, 200, 403, 401),
    ("post", "/api/v1/referrals/{referral_id}/acknowledge"): row(
        403, 403, 403, 403, 200, 403, 404, 404, 401
    ),
    ("get", "/api/v1/offenses"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("get", "/api/v1/force-reports"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("post", "/api/v1/incidents/{incident_id}/force-reports"): row(
        422, 422, 404, 403, 404, 403, 404, 404, 401
    ),
    ("get", "/api/v1/force-reports/{force_report_id}"): row(
        200, 200, 404, 200, 404, 200, 404, 404, 401
    ),
    ("post", "/api/v1/force-reports/{force_report_id}/submit"): row(
        422, 422, 404, 403, 404, 403, 404, 404, 401
    ),
    ("post", "/api/v1/force-reports/{force_report_id}/review"): row(
        422, 422, 404, 403, 404, 403, 404, 404, 401
    ),
    ("get", "/api/v1/safety/schools"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/safety/audits"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/safety/audits/{audit_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    ("get", "/api/v1/safety/recommendations"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("patch", "/api/v1/safety/recommendations/{recommendation_id}"): row(
        200, 200, 404, 403, 404, 403, 404, 404, 401
    ),
    ("get", "/api/v1/safety/drills"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("post", "/api/v1/safety/drills"): row(422, 422, 422, 403, 422, 403, 422, 403, 401),
    ("get", "/api/v1/safety/events"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/force-types"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("get", "/api/v1/force/bca-months"): row(200, 200, 403, 200, 403, 200, 200, 403, 401),
    # An empty body: the chief (of either agency) is told what is missing; the rest may not.
    ("post", "/api/v1/force/bca-months/{month}/submission"): row(
        422, 403, 403, 403, 403, 403, 422, 403, 401
    ),
    ("get", "/api/v1/activities"): row(200, 200, 200, 200, 403, 200, 200, 403, 401),
    ("post", "/api/v1/activities"): row(422, 422, 422, 403, 403, 403, 422, 403, 401),
    ("get", "/api/v1/activities/{activity_id}"): row(200, 200, 404, 200, 404, 200, 404, 404, 401),
    ("get", "/api/v1/activity/time-by-duty"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/support-referrals"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
    ("get", "/api/v1/lesson-outlines"): row(200, 200, 200, 200, 200, 200, 200, 403, 401),
}


def _objects(demo: Demo) -> dict[str, Callable[[], Any]]:
    """Which record each parameterised route is tried on: chosen to show scoping (another
    officer's record, a school outside the principal's, the other contract)."""
    from sro.accounts.models import ApiToken
    from sro.accounts.services import issue_api_token
    from sro.activity.models import Activity, LessonOutline, SupportReferral
    from sro.complaints.models import Complaint
    from sro.contracts.models import ClauseProposal, Contract, ContractDocument, Notification
    from sro.incidents.models import Incident, IncidentPerson
    from sro.records.models import DataRequest
    from sro.roster.models import Assignment
    from sro.safety.models import (
        AuditPhoto,
        ChecklistArea,
        ChecklistItem,
        Drill,
        Finding,
        Recommendation,
        SafetyPlan,
        SecurityAudit,
        SecurityEvent,
    )
    from sro.scheduling.models import Absence, Duty, PatrolPull
    from sro.training.models import Completion, PolicyVersion
    from sro.use_of_force.models import EarlyInterventionAlert, ForceReport, InterventionReport

    def token() -> Any:
        existing = ApiToken.objects.filter(user=demo.users["chief"]).first()
        if existing:
            return existing.pk
        return issue_api_token(actor=None, user=demo.users["chief"], name="t")[0].pk

    becker = Assignment.objects.get(officer=demo.officers["Becker"], school=demo.high_school)
    return {
        "agency": lambda: demo.agency.pk,
        "officer": lambda: demo.officers["Okafor"].pk,
        "assignment": lambda: becker.pk,
        "education_agency": lambda: demo.high_school.education_agency_id,
        "school": lambda: demo.schools["Runestone Middle School"].pk,
        "contract": lambda: Contract.objects.get(education_agency__kind="charter").pk,
        "document": lambda: ContractDocument.objects.get().pk,
        "proposal": lambda: ClauseProposal.objects.filter(decision="proposed")[0].pk,
        "token": token,
        "notification": lambda: (
            Notification.objects.get(school=demo.schools["Runestone Middle School"]).pk
        ),
        "district": lambda: demo.high_school.education_agency_id,
        "completion": lambda: Completion.objects.get(officer=demo.officers["Raman"]).pk,
        "policy_version": lambda: PolicyVersion.objects.get(agency=demo.agency).pk,
        # Another officer's entries than the SRO persona's own (Lindqvist's).
        "duty": lambda: Duty.objects.get(officer=demo.officers["Raman"], kind="training").pk,
        "absence": lambda: Absence.objects.get(officer=demo.officers["Haugen"]).pk,
        "pull": lambda: PatrolPull.objects.get(officer=demo.officers["Whitebird"]).pk,
        "incident": lambda: Incident.objects.get(summary__startswith="Threat").pk,
        "person": lambda: IncidentPerson.objects.get(disposition="custodial_arrest").pk,
        "referral": lambda: IncidentPerson.objects.get(disposition="referred_to_school").pk,
        "force_report": lambda: ForceReport.objects.get(prone_start__isnull=False).pk,
        "intervention": lambda: (
            InterventionReport.objects.get(reporting_officer=demo.officers["Okafor"]).pk
        ),
        "alert": lambda: EarlyInterventionAlert.objects.get().pk,
        "bca_month": lambda: "2026-10",
        "audit": lambda: (
            SecurityAudit.objects.get(
                school=demo.schools["Runestone Middle School"], status="in_progress"
            ).pk
        ),
        "photo": lambda: AuditPhoto.objects.filter(answer__audit__status="in_progress")[0].pk,
        "finding": lambda: Finding.objects.filter(audit__status="in_progress")[0].pk,
        "recommendation": lambda: (
            Recommendation.objects.filter(finding__audit__school=demo.high_school, status="open")[
                0
            ].pk
        ),
        "plan": lambda: SafetyPlan.objects.get(school=demo.schools["Runestone Middle School"]).pk,
        "drill": lambda: Drill.objects.filter(school=demo.schools["Runestone Middle School"])[0].pk,
        "event": lambda: SecurityEvent.objects.get(name="Spring band concert").pk,
        "runestone_recommendation": lambda: (
            Recommendation.objects.filter(finding__audit__school__name="Runestone Middle School")[
                0
            ].pk
        ),
        "activity": lambda: (
            Activity.objects.filter(officer=demo.officers["Raman"], kind="patrol")[0].pk
        ),
        "support_referral": lambda: SupportReferral.objects.get(last_name="Example").pk,
        "lesson": lambda: LessonOutline.objects.filter(agency=demo.agency)[0].pk,
        "data_request": lambda: DataRequest.objects.get().pk,
        "complaint": lambda: Complaint.objects.get(agency=demo.agency, status="closed").pk,
        "checklist_area": lambda: ChecklistArea.objects.filter(agency=demo.agency)[0].pk,
        "checklist_item": lambda: ChecklistItem.objects.filter(area__agency=demo.agency)[0].pk,
    }


# Routes whose parameter names a record of another kind than the route's name says.
ROUTE_OBJECT = {
    "training:completion_create": "officer",
    "scheduling:officer_month": "officer",
    "scheduling:duty_create": "officer",
    "scheduling:absence_create": "officer",
    "scheduling:pull_create": "officer",
    "scheduling:feed": "officer",
    "scheduling:duty_remove": "duty",
    "scheduling:absence_remove": "absence",
    "scheduling:pull_remove": "pull",
    "training:certificate": "completion",
    "training:certificate_upload": "completion",
    "training:acknowledge": "policy_version",
    "token_revoke": "token",
    "scheduling:calendar": "education_agency",
    "contracts:item_edit": "contract",
    "contracts:change_create": "contract",
    "contracts:document_upload": "contract",
    "contracts:document_file": "document",
    "contracts:decide": "proposal",
    "scheduling:calendar_import": "education_agency",
    "notices:edit": "notification",
    "notices:letter": "school",
    "public:school": "school",
    "public:letter": "school",
    "public:policy": "agency",
    "public:policy_version": "agency",
    "public:transparency_csv": "agency",
    "reports:joint": "contract",
    "reports:joint_download": "contract",
    "incidents:purpose": "incident",
    "incidents:narrative": "incident",
    "incidents:person_new": "incident",
    "incidents:submit": "incident",
    "incidents:review": "incident",
    "incidents:disposition": "person",
    "incidents:acknowledge": "referral",
    "use_of_force:report_new": "incident",
    "use_of_force:report": "force_report",
    "use_of_force:report_edit": "force_report",
    "use_of_force:submit": "force_report",
    "use_of_force:review": "force_report",
    "safety:audit_start": "school",
    "safety:audit_open": "school",
    "safety:audit_assign": "audit",
    "safety:audit_area": "audit",
    "safety:finding_new": "audit",
    "safety:audit_complete": "audit",
    "safety:audit_pdf": "audit",
    "safety:photo_remove": "photo",
    "safety:recommendation_new": "finding",
    "safety:plan_edit": "school",
    "safety:plan_file": "plan",
    "safety:contribution_new": "plan",
    "safety:drill_remove": "drill",
    "records:request": "data_request",
    "records:education_new": "incident",
    "records:copy_pdf": "data_request",
    "records:review": "data_request",
    "records:release": "data_request",
    "complaints:review": "complaint",
    "complaints:close": "complaint",
    "complaints:assign": "complaint",
    "activity:detail": "activity",
    "activity:edit": "activity",
    "activity:remove": "activity",
    "activity:referral": "support_referral",
    "activity:referral_acknowledge": "support_referral",
}


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p.url_patterns,
                prefix + str(p.pattern),
                ns + (f"{p.namespace}:" if p.namespace else ""),
            )
        elif isinstance(p, URLPattern):
            yield ns + (p.name or ""), prefix + str(p.pattern)


def page_routes() -> dict[str, str]:
    routes = dict(_walk(get_resolver().url_patterns))
    return {
        name: route
        for name, route in routes.items()
        if not name.startswith("admin:")
        and not (name.startswith("api:") and name not in {"api:openapi-json", "api:openapi-view"})
        and name != "api:api-root"
    }


def _page_url(name: str, route: str, objects: dict[str, Callable[[], Any]]) -> str:
    if "<str:secret>" in route:
        return reverse(name, kwargs={"secret": "not-a-real-feed-secret"})
    params = re.findall(r"<uuid:(\w+)>", route)
    extra = {}
    if "<str:school_year>" in route:  # figures or a report for a school year
        # The public CSV exists for a published year only (2025-26, released in the demo).
        extra["school_year"] = "2025-26" if name == "public:transparency_csv" else "2026-27"
    if "<str:fmt>" in route:  # a report in one format
        extra["fmt"] = "csv"
    if "<month:month>" in route:  # a month of the BCA report
        return reverse(name, kwargs={"month": "2026-10"})
    if not params:
        return reverse(name, kwargs=extra or None)
    kind = ROUTE_OBJECT.get(name) or name.split(":")[-1].removesuffix("_edit")
    kwargs: dict[str, Any] = {params[0]: objects[kind](), **extra}
    if "<uuid:incident>" in route and "pk" in kwargs:  # a record answering the data request
        from sro.records.models import DataRequest

        kwargs["incident"] = DataRequest.objects.get(pk=kwargs["pk"]).incidents.get().pk
    if "<int:number>" in route:  # the first area of an audit's checklist
        kwargs["number"] = 1
    if "<slug:item>" in route:  # one of a contract's required items
        kwargs["item"] = "attire"
    if "<str:version>" in route:  # a published policy version, by its label
        kwargs["version"] = "2021-01"
    return reverse(name, kwargs=kwargs)


API_IDS = {
    "{officer_id}": "officer",
    "{assignment_id}": "assignment",
    "{district_id}": "district",
    "{school_id}": "school",
    "{contract_id}": "contract",
    "{incident_id}": "incident",
    "{referral_id}": "referral",
    "{force_report_id}": "force_report",
    "{audit_id}": "audit",
    "{activity_id}": "activity",
    "{month}": "bca_month",
    # A recommendation at Runestone: outside the SRO persona's and the principal's school.
    "{recommendation_id}": "runestone_recommendation",
}


def _api_url(path: str, objects: dict[str, Callable[[], Any]]) -> str:
    for placeholder, kind in API_IDS.items():
        path = path.replace(placeholder, str(objects[kind]()))
    assert "{" not in path, f"add the kind of record in {path} to API_IDS"
    return path


def test_every_page_route_has_an_expectation(db: None) -> None:
    assert set(page_routes()) == set(PAGES), "add the new route to PAGES with each persona's status"


def test_every_api_operation_has_an_expectation(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == set(API), "add the new operation to API with each persona's status"


@pytest.mark.parametrize("persona", COLUMNS)
def test_pages_answer_each_persona_as_expected(
    demo: Demo, clients: dict[str, Any], persona: str
) -> None:
    objects = _objects(demo)
    client = clients[persona]
    got = {
        name: client.get(_page_url(name, route, objects)).status_code
        for name, route in page_routes().items()
    }
    want = {name: statuses[persona] for name, statuses in PAGES.items()}
    assert got == want


@pytest.mark.parametrize("persona", COLUMNS)
def test_api_answers_each_persona_as_expected(
    demo: Demo, clients: dict[str, Any], persona: str
) -> None:
    objects = _objects(demo)
    client = clients[persona]
    got = {}
    for method, path in API:
        url = _api_url(path, objects)
        call = getattr(client, method)
        response = (
            call(url, data={}, content_type="application/json") if method != "get" else call(url)
        )
        got[(method, path)] = response.status_code
    want = {op: statuses[persona] for op, statuses in API.items()}
    assert got == want


def test_admin_is_for_staff_only(clients: dict[str, Any]) -> None:
    for persona in COLUMNS:
        response = clients[persona].get("/admin/")
        assert response.status_code == 302, persona
        assert "/admin/login/" in response["Location"]


# The state auditor's own page is the only one where they differ from the agency's auditor.
STATE_PAGES = {"read_agency": 200}


def _state_pages(reading_other: bool) -> dict[str, int]:
    want = {}
    for name, statuses in PAGES.items():
        status = STATE_PAGES.get(name, statuses["auditor"])
        record = "<uuid:" in page_routes()[name] and not name.startswith("public:")
        if reading_other and record and status in (200, 403):
            status = 404  # the demo agency's record, seen from another agency

        want[name] = status
    return want


def _read(client: Any, agency: Any) -> None:
    response = client.post(reverse("read_agency"), {"agency": str(agency.pk)})
    assert response.status_code == 302


@pytest.mark.parametrize("reading_other", [False, True], ids=["own", "other"])
def test_a_state_auditor_reads_an_agency_as_its_auditor_does(
    demo: Demo, clients: dict[str, Any], reading_other: bool
) -> None:
    objects = _objects(demo)
    client = clients["state"]
    if reading_other:
        _read(client, demo.other_agency)
    got = {
        name: client.get(_page_url(name, route, objects)).status_code
        for name, route in page_routes().items()
    }
    assert got == _state_pages(reading_other)


def test_a_state_auditor_uses_the_api_as_the_agencys_auditor_does(
    demo: Demo, clients: dict[str, Any]
) -> None:
    objects = _objects(demo)
    got, want = {}, {}
    for (method, path), statuses in API.items():
        url = _api_url(path, objects)
        call = getattr(clients["state"], method)
        response = (
            call(url, data={}, content_type="application/json") if method != "get" else call(url)
        )
        got[(method, path)], want[(method, path)] = response.status_code, statuses["auditor"]
    assert got == want


# --- Another agency's records -------------------------------------------------------------------
# Out of scope is 404 whatever the role: a person of another agency given the id of any of the
# demo agency's records learns nothing of it (never 403, which would say that it exists, nor
# 200). Tried as every role of the other agency (Other County Sheriff: its chief is `outsider`,
# and each other role is made below with an officer and a school there), the state auditor
# reading that agency, and an account with no role (no agency: nothing is in its scope), on
# every page and API operation that takes a record's id.

OTHER_ROLES = ["chief", "sergeant", "sro", "records", "principal", "auditor", "state", "norole"]


def _other_agency_clients(demo: Demo, clients: dict[str, Any]) -> dict[str, Any]:
    from conftest import signed_in
    from sro.accounts.models import Role
    from sro.accounts.services import create_member
    from sro.core.demo import DEMO_PASSWORD
    from sro.roster.models import Officer
    from sro.roster.services import save_officer
    from sro.schools.models import EducationAgency, School
    from sro.schools.services import save_education_agency, save_school

    other = demo.other_agency
    district = save_education_agency(
        EducationAgency(agency=other, name="Other District", kind=EducationAgency.Kind.DISTRICT),
        actor=None,
    )
    school = save_school(
        School(education_agency=district, name="Other High", level=School.Level.SECONDARY),
        actor=None,
    )
    roles = {
        "sergeant": Role.SERGEANT,
        "sro": Role.SRO,
        "records": Role.RECORDS,
        "principal": Role.SCHOOL_ADMIN,
        "auditor": Role.AUDITOR,
    }
    result = {"chief": clients["outsider"], "norole": clients["norole"]}
    for name, role in roles.items():
        user = create_member(
            actor=None,
            username=f"other-{name}",
            password=DEMO_PASSWORD,
            role=role,
            agency=other,
            schools=[school] if role == Role.SCHOOL_ADMIN else [],
        )
        if role == Role.SRO:
            officer = Officer(
                agency=other,
                first_name="Other",
                last_name="Deputy",
                badge_number="O-1",
                post_license_number="MN-O-1",
                user=user,
            )
            save_officer(officer, actor=None)
        result[name] = signed_in(user)
    _read(clients["state"], other)
    result["state"] = clients["state"]
    return result


def test_every_api_id_names_a_kind_of_record(demo: Demo) -> None:
    objects = _objects(demo)
    for _, path in API:
        _api_url(path, objects)


def test_another_agencys_records_are_not_found_on_every_page(
    demo: Demo, clients: dict[str, Any]
) -> None:
    objects = _objects(demo)
    routes = {
        name: route
        for name, route in page_routes().items()
        if "<uuid:" in route and not name.startswith("public:")
    }
    got, want = {}, {}
    for persona, client in _other_agency_clients(demo, clients).items():
        for name, route in routes.items():
            url = _page_url(name, route, objects)
            # A route that only takes a POST is tried with one: its view must not tell either.
            post = PAGES[name]["chief"] == 405
            response = client.post(url, {}) if post else client.get(url)
            got[(persona, name)], want[(persona, name)] = response.status_code, 404
    assert {k: v for k, v in got.items() if v != 404} == {}
    assert got == want


# Paths whose parameter names no record (a month of the caller's own BCA report): another
# agency's user reaches their own agency's month, so there is no other agency's record to hide.
OWN_AGENCY_PATHS = {"/api/v1/force/bca-months/{month}/submission"}


def test_another_agencys_records_are_not_found_in_the_api(
    demo: Demo, clients: dict[str, Any]
) -> None:
    objects = _objects(demo)
    got = {}
    for persona, client in _other_agency_clients(demo, clients).items():
        for method, path in API:
            if "{" not in path or path in OWN_AGENCY_PATHS:
                continue
            call = getattr(client, method)
            url = _api_url(path, objects)
            response = (
                call(url, data={}, content_type="application/json")
                if method != "get"
                else call(url)
            )
            got[(persona, method, path)] = response.status_code
    assert {k: v for k, v in got.items() if v != 404} == {}


def test_in_scope_without_the_right_is_still_forbidden(demo: Demo, clients: dict[str, Any]) -> None:
    """The other half of the rule, on the two routes issue 23 found answering 403 out of scope:
    a record the role may see but not act on is 403, not 404."""
    from sro.contracts.models import Contract
    from sro.incidents.models import Incident

    district = Contract.objects.get(education_agency__kind="district")
    at_school = Incident.objects.filter(school=demo.high_school).first()
    assert at_school is not None
    # The SRO serves a school of the district's contract but reads no reports.
    assert clients["sro"].get(reverse("reports:joint", args=[district.pk])).status_code == 403
    assert clients["principal"].get(reverse("reports:joint", args=[district.pk])).status_code == 200
    # Records staff and auditors see every incident but file no force reports.
    new = reverse("use_of_force:report_new", args=[at_school.pk])
    assert clients["records"].get(new).status_code == 403
    assert clients["auditor"].get(new).status_code == 403
    # A principal sees no police records; the incident at their school is in their scope.
    assert clients["principal"].get(new).status_code == 403
