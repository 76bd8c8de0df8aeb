"""Django admin for staff: every registered model opens, saves go through the audit trail, and
the audit trail itself is read-only there too."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client

from conftest import signed_in
from sro.accounts.models import User
from sro.audittrail.models import AuditEvent


@pytest.fixture
def staff(demo: Any) -> Client:
    user = User.objects.create_superuser("admin", "admin@example.org", "admin-password-123")
    return signed_in(user)


def test_every_registered_model_lists_and_opens(staff: Client) -> None:
    for model in admin.site._registry:
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert staff.get(url).status_code == 200, url
        first = model._default_manager.first()
        if first is not None:
            change = staff.get(f"{url}{first.pk}/change/")
            assert change.status_code == 200, url


def test_an_admin_save_is_audited(staff: Client, demo: Any) -> None:
    school = demo.schools["Runestone Middle School"]
    response = staff.post(
        f"/admin/schools/school/{school.pk}/change/",
        {
            "education_agency": str(school.education_agency_id),
            "name": "Runestone Middle",
            "level": "middle",
            "address": "",
            "principal_name": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(target_id=str(school.pk)).latest("id")
    assert event.action == "school.update"
    assert event.actor_username == "admin"
    assert event.new_values == {"name": "Runestone Middle"}
    assert event.reason == "Changed in the admin site."


def test_the_audit_trail_cannot_be_changed_in_the_admin(staff: Client) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    assert staff.get("/admin/audittrail/auditevent/add/").status_code == 403
    assert staff.post(f"/admin/audittrail/auditevent/{event.pk}/delete/").status_code == 403


def test_an_administrator_unlocks_resets_and_disables_from_the_admin(
    staff: Client, demo: Any
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sro.core import clock

    locked = User.objects.get(username="records")
    User.objects.filter(pk=locked.pk).update(locked_at=clock.now())
    url = "/admin/accounts/user/"
    staff.post(url, {"action": "unlock", "_selected_action": [str(locked.pk)]})
    locked.refresh_from_db()
    assert locked.locked_at is None
    lost = User.objects.get(username="sergeant")
    staff.post(url, {"action": "reset_second_factor", "_selected_action": [str(lost.pk)]})
    assert not TOTPDevice.objects.filter(user=lost).exists()
    gone = User.objects.get(username="auditor")
    staff.post(url, {"action": "disable", "_selected_action": [str(gone.pk)]})
    gone.refresh_from_db()
    assert not gone.is_active
    reasons = AuditEvent.objects.filter(
        action__in=["auth.unlocked", "auth.second_factor_reset", "auth.disabled"]
    ).values_list("reason", flat=True)
    assert set(reasons) == {"From the administration site by admin."}


def test_an_administrators_edit_of_a_user_is_audited_without_the_password(
    staff: Client, demo: Any
) -> None:
    user = demo.users["records"]
    before = user.password
    page = staff.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update({"first_name": "Renamed", "is_staff": "on", "date_joined_0": "2026-01-01"})
    data.update({"date_joined_1": "00:00:00", "last_login_0": "", "last_login_1": ""})
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    data["is_active"] = "on"
    response = staff.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.filter(target_id=str(user.pk)).latest("id")
    assert event.action == "user.update"
    assert event.actor_username == "admin"
    assert event.new_values["first_name"] == "Renamed"
    assert event.new_values["is_staff"] is True
    assert before not in str(event.old_values) + str(event.new_values)


def test_a_user_added_in_the_admin_changes_the_typed_password_and_none_is_deleted(
    staff: Client, demo: Any
) -> None:
    password = "Typed-by-the-admin-2026"
    response = staff.post(
        "/admin/accounts/user/add/",
        {
            "username": "newclerk",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.must_change_password
    event = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert user.password not in str(event.new_values)
    assert staff.get(f"/admin/accounts/user/{user.pk}/delete/").status_code == 403


def test_a_certificate_cannot_be_uploaded_unchecked_in_the_admin(staff: Client, demo: Any) -> None:
    """The officer's page checks a certificate's content; the admin does not offer a file field
    that would take an HTML page as a certificate."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sro.training.models import Completion

    completion = Completion.objects.filter(certificate="").first()
    assert completion is not None
    url = f"/admin/training/completion/{completion.pk}/change/"
    assert 'type="file"' not in staff.get(url).content.decode()
    staff.post(
        url,
        {
            "officer": str(completion.officer_id),
            "course": completion.course,
            "completed_on": str(completion.completed_on),
            "certificate": SimpleUploadedFile("c.html", b"<script>alert(1)</script>", "text/html"),
        },
    )
    completion.refresh_from_db()
    assert not completion.certificate
