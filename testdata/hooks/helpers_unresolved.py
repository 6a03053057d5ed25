"""Hooks ctlog can only draft rules for: an imported helper, a set of paths built at run time,
a guard it cannot read."""
import os

import schemathesis
from myproject.testing import patch_response, should_patch

FIXED_PATHS = set(os.environ.get("FIXED_PATHS", "").split(","))


@schemathesis.hook
def after_call(context, case, response):
    if context.operation.path != "/api/v1/items/":
        return
    patch_response(response)


@schemathesis.hook("after_call")
def fix_configured(context, case, response):
    if context.operation.path not in FIXED_PATHS:
        return
    if response.status_code == 401:
        response.status_code = 200


@schemathesis.hook("after_call")
def fix_when_told(context, case, response):
    if not should_patch(context.operation):
        return
    response.headers["Content-Type"] = "application/json"
