"""Number fields whose reading never raises.

ExactDecimalField: a Decimal stored as its text, so ``Decimal("1.40")`` comes back as
``Decimal("1.40")`` on SQLite and PostgreSQL alike (a NUMERIC column would pad or drop the
written decimals, and the document's own precision is part of what we keep).

A stored text that is not a plainly sized number (``abc``, ``1e999999``, written there by
hand or by an older version) reads as `Unreadable`; models with `CheckedReadsMixin` turn it
into ``None`` and list it in ``instance.unreadable``, so a page shows the value as wrong
instead of failing (no value read from storage can raise).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

from jixiao.core.bounds import stored_number


class Unreadable(str):
    """The text of a stored number that cannot be read."""


class ExactDecimalField(models.CharField):
    if TYPE_CHECKING:  # what django-stubs reads: set and read as Decimal
        _pyi_private_set_type: Decimal | str | int | None  # type: ignore[assignment]
        _pyi_private_get_type: Decimal | None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        try:
            return stored_number(str(value))
        except ValueError:
            return Unreadable(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "" or isinstance(value, Unreadable):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return stored_number(str(value))
        except ValueError:
            raise ValidationError(f"“{value}”不是数字") from None

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        return None if value is None else str(value)


class SortKeyField(models.DecimalField):
    """A DecimalField for sorting and sums in the database, read without the backend's
    decimal conversion (which raises on SQLite for a number wider than the column): a
    stored value that is not a plainly sized number reads as ``None``.

    ``deconstruct`` names it a DecimalField: the column and the migrations are the same.
    """

    def get_internal_type(self) -> str:
        return "SortKeyField"

    def db_type(self, connection: Any) -> str | None:
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)

    def deconstruct(self) -> Any:
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        text = repr(value) if isinstance(value, float) else str(value)
        try:
            return stored_number(text)
        except ValueError:
            return None


class CheckedReadsMixin(models.Model):
    """Models with `ExactDecimalField`s: an unreadable stored number becomes ``None`` and is
    listed in ``unreadable`` (field name → stored text)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        bad = {
            name: str(v)
            for name, v in zip(field_names, values, strict=False)
            if isinstance(v, Unreadable)
        }
        if bad:
            values = [None if isinstance(v, Unreadable) else v for v in values]
        instance = super().from_db(db, field_names, values)
        instance._unreadable = bad  # type: ignore[attr-defined]
        return instance

    @property
    def unreadable(self) -> dict[str, str]:
        return self.__dict__.get("_unreadable", {})
