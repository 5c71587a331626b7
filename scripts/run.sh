#!/usr/bin/env bash
# Runs the whole service locally: Azurite (data kept in .azurite/) and the app at http://127.0.0.1:7071
# with the sample councils and keys from local.settings.sample.json (copied to local.settings.json once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/azurite.sh"
cd "$ROOT"
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json

if ! (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  mkdir -p .azurite
  node_modules/.bin/azurite --location .azurite --silent --disableTelemetry --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  AZURITE_PID=$!
  trap 'kill $AZURITE_PID 2>/dev/null || true' EXIT
  echo "Azurite started (pid $AZURITE_PID), data in .azurite/"
else
  echo "Azurite already listening on 127.0.0.1:10000; using it"
fi
dotnet run --project functions "$@"
