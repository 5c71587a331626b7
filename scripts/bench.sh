#!/usr/bin/env bash
# Runs the benchmark (bench/) from a fresh clone: the pinned Node tools first (Azurite, which the bench starts on free
# ports of its own), then the bench in Release with whatever flags are given (--help lists them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/azurite.sh"
cd "$ROOT"
dotnet run -c Release --project bench/FosteringWorkflows.Bench -- "$@"
