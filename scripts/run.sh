#!/usr/bin/env bash
# Runs the whole service locally: Azurite (data kept in .azurite/), the loopback OpenID Connect provider managers sign in
# through (http://127.0.0.1:7081) and the app at http://127.0.0.1:7071, with the sample councils, keys and staff from
# local.settings.sample.json (copied to local.settings.json once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/azurite.sh"
cd "$ROOT"
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json
# A local.settings.json copied before a setting was added gets the sample's value for it (its own values stay as they are).
node -e '
const fs = require("fs");
const sample = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
const local = JSON.parse(fs.readFileSync("local.settings.json", "utf8"));
local.Values = local.Values || {};
const added = Object.keys(sample.Values).filter(k => !(k in local.Values));
for (const k of added) local.Values[k] = sample.Values[k];
if (added.length) {
  fs.writeFileSync("local.settings.json", JSON.stringify(local, null, 2) + "\n");
  console.log("local.settings.json: added from the sample " + added.join(", "));
}'

CHILDREN=()
trap 'kill "${CHILDREN[@]}" 2>/dev/null || true' EXIT
if ! (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  mkdir -p .azurite
  node_modules/.bin/azurite --location .azurite --silent --disableTelemetry --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  CHILDREN+=($!)
  echo "Azurite started (pid $!), data in .azurite/"
else
  echo "Azurite already listening on 127.0.0.1:10000; using it"
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/7081) 2>/dev/null; then
  node scripts/oidc-provider.mjs 7081 &
  CHILDREN+=($!)
  echo "Sign-in provider started: open http://127.0.0.1:7071/dashboard and choose a sample manager"
else
  echo "Something already listens on 127.0.0.1:7081; using it as the sign-in provider"
fi
dotnet run --project functions "$@"
