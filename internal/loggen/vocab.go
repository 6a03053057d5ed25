package loggen

// Word lists and fixed texts the generator draws from. Everything here is invented for
// the generator; only the Schemathesis format literals (titles, notes, section names)
// follow the real tool.

var modules = []string{
	"accounts", "billing", "catalog", "inventory", "orders", "shipping", "analytics",
	"notifications", "projects", "reports", "fleet", "sensors", "scheduling", "payments",
	"support", "documents", "geo", "hr", "compliance", "marketing",
}

// resource is a collection name and its singular, used for path parameters.
type resource struct{ plural, singular string }

var resources = []resource{
	{"invoices", "invoice"}, {"line-items", "line_item"}, {"customers", "customer"},
	{"addresses", "address"}, {"products", "product"}, {"variants", "variant"},
	{"price-lists", "price_list"}, {"warehouses", "warehouse"}, {"stock-levels", "stock_level"},
	{"transfers", "transfer"}, {"shipments", "shipment"}, {"carriers", "carrier"},
	{"tracking-events", "tracking_event"}, {"devices", "device"}, {"readings", "reading"},
	{"alerts", "alert"}, {"thresholds", "threshold"}, {"schedules", "schedule"},
	{"shifts", "shift"}, {"employees", "employee"}, {"departments", "department"},
	{"tickets", "ticket"}, {"comments", "comment"}, {"attachments", "attachment"},
	{"templates", "template"}, {"regions", "region"}, {"sites", "site"}, {"zones", "zone"},
	{"webhooks", "webhook"}, {"api-keys", "api_key"}, {"audit-logs", "audit_log"},
	{"exports", "export"}, {"imports", "import"}, {"tags", "tag"}, {"categories", "category"},
	{"subscriptions", "subscription"}, {"plans", "plan"}, {"coupons", "coupon"},
	{"refunds", "refund"}, {"payouts", "payout"}, {"vehicles", "vehicle"}, {"routes", "route"},
	{"drivers", "driver"}, {"maintenance-records", "maintenance_record"},
	{"forecasts", "forecast"}, {"dashboards", "dashboard"}, {"widgets", "widget"},
	{"metrics", "metric"}, {"contracts", "contract"}, {"suppliers", "supplier"},
}

var listActions = []string{
	"summary", "export", "recent", "stats", "bulk_update", "search", "by_region",
	"csv_template", "import_status", "validate", "overview", "by_owner",
}

var detailActions = []string{
	"history", "approve", "archive", "duplicate", "download", "timeline", "restore", "preview",
}

// Long nesting prefixes: labels built on them exceed the 66-character progress limit.
var nestPrefixes = []string{
	"/api/v1/organizations/{organization_id}/workspaces/{workspace_id}",
	"/api/v2/tenants/{tenant_id}/environments/{environment_id}/projects/{project_id}",
	"/api/internal/accounts/{account_id}/integrations/{integration_id}",
}

var hosts = []string{
	"http://127.0.0.1:8000", "http://localhost:8080", "http://api:8000", "http://0.0.0.0:5000",
	"http://localhost:3000", "http://127.0.0.1:8080",
}

var specVersions = []string{"Open API 3.0.3", "Open API 3.0.2", "Open API 3.1.0", "Swagger 2.0", "Open API 3.0.3"}

var repoNames = []string{"orbital", "harbor-api", "ledgerline", "fieldkit", "tideway", "quarry"}

var customChecks = []string{
	"no_debug_page", "json_error_envelope", "cors_headers_present", "pagination_consistency",
	"etag_matches_body", "no_internal_ids",
}

var customMessages = []string{
	"Response contains a framework debug page",
	"Error responses must use the {\"error\": {...}} envelope",
	"Access-Control-Allow-Origin header is missing",
	"'next' link points past the last page",
	"ETag does not match the response body",
	"",
}

// field is one property of a generated response model.
type field struct {
	name     string
	typ      string // integer, string, number, boolean, array, object
	format   string
	enum     []string
	min      int
	hasMin   bool
	maxLen   int
	nullable bool
	readOnly bool
	required bool
}

var fieldPool = []field{
	{name: "id", required: true, typ: "integer", readOnly: true, min: 1, hasMin: true},
	{name: "name", required: true, typ: "string", maxLen: 255},
	{name: "code", required: true, typ: "string", maxLen: 32},
	{name: "description", typ: "string", nullable: true},
	{name: "status", required: true, typ: "string", enum: []string{"draft", "active", "suspended", "closed"}},
	{name: "quantity", required: true, typ: "integer", min: 0, hasMin: true},
	{name: "unit_price", typ: "string", format: "decimal"},
	{name: "weight_kg", typ: "number", min: 0, hasMin: true},
	{name: "is_active", typ: "boolean"},
	{name: "owner", typ: "integer", nullable: true},
	{name: "email", typ: "string", format: "email", maxLen: 254},
	{name: "region", typ: "string", enum: []string{"eu-west", "eu-north", "us-east", "ap-south"}},
	{name: "priority", typ: "integer", min: 1, hasMin: true},
	{name: "due_date", typ: "string", format: "date", nullable: true},
	{name: "external_ref", typ: "string", nullable: true, maxLen: 64},
	{name: "tags", typ: "array"},
	{name: "metadata", typ: "object"},
	{name: "created_by", typ: "string", readOnly: true},
	{name: "created_at", typ: "string", format: "date-time", readOnly: true},
	{name: "updated_at", typ: "string", format: "date-time", readOnly: true},
}

// word holds a string value as it is printed raw (response bodies, Python reprs) and as
// json.dumps with ensure_ascii prints it (Value blocks, curl bodies).
type word struct{ raw, ascii string }

var words = []word{
	{"alpha", "alpha"}, {"north dock", "north dock"}, {"Pallet 7", "Pallet 7"},
	{"Reykjavík", "Reykjav\\u00edk"}, {"Î", "\\u00ce"}, {"0", "0"}, {"", ""},
	{"Ünit", "\\u00dcnit"}, {"batch-42", "batch-42"}, {"Spring intake", "Spring intake"},
	{"test", "test"}, {"ÿÿ", "\\u00ff\\u00ff"}, {"Main St 12", "Main St 12"},
	{"00000", "00000"}, {"O'Brien", "O'Brien"}, {"Zoë", "Zo\\u00eb"}, {"overflow", "overflow"},
}

var tagWords = []string{"urgent", "legacy", "imported", "fragile", "vip", "b2b", "seasonal"}

// statusBodies are client-error bodies by status code; "%M" becomes the request method.
var statusBodies = map[int][]string{
	400: {
		`{"error":"owner parameter is required"}`,
		`{"error":"region must be one of: eu-west, eu-north, us-east, ap-south"}`,
		`{"non_field_errors":["The fields code, region must make a unique set."]}`,
		`{"message":"Validation failed","errors":{"quantity":["Ensure this value is greater than or equal to 0."]}}`,
	},
	401: {`{"detail":"Authentication credentials were not provided."}`, `{"detail":"Given token not valid for any token type"}`},
	403: {`{"detail":"You do not have permission to perform this action."}`},
	404: {`{"detail":"Not found."}`, `{"detail":"Invalid page."}`, `{"detail":"No Widget matches the given query."}`},
	405: {`{"detail":"Method \"%M\" not allowed."}`},
	409: {`{"code":"conflict","message":"A record with this code already exists."}`},
	415: {`{"detail":"Unsupported media type \"text/plain\" in request."}`},
	422: {`{"detail":[{"loc":["query","limit"],"msg":"value is not a valid integer","type":"type_error.integer"}]}`},
	429: {`{"detail":"Request was throttled. Expected available in 3 seconds."}`},
}

// clientErrors are the undocumented statuses a test case can receive, with repeats as weights.
var clientErrors = []int{400, 400, 400, 404, 404, 404, 404, 405, 409, 415, 422, 429, 401, 403}

// documentedSets are the response codes an operation's schema declares.
var documentedSets = [][]int{
	{200}, {200, 401, 403, 500}, {200, 400, 401, 403, 500}, {200, 404}, {201, 400}, {200, 401, 403},
	{204, 404}, {201, 400, 401, 403}, {200, 400, 404, 422},
}

var serverErrorBodies = []string{
	`{"detail":"A server error occurred."}`,
	`{"error":"Internal Server Error","request_id":"c0ffee00"}`,
	`Internal Server Error`,
	`{"message":"Unexpected error","trace_id":"4bf92f3577b34da6"}`,
}

// Exceptions shown on generated framework debug pages and in tracebacks.
type pyException struct{ typ, msg string }

var debugExceptions = []pyException{
	{"TypeError", "unsupported operand type(s) for +: 'NoneType' and 'int'"},
	{"KeyError", "'region'"},
	{"IntegrityError", "null value in column \"owner_id\" violates not-null constraint"},
	{"ValueError", "invalid literal for int() with base 10: 'abc'"},
	{"AttributeError", "'NoneType' object has no attribute 'pk'"},
	{"DataError", "value too long for type character varying(32)"},
	{"ZeroDivisionError", "division by zero"},
	{"ValidationError", "['“2024-02-30” value has the correct format (YYYY-MM-DD) but it is an invalid date.']"},
}

var runtimeErrors = []pyException{
	{"ValueError", "Out of range float values are not JSON compliant"},
	{"AttributeError", "'NoneType' object has no attribute 'get'"},
	{"RecursionError", "maximum recursion depth exceeded while calling a Python object"},
	{"ZeroDivisionError", "division by zero"},
	{"KeyError", "'content-type'"},
	{"UnicodeEncodeError", "'latin-1' codec can't encode character '\\u0100' in position 3: ordinal not in range(256)"},
}

var sitePackages = []string{
	"/opt/hostedtoolcache/Python/3.11.9/x64/lib/python3.11/site-packages",
	"/usr/local/lib/python3.12/site-packages",
	"/home/runner/.local/lib/python3.10/site-packages",
}

var csvBodies = []string{
	"date,value\n2024-01-01,8.5\n2024-01-02,8.7",
	"id,name,quantity\n1,alpha,3\n2,beta,0\n3,gamma,12",
	"sku;price;currency\nA-100;12.50;EUR",
}

var textContentTypes = []string{
	"text/html; charset=utf-8", "text/csv", "text/plain; charset=utf-8", "application/octet-stream",
	"application/problem+json",
}

var missingHeaders = []string{"X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "ETag", "Location", "X-Total-Count"}
