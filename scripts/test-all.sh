#!/usr/bin/env bash
# Installs everything and runs every check: types, lint/format, unit + integration (Vitest), e2e (Playwright in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Chromium for the end-to-end tests"
if [ -x /usr/bin/chromium ]; then
  echo "found /usr/bin/chromium"
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "installed Debian's chromium"
else
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Debian's package; Playwright's own browser download does not work here), then run this again." >&2
  exit 1
fi

step "Install dependencies (npm ci)"
npm ci --no-audit --no-fund

step "Type-check (strict)"
npx tsc --noEmit -p .

step "Lint and format check (Biome)"
npx biome check .

step "Unit and integration tests (Vitest)"
npx vitest run

step "Production build for the end-to-end tests"
npx next build

step "End-to-end tests (Playwright + Debian Chromium, real server, real agents)"
npx playwright test
