#!/usr/bin/env bash
# Copy the pinned npm packages (package.json / package-lock.json) to where Cabildo uses them,
# so serving the site and running the tests never need npm. Run through `make vendor`,
# which installs node_modules with `npm ci` first; commit the copies.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "node_modules is missing: run 'make vendor' (npm ci, then this script)." >&2
  exit 1
fi

copy() {  # copy <source in node_modules> <destination>
  install -D -m 0644 "node_modules/$1" "$2"
  echo "  $1 -> $2"
}

# axe-core: the accessibility engine the browser tests inject (tests/browser/a11y.py).
copy axe-core/axe.min.js tests/browser/vendor/axe.min.js
copy axe-core/LICENSE tests/browser/vendor/axe-core.LICENSE
