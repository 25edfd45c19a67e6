"""Production settings: ``jixiao check --deploy`` clean, CSP without inline code, no-store."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import jixiao.web

WEB = Path(jixiao.web.__file__).parent


def _check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process: not a deployment's.
    dropped = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_SECRET_KEY=secrets.token_urlsafe(50))
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "jixiao", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy(tmp_path):
    done = _check(tmp_path, JIXIAO_PRODUCTION="1", JIXIAO_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_production_mode_check_deploy_names_what_is_missing(tmp_path):
    done = _check(tmp_path)
    assert done.returncode == 1
    for code in ("security.W004", "security.W008", "security.W012"):
        assert code in done.stdout


def test_each_production_setting_can_be_set_alone(tmp_path):
    done = _check(
        tmp_path,
        JIXIAO_HSTS_SECONDS="3600",
        JIXIAO_HSTS_INCLUDE_SUBDOMAINS="1",
        JIXIAO_HSTS_PRELOAD="1",
        JIXIAO_SSL_REDIRECT="1",
        JIXIAO_SECURE_COOKIES="1",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_proxy_header_comes_from_the_environment(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.SECURE_PROXY_SSL_HEADER)",
        ],
        env=dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="jixiao.web.settings",
            JIXIAO_DATA_DIR=str(tmp_path),
            JIXIAO_PROXY_SSL_HEADER="X-Forwarded-Proto",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", done.stderr


def test_no_template_has_inline_script_style_or_event_handler():
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I
    )
    offenders = [
        f"{path.relative_to(WEB)}: {m.group(0)}"
        for path in WEB.rglob("*.html")
        for m in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
