"""Hooks that fix requests and responses through module-level helpers (Schemathesis 4.x)."""
import schemathesis
from schemathesis import HookContext

schema = schemathesis.openapi.from_url("http://127.0.0.1:8000/openapi.json")

LEGACY = ["/api/v2/legacy/", "/api/v2/legacy/{id}/"]
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _strip_debug(response):
    del response.headers["X-Debug-Token"]


def _retry_later(response):
    if response.status_code in (502, 504):
        response.status_code = 503
        _strip_debug(response)


def _wants_token(case):
    return case.method in WRITE_METHODS


def _add_token(c):
    c.headers = {**(c.headers or {}), "X-CSRF-Token": "ci"}


@schemathesis.hook
def before_call(ctx: HookContext, case, **kwargs) -> None:
    if not case.operation.path.startswith("/api/v2/"):
        return
    if _wants_token(case):
        _add_token(case)


@schema.hook("after_call")
def fix_legacy(ctx, case, response):
    path = ctx.operation.path
    if ctx.operation.method != "GET":
        return
    if path in LEGACY:
        _retry_later(response=response)
