"""The web pages on the gateway's own API: the citizens' portal, the officers' console and the
province's dashboard. Static HTML (each page's body inside one layout), one stylesheet and
plain ES modules from `static/`: nothing to build. And `/docs`, Swagger UI on the OpenAPI
schema, its files from the fastapi-offline package. Every page and file carries a content
security policy that allows only this origin."""

from pathlib import Path
from string import Template

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).parent
SWAGGER_UI = Path(fastapi_offline.__file__).parent / "static"

# blob: for the photo previews, evidence and charts fetched with the officer's token.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' blob: data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
# Files are not renamed per release: browsers keep them briefly and revalidate by ETag.
STATIC_CACHE = "public, max-age=600"

# path → (page, area): the area picks the navigation.
PAGES = {
    "/": ("portal", "citizen"),
    "/tra-cuu": ("status", "citizen"),
    "/console/login": ("login", "console"),
    "/console": ("queue", "console"),
    "/console/cases/{case_id}": ("case", "console"),
    "/console/rechecks": ("rechecks", "console"),
    "/console/accounts": ("accounts", "console"),
    "/dashboard": ("dashboard", "console"),
}


class WebFiles(StaticFiles):
    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers.update(SECURITY_HEADERS | {"cache-control": STATIC_CACHE})
        return response


def render(page: str, area: str, province_code: str) -> str:
    folder = HERE / "pages"
    return Template((folder / "layout.html").read_text()).substitute(
        page=page,
        area=area,
        province=province_code,
        nav=(folder / f"nav-{area}.html").read_text(),
        body=(folder / f"{page}.html").read_text(),
    )


def _page(html: str):
    async def serve() -> HTMLResponse:
        return HTMLResponse(html, headers=SECURITY_HEADERS | {"cache-control": "no-cache"})

    return serve


def install(app: FastAPI, province_code: str) -> None:
    """Serves the pages (rendered once, at start), `/static/`, and `/docs` with its files."""
    router = APIRouter(include_in_schema=False)
    for path, (page, area) in PAGES.items():
        router.add_api_route(
            path, _page(render(page, area, province_code)), response_class=HTMLResponse
        )
    router.add_api_route(
        "/docs", _page((HERE / "docs.html").read_text()), response_class=HTMLResponse
    )
    app.include_router(router)
    app.mount("/static", WebFiles(directory=HERE / "static"), name="static")
    app.mount("/docs/assets", WebFiles(directory=SWAGGER_UI), name="docs-assets")
