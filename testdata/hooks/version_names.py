import schemathesis


@schemathesis.hook
def before_call(ctx, case, kwargs):
    kwargs["allow_redirects"] = False


@schemathesis.hook
def process_call_kwargs(context, case, kwargs):
    kwargs["timeout"] = 5


@schemathesis.hook
def after_validate(ctx, case, response, results):
    pass
