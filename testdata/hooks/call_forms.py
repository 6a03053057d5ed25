import schemathesis as st
from schemathesis import hook

schema = st.from_uri("http://127.0.0.1:8000/api/openapi.json")


def fix_headers(context, case, response):
    response.headers.pop("X-Debug", None)


def fix_body(context, case, response):
    response._content = b"{}"


st.hook("after_call")(fix_headers)
st.hooks.register(fix_body)


@hook
def filter_path_parameters(context, path_parameters):
    return path_parameters.get("id") != "0"


@schema.hook
def before_call(context, case):
    pass


@st.hook.apply_to(path="/users/")
def before_load_schema(context, raw_schema):
    pass


def setup_hooks():
    @st.hook
    def map_query(context, query):
        return query


def fix_later(context, case, response):
    response.status_code = 200


schema.add_case_hook(fix_later)
