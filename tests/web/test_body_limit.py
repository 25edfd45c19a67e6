"""A request body larger than any upload we accept gets a Chinese 413 before it is read,
and waitress is told the same bound instead of its 1 GiB default."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jixiao.web.bodylimit import FORM_MARGIN, max_body_bytes


def test_the_bound_is_the_largest_upload_in_base64_plus_the_form_margin(settings):
    assert max_body_bytes(60, 3, 10) == 80 + FORM_MARGIN  # base64: 4 bytes for 3
    assert max_body_bytes(600, 3, 10) == 800 + FORM_MARGIN
    file_bytes = settings.JIXIAO_READ_LIMITS.file_bytes
    assert file_bytes <= settings.JIXIAO_MAX_BODY_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.JIXIAO_MAX_BODY_BYTES
    evidence = settings.JIXIAO_MAX_ATTACHMENT_BYTES * settings.JIXIAO_MAX_ATTACHMENTS
    assert evidence * 4 // 3 < settings.JIXIAO_MAX_BODY_BYTES < 1024 * 1024 * 1024


@override_settings(JIXIAO_MAX_BODY_BYTES=2000)
def test_an_oversized_upload_gets_a_chinese_413_page(client, users):
    client.force_login(users.alice)
    r = client.post("/import/", {"file": SimpleUploadedFile("大.txt", b"x" * 5000)})
    assert r.status_code == 413
    text = r.content.decode()
    assert "提交的内容过大" in text and "MB" in text
    assert 'lang="zh-hans"' in text


@override_settings(JIXIAO_MAX_BODY_BYTES=2000)
def test_an_oversized_api_body_gets_a_chinese_json_413(api, users):
    client = api(users.alice)
    r = client.post("projects/", {"padding": "x" * 5000})
    assert r.status == 413
    assert "提交的内容过大" in r.data["error"]


@override_settings(JIXIAO_MAX_BODY_BYTES=2000)
def test_a_small_body_passes(client, users):
    client.force_login(users.alice)
    r = client.post("/import/", {"file": SimpleUploadedFile("小.txt", b"x")})
    assert r.status_code == 400  # the reader's own answer about the file
    assert "小.txt" in r.content.decode()


def test_serve_gives_waitress_a_bound(monkeypatch, settings):
    import waitress

    from jixiao.cli import serve

    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(kw))
    monkeypatch.setattr(  # run() makes waitress refuse in Chinese: undone after the test
        "waitress.parser.RequestEntityTooLarge",
        __import__("waitress.parser").parser.RequestEntityTooLarge,
    )
    monkeypatch.setattr("jixiao.cli.createadmin.first_admin_or_refuse", lambda: True)
    monkeypatch.setattr("jixiao.web.bootstrap.setup", lambda: None)
    args = type("A", (), {"demo": False, "host": "127.0.0.1", "port": 1, "threads": 1})()
    assert serve.run(args) == 0
    bound = seen["max_request_body_size"]
    assert settings.JIXIAO_MAX_BODY_BYTES < bound < 2 * settings.JIXIAO_MAX_BODY_BYTES
    json.dumps(seen)  # plain values only


def test_waitress_refuses_a_longer_body_in_chinese(monkeypatch):
    import waitress.parser
    from waitress.adjustments import Adjustments

    from jixiao.web.bodylimit import refuse_in_chinese

    monkeypatch.setattr(
        waitress.parser, "RequestEntityTooLarge", waitress.parser.RequestEntityTooLarge
    )
    refuse_in_chinese(3 * 1024 * 1024)
    parser = waitress.parser.HTTPRequestParser(Adjustments(max_request_body_size=1000))
    parser.received(b"POST /import/ HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n")
    status, headers, body = parser.error.to_response()
    assert status.startswith("413") and ("Content-Type", "text/html; charset=utf-8") in headers
    assert "提交的内容过大（上限约 3 MB）" in body.decode()
