"""accounts.admin.AuditEntryAdmin: the audit log in /admin/, read-only for everyone."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from accounts.actions import audit
from accounts.models import AuditEntry
from tests.conftest import client_for

LIST = "/admin/accounts/auditentry/"


@pytest.fixture
def entry(admin, resident):
    return audit(
        admin,
        "moderation.block",
        resident,
        before={"estado": "activa"},
        after={"motivo": "Insultos reiterados", "hasta": None},
    )


def test_administrator_reads_the_log(entry, admin):
    response = client_for(admin).get(LIST)
    assert response.status_code == 200
    assertContains(response, "moderation.block")
    assertContains(response, f"persona #{entry.object_id}")
    assertContains(response, '<td class="field-actor nowrap">Admin</td>', html=True)
    # Filters by action and by kind of row.
    assertContains(response, "?action=moderation.block")
    assertNotContains(response, "Agregar registro")
    assertNotContains(response, 'name="action"')  # no bulk actions (delete selected)


def test_an_entry_shows_before_and_after_without_a_save_button(entry, admin):
    response = client_for(admin).get(f"{LIST}{entry.pk}/change/")
    assert response.status_code == 200
    assertContains(response, "&quot;motivo&quot;: &quot;Insultos reiterados&quot;")
    assertContains(response, "&quot;estado&quot;: &quot;activa&quot;")
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, "/delete/")


def test_the_admin_refuses_to_add_change_or_delete(entry, admin):
    client = client_for(admin)
    assert client.get(f"{LIST}add/").status_code == 403
    response = client.post(f"{LIST}{entry.pk}/change/", {"action": "otra cosa"})
    assert response.status_code == 403
    assert client.get(f"{LIST}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{LIST}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        LIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    entry.refresh_from_db()
    assert entry.action == "moderation.block"
    assert AuditEntry.objects.count() == 1


def test_the_queryset_and_the_row_refuse_updates_and_deletes(entry):
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(TypeError):
        entry.delete()
    entry.action = "x"
    with pytest.raises(TypeError):
        entry.save()
    assert AuditEntry.objects.get().action == "moderation.block"


def test_moderators_and_residents_do_not_enter(entry, moderator, resident):
    assert client_for(resident).get(LIST).status_code == 302
    assert client_for(moderator).get(LIST).status_code == 302


def test_list_queries_stay_constant(admin, resident, django_assert_max_num_queries):
    for n in range(30):
        audit(admin, f"moderation.test{n % 3}", resident, after={"n": n})
    # 1 user, 2 TOTP, 3 the kinds present (filter), 4-5 counts (filtered, total), 6 the
    # page (actors and kinds joined), 7 the actions present (filter), 8-9 the date
    # hierarchy: never one per row (10: room for the session when it is not cached).
    client = client_for(admin)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
