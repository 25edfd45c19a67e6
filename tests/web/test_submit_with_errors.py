"""Submitting a project with open 错误: the page lists them and asks for a confirmation
(or refuses, per the review profile); the reviewer sees the score and errors of then."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_submit_button_lists_the_open_errors(client, users, project):
    client.force_login(users.alice)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="submit-errors"' in html and "还有 3 个错误" in html
    assert 'name="confirm" value="1" required' in html


def test_submitting_without_confirmation_is_refused_with_the_errors(client, users, project):
    client.force_login(users.alice)
    r = client.post(f"/projects/{project.pk}/submit/", {"version": project.version}, follow=True)
    project.refresh_from_db()
    assert project.status == "draft" and project.submissions.count() == 0
    assert "该项目还有 3 个错误，请确认后再提交" in r.content.decode()


def test_confirmed_submission_keeps_the_score_and_errors_for_the_reviewer(client, users, project):
    from jixiao.web.front import quality

    expected, _ = quality.project_review(project)  # the review's score of the project then
    client.force_login(users.alice)
    client.post(f"/projects/{project.pk}/submit/", {"version": project.version, "confirm": "1"})
    project.refresh_from_db()
    assert project.status == "submitted"
    sub = project.submissions.get()
    assert sub.score == expected and len(sub.errors) == 3
    client.force_login(users.bob)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    table = html.split('id="submissions"')[1].split("</table>")[0]
    assert f">{expected}<" in table and "3 个错误" in table and sub.errors[0] in table


def test_save_and_submit_asks_too(client, users, project):
    from jixiao.web.goals import workflow

    client.force_login(users.alice)
    with pytest.raises(workflow.OpenErrorsError) as e:
        workflow.submit(project, users.alice, confirmed=False)
    assert len(e.value.errors) == 3


def test_the_profile_can_refuse_outright(client, users, project, monkeypatch):
    from jixiao.web.goals import review

    monkeypatch.setattr(review, "submit_with_errors", lambda: "refuse")
    client.force_login(users.alice)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "改正全部错误后才能提交" in html and 'name="confirm"' not in html
    r = client.post(
        f"/projects/{project.pk}/submit/", {"version": project.version, "confirm": "1"}, follow=True
    )
    assert "改正后才能提交" in r.content.decode()
    project.refresh_from_db()
    assert project.status == "draft"


def test_the_profile_setting_is_validated():
    from jixiao.core.review.profile import ProfileError, profile_from_dict

    assert profile_from_dict({}).submit_with_errors == "confirm"
    assert (
        profile_from_dict({"submission": {"with_errors": "refuse"}}).submit_with_errors == "refuse"
    )
    with pytest.raises(ProfileError, match="with_errors 应为 confirm 或 refuse"):
        profile_from_dict({"submission": {"with_errors": "maybe"}})
