import schemathesis


@schemathesis.hook
def after_call(context, response):
    response.headers["X-Seen"] = "1"


@schemathesis.hook
def before_call(context, case, **kwargs):
    case.query = {"limit": "10"}


@schemathesis.hook
def map_headers(context, headers, extra=None):
    return headers
