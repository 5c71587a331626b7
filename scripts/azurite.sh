# Shared by run.sh and test.sh: make sure the pinned Node tools are installed (from package-lock.json): Azurite, the
# loopback OpenID Connect provider (oauth2-mock-server) and govuk-frontend, whose CSS, fonts and images the app serves.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$ROOT/node_modules/.bin/azurite" ] || [ ! -f "$ROOT/node_modules/oauth2-mock-server/package.json" ] \
  || [ ! -f "$ROOT/node_modules/govuk-frontend/package.json" ]; then
  echo "Installing Azurite, the loopback sign-in provider and govuk-frontend from package-lock.json..."
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
