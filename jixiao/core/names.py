"""Matching project names that are worded differently (``防汛费`` vs ``防汛``)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_SUFFIXES = re.compile(r"(绩效目标表|专项经费|经费|费用|费|项目|资金)$")
_PUNCT = re.compile(r"[\s、，,。．.（）()《》“”\"']+")


def core_name(name: str) -> str:
    """The distinctive part of a project name: punctuation and 经费/费用-type suffixes off."""
    s = _PUNCT.sub("", name)
    prev = None
    while prev != s:
        prev, s = s, _SUFFIXES.sub("", s)
    return s or name


def names_correspond(a: str, b: str, threshold: float = 0.6) -> bool:
    """True when two names plainly mean the same project."""
    ca, cb = core_name(a), core_name(b)
    if ca == cb or ca in cb or cb in ca:
        return True
    return SequenceMatcher(None, ca, cb).ratio() >= threshold


#: The longest user name (Django's ``User.username``).
USER_NAME_MAX = 150


def user_name_key(text: object) -> str:
    """A user name as typed, read the one way every log-in surface reads it (the log-in
    page, the API token endpoint, the lock-out count): trimmed and NFKC-normalised
    (``\\u3000ａｌｉｃｅ `` → ``alice``). Never refuses: a name that cannot exist simply
    matches nobody."""
    import unicodedata

    return unicodedata.normalize("NFKC", str(text or "").strip()).strip()


def clean_user_name(text: str) -> str:
    """A user name as it is stored and looked up: trimmed and NFKC-normalised, as the log-in
    form reads what is typed (``ａｌｉｃｅ`` → ``alice``: a name stored otherwise could never
    log in). A ``ValueError`` (Chinese) for a name with invisible characters (``alice\\u200b``
    would pass for ``alice`` in every list and the audit log), spaces or control characters,
    or longer than `USER_NAME_MAX`."""
    from jixiao.core.textcodec import INVISIBLE, drop_invisible

    name = user_name_key(text)
    if not name:
        raise ValueError("用户名不能为空")
    shown = drop_invisible("".join(c if c.isprintable() else "?" for c in name))[:40]
    if INVISIBLE.search(name):
        raise ValueError(f"用户名“{shown}”含有看不见的字符（零宽字符或文字方向符），请重新输入")
    if any(c.isspace() or not c.isprintable() for c in name):
        raise ValueError(f"用户名“{shown}”不能含空格或控制字符")
    if len(name) > USER_NAME_MAX:
        raise ValueError(f"用户名过长（不超过 {USER_NAME_MAX} 个字符）")
    return name
