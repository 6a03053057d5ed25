import schemathesis


@schemathesis.hook
def before_generate_query(context, strategy):
    return strategy
