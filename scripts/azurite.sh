# Shared by run.sh and test.sh: make sure the pinned Azurite is installed (from package-lock.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$ROOT/node_modules/.bin/azurite" ]; then
  echo "Installing Azurite from package-lock.json..."
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
