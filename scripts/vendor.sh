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

# Leaflet: the maps of located proposals and the point picker (static/js/proposal_map.js,
# static/js/proposal_point.js). The ES module build, its stylesheet and marker images.
# Without its last line, which names a source map that is not vendored: collectstatic's
# manifest storage rewrites every sourceMappingURL and stops on a missing file.
copy leaflet/dist/leaflet-src.esm.js static/vendor/leaflet/leaflet-src.esm.js
sed -i '/^\/\/# sourceMappingURL=/d' static/vendor/leaflet/leaflet-src.esm.js
copy leaflet/dist/leaflet.css static/vendor/leaflet/leaflet.css
for image in marker-icon.png marker-icon-2x.png marker-shadow.png layers.png layers-2x.png; do
  copy "leaflet/dist/images/$image" "static/vendor/leaflet/images/$image"
done
copy leaflet/LICENSE static/vendor/leaflet/LICENSE
