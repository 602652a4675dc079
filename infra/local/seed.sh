#!/usr/bin/env bash
# Seeds demo data through the gateway, as a client would. Idempotent: a record that exists answers 409 and is kept.
# Usage: infra/local/seed.sh [GATEWAY_URL]   (default http://127.0.0.1:8080)
set -euo pipefail
gateway=${1:-${SME_GATEWAY_URL:-http://127.0.0.1:8080}}
here=$(cd "$(dirname "$0")" && pwd)
# Registering needs a signed-in user: the demo administrator (seeded by the gateway in Development only).
token=$(curl -sS -X POST "$gateway/connect/token" -d grant_type=password -d username=admin -d password=demo \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "seed: could not sign in as the demo admin at $gateway/connect/token" >&2; exit 1; }
created=0; existing=0
while IFS= read -r enterprise; do
  [ -n "$enterprise" ] || continue
  status=$(curl -sS -o /tmp/sme-seed-response.$$ -w '%{http_code}' -X POST "$gateway/api/onestop/enterprises" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $token" --data-binary "$enterprise")
  case "$status" in
    201) created=$((created + 1)) ;;
    409) existing=$((existing + 1)) ;;
    *) echo "seed: registering failed with HTTP $status: $(cat /tmp/sme-seed-response.$$)" >&2; rm -f /tmp/sme-seed-response.$$; exit 1 ;;
  esac
done < "$here/seed/enterprises.jsonl"
rm -f /tmp/sme-seed-response.$$
echo "seed: enterprises: $created created, $existing already there"
