"""Rendering pages: one Jinja2 environment (autoescape always on), the menu, the error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.templating import Jinja2Templates

from api.security import CSRF_FIELD, csrf_token
from api.users import User

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_CSS = Path(__file__).resolve().parent.parent / "static" / "clair.css"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(enabled_extensions=("html", "jinja"), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=environment)


def french_number(value: float | int | None, digits: int = 0) -> str:
    """French number format: 1 234,5 (narrow no-break space, decimal comma); « — » if unknown."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def french_share(value: float | None, digits: int = 0) -> str:
    """A share from 0 to 1 as a French percentage: 0.423 → « 42 % »; « — » if unknown."""
    if value is None:
        return "—"
    return f"{french_number(value * 100, digits)}\u202f%"


environment.filters["nombre"] = french_number
environment.filters["pourcent"] = french_share

# (path, label, who sees it: None = everyone, or a role)
MENU: tuple[tuple[str, str, str | None], ...] = (
    ("/", "Accueil", None),
    ("/analyser", "Analyser un document", None),
    ("/simplifier", "Simplifier", None),
    ("/fournisseurs", "Fournisseurs", None),
    ("/livraisons", "Livraisons", None),
    ("/marches", "Marchés", None),
    ("/mon-entreprise", "Mon entreprise", "entreprise"),
    ("/verifications", "Vérifications", "agent"),
    ("/tableau-de-bord", "Tableau de bord", "agent"),
)


def menu_for(user: User | None) -> list[tuple[str, str]]:
    """The menu entries this visitor may use."""
    role = user.role if user else None
    return [(path, label) for path, label, who in MENU if who is None or who == role]


def render(
    request: Request,
    template: str,
    *,
    user: User | None,
    title: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page with the shared layout: menu, account, CSRF token for its forms."""
    return templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "title": title,
            "menu": menu_for(user),
            "current": request.url.path,
            "csrf_field": CSRF_FIELD,
            "csrf": csrf_token(request),
            "flash": request.session.pop("flash", None),
            "flash_erreur": request.session.pop("flash_erreur", None),
            **context,
        },
        status_code=status_code,
        headers=headers,
    )


def render_error(
    request: Request,
    status_code: int,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The error page: a title, a French sentence, a way back."""
    try:
        user = request.scope.get("state", {}).get("user")
        return render(
            request,
            "erreur.html",
            user=user,
            title=title,
            status_code=status_code,
            headers=headers,
            detail=detail,
        )
    except Exception:  # the error page must never fail: plain escaped HTML instead
        from html import escape

        return HTMLResponse(
            f"<!doctype html><html lang='fr'><title>{escape(title)}</title>"
            f"<h1>{escape(title)}</h1><p>{escape(detail)}</p><p><a href='/'>Accueil</a></p>",
            status_code=status_code,
            headers=headers,
        )
