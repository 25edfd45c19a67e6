"""Users: creation and changes of role and scope, always audited."""

from __future__ import annotations

import pytest

from jixiao.web.accounts.services import UserError, create_user, update_user
from jixiao.web.audit.models import AuditEntry
from jixiao.web.permissions import visible_units

pytestmark = pytest.mark.django_db


def test_an_admin_moves_a_unit_user_to_another_unit(users, org):
    update_user(users.alice, unit=org.unit_b, by=users.carol)
    assert list(visible_units(users.alice)) == [org.unit_b]
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.user == users.carol
    assert (entry.old["unit"], entry.new["unit"]) == ("314003", "315001")


def test_a_unit_user_becomes_a_reviewer_and_loses_the_unit(users, org):
    update_user(users.alice, role="reviewer", regions=[org.other_region])
    assert set(visible_units(users.alice)) == {org.unit_c}
    assert users.alice.profile.unit is None


def test_a_reviewer_keeps_its_scope_when_only_deactivated(users, org):
    update_user(users.bob, is_active=False)
    users.bob.refresh_from_db()
    assert not users.bob.is_active
    assert list(users.bob.profile.regions.all()) == [org.region]


def test_a_password_change_is_audited_without_the_password(users):
    update_user(users.dave, password="Another-long-passw0rd")
    users.dave.refresh_from_db()
    assert users.dave.check_password("Another-long-passw0rd")
    entry = AuditEntry.objects.get(action="user.update")
    assert "Another-long-passw0rd" not in str(entry.new)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "unit"}, "填报人必须指定所属单位"),
        ({"role": "boss"}, "角色“boss”不存在"),
        ({"role": "auditor", "regions": []}, None),
    ],
)
def test_inconsistent_changes_are_refused(users, kwargs, message):
    if message is None:
        update_user(users.bob, **kwargs)
        assert users.bob.profile.role == "auditor"
        assert not users.bob.profile.regions.exists()
        return
    with pytest.raises(UserError, match=message):
        update_user(users.bob, **kwargs)
    users.bob.profile.refresh_from_db()
    assert users.bob.profile.role == "reviewer"


def test_create_user_refuses_a_unit_for_a_reviewer(org):
    with pytest.raises(UserError, match="只有填报人才属于某个单位"):
        create_user("x", "reviewer", "A-long-passw0rd", unit=org.unit_a, regions=[org.region])
