#!/bin/sh
# vendor-assets.sh installs the citizens' map library from npm and copies the
# files the page needs into web/static/vendor/, where web/assets.go embeds
# them; and axe-core, for the browser tests, into web/testdata/axe/. The
# copies are committed: building, testing and running Gigaplan need neither
# npm nor network access; only updating the libraries does.
#
# The pinned version lives in scripts/package.json (exact, no range) and
# scripts/package-lock.json (integrity hashes). The install runs in a
# temporary directory, so no node_modules/ ever appears in the tree.
#
#   scripts/vendor-assets.sh            # npm ci from the lock file
#   scripts/vendor-assets.sh 5.25.0     # move to another exact version,
#                                       # rewriting package.json and the lock
#
# Which files: MapLibre GL JS 5.x ships a "CSP build" (maplibre-gl-csp.js plus
# a separate maplibre-gl-csp-worker.js) that needs neither eval nor blob:
# workers, so it runs under "script-src 'self'; worker-src 'self'". The page
# calls maplibregl.setWorkerUrl() with the worker's hashed URL. The default
# bundle (maplibre-gl.js) would need worker-src blob: and is not copied.
# MapLibre 6.x is ESM-only (maplibre-gl.mjs + a module worker); moving to it
# means loading app.js as a module — see the note in web/static/app.js.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dest="$root/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cp "$here/package.json" "$tmp/"
if [ $# -ge 1 ]; then
	version=$1
	# Check the version exists before touching anything.
	npm view "maplibre-gl@$version" version >/dev/null
	(cd "$tmp" && npm install --no-audit --no-fund --ignore-scripts --save-exact "maplibre-gl@$version")
	cp "$tmp/package.json" "$tmp/package-lock.json" "$here/"
else
	cp "$here/package-lock.json" "$tmp/"
	(cd "$tmp" && npm ci --no-audit --no-fund --ignore-scripts)
fi

src="$tmp/node_modules/maplibre-gl"
version=$(node -p "require('$src/package.json').version")
mkdir -p "$dest"
rm -f "$dest"/maplibre-gl*
for f in maplibre-gl-csp.js maplibre-gl-csp-worker.js maplibre-gl.css; do
	# Drop the sourceMappingURL comment: the .map files are not vendored,
	# and a browser with open dev tools would otherwise ask for them.
	sed '/^\/\/# sourceMappingURL=/d' "$src/dist/$f" >"$dest/$f"
done
cp "$src/LICENSE.txt" "$dest/LICENSE.txt"
printf 'maplibre-gl %s\n' "$version" >"$dest/VERSION"
echo "vendored maplibre-gl $version into ${dest#"$root"/}"

# axe-core, the accessibility checker the browser tests (web/browser_test.go)
# inject into each page: test data, never embedded or served.
axe="$tmp/node_modules/axe-core"
axedest="$root/web/testdata/axe"
axeversion=$(node -p "require('$axe/package.json').version")
mkdir -p "$axedest"
cp "$axe/axe.min.js" "$axe/LICENSE" "$axedest/"
printf 'axe-core %s\n' "$axeversion" >"$axedest/VERSION"
echo "vendored axe-core $axeversion into ${axedest#"$root"/}"
