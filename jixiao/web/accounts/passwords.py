"""Password rules (等保 2.0): `CharacterClassesValidator` and `check_password_rules`.

The rules themselves are `AUTH_PASSWORD_VALIDATORS` in the settings (length, character
classes, not like the user name, not a common password); every place that sets a password
(the createuser command, the account page, the services) calls `check_password_rules`.
"""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    UserAttributeSimilarityValidator,
    validate_password,
)
from django.core.exceptions import ValidationError

from jixiao.core.errors import JixiaoError

CLASSES: tuple[tuple[str, Any], ...] = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda c: c in string.punctuation or not c.isalnum()),
)


class PasswordRuleError(JixiaoError):
    """A password that breaks the rules (the message lists every rule broken)."""


class LengthValidator(MinimumLengthValidator):
    """Django's minimum length, with its message in Chinese."""

    def get_error_message(self) -> str:
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符。"


class NotLikeUserNameValidator(UserAttributeSimilarityValidator):
    """Django's similarity to the user name and full name, with its message in Chinese."""

    def __init__(self, max_similarity: float = 0.7) -> None:
        super().__init__(("username", "first_name", "last_name", "email"), max_similarity)

    def get_error_message(self) -> str:
        return "密码与用户名或姓名太相似。"

    def get_help_text(self) -> str:
        return "密码不能与用户名或姓名相似。"


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        found = sum(1 for _, test in CLASSES if any(test(c) for c in password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        kinds = "、".join(name for name, _ in CLASSES)
        return f"密码须包含{kinds}中的至少 {self.min_classes} 类。"


def check_password_rules(password: str, user: Any = None) -> None:
    """Raise `PasswordRuleError` naming every rule ``password`` breaks."""
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise PasswordRuleError(
            "密码不合要求：" + "".join(_sentence(m) for m in e.messages)
        ) from None


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith(("。", "！", ".")) else message + "。"
