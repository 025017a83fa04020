"""Small helpers for HTML forms: blanks are "not given", errors become one French sentence."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from api.errors import validation_message
from core.errors import ClairError

Model = TypeVar("Model", bound=BaseModel)


class FormError(ClairError):
    """What the visitor typed cannot be used; the message says why, in French."""


def given(params: dict[str, str | None]) -> dict[str, str]:
    """The fields actually filled in (blank fields are left out, values trimmed)."""
    return {key: value.strip() for key, value in params.items() if value and value.strip()}


def build(model: type[Model], data: dict[str, object], labels: dict[str, str]) -> Model:
    """``model(**data)``, or :class:`FormError` naming the fields with their French labels."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = []
        for item in error.errors():
            location = tuple(item.get("loc", ()))
            field = str(location[0]) if location else ""
            errors.append({**item, "loc": ("body", labels.get(field, field))})
        message = validation_message(errors).replace("champ « ", "« ")
        raise FormError(message) from None


def safe_link(url: str | None) -> str | None:
    """An outside link only if it is plain http(s): never ``javascript:`` or ``data:``."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None
