#!/bin/sh
set -eu
export SCHEMATHESIS_HOOKS=contract_hooks
st run http://localhost:8000/openapi.json
