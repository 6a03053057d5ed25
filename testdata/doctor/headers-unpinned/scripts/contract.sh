#!/usr/bin/env bash
set -euo pipefail
export SCHEMATHESIS_HOOKS="${SCHEMATHESIS_HOOKS:-api.st_hooks}"
schemathesis run http://localhost:8000/openapi.json --checks all
