"""ExactDecimalField: a Decimal stored as its text, so ``Decimal("1.40")`` comes back as
``Decimal("1.40")`` on SQLite and PostgreSQL alike (a NUMERIC column would pad or drop the
written decimals, and the document's own precision is part of what we keep)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models


class ExactDecimalField(models.CharField):
    if TYPE_CHECKING:  # what django-stubs reads: set and read as Decimal
        _pyi_private_set_type: Decimal | str | int | None  # type: ignore[assignment]
        _pyi_private_get_type: Decimal | None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(f"“{value}”不是数字") from None

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        return None if value is None else str(value)
