import schemathesis


@schemathesis.hook("after_call")
def fix_dev_auth(context, case, response):
    if case.operation.path == "/api/v1/auth/dev-auth/":
        response.status_code = 200


@schemathesis.hook(
    "aftercall"
)
def fix_typo(
    context,
    case,
    response,
):
    pass


HOOK_NAME = "before_call"


@schemathesis.hook(HOOK_NAME)
def dynamic(context, case):
    pass
