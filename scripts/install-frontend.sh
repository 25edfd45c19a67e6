#!/usr/bin/env bash
# Install front-end libraries from the npm registry and copy their built files into the
# app's static folder. Nothing third-party is committed; nothing is loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! grep -q '"dependencies": {}' package.json; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
fi
dest=jixiao/web/static/vendor
mkdir -p "$dest"
copy() { [ -f "node_modules/$1" ] && cp "node_modules/$1" "$dest/$2"; }
copy chart.js/dist/chart.umd.js chart.umd.js || true
copy chart.js/dist/chart.umd.min.js chart.umd.min.js || true
