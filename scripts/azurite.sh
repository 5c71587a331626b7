# Shared by run.sh and test.sh: make sure the pinned Node tools are installed (from package-lock.json): Azurite, the
# loopback OpenID Connect provider (oauth2-mock-server), govuk-frontend and Sass; and the pages' CSS built from them
# (.build/site.css, which npm ci builds, built again here if it is missing or older than its source).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$ROOT/node_modules/.bin/azurite" ] || [ ! -f "$ROOT/node_modules/oauth2-mock-server/package.json" ] \
  || [ ! -f "$ROOT/node_modules/govuk-frontend/package.json" ] || [ ! -f "$ROOT/node_modules/sass/package.json" ]; then
  echo "Installing Azurite, the loopback sign-in provider, govuk-frontend and Sass from package-lock.json..."
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$ROOT/.build/site.css" ] || [ "$ROOT/functions/Pages/site.scss" -nt "$ROOT/.build/site.css" ]; then
  (cd "$ROOT" && node scripts/build-css.mjs)
fi
