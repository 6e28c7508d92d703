#!/bin/sh
# scale-run.sh runs the scale run of docs/scale.md on one store: import the
# generated areas and addresses (with the overlay), add the campaigns and
# their sign-ups, add one zone afterwards, write the council workbook and
# two funding workbooks (one county, the whole state). Each step prints its
# wall time and peak memory.
#
#   scripts/scale-run.sh GIGAPLAN DATA-DIR DB OUT-DIR
#
#   GIGAPLAN  the gigaplan binary (go build -o /tmp/gigaplan ./cmd/gigaplan)
#   DATA-DIR  the output of `gigaplan bench scale-data --out DATA-DIR`
#   DB        a new SQLite file, or a postgres:// URL of an empty database
#   OUT-DIR   where the workbooks go
set -eu

bin=$1 data=$2 db=$3 out=$4
mkdir -p "$out"

. "$(dirname "$0")/scale-lib.sh"

import_base

# One new business park afterwards: the overlay runs again over every
# address, but only the new zone's assignments are written. It straddles
# two generated municipalities, so it names the one it belongs to.
cat >"$out/gewerbegebiet.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Gewerbepark Scale"},
"geometry":{"type":"Polygon","coordinates":[[[9.0,48.6],[9.05,48.6],[9.05,48.63],[9.0,48.63],[9.0,48.6]]]}}]}
EOF
step areas-zone-afterwards "$bin" --db "$db" import areas --kind zone --municipality "Gemeinde 0540" "$out/gewerbegebiet.geojson"

add_campaigns

# The citizens' and the map's reads under load (wrk), on the full store.
web_load "$bin" "$db" "${SCALE_PORT:-8471}"

step report-council "$bin" --db "$db" report council --out "$out/sachstand.xlsx" --as-of 2026-10-24
county=$("$bin" --db "$db" areas --kind municipality --format csv | awk -F, 'NR>1 && $2 ~ /^Gemeinde 00/ {printf "%s%s", sep, $2; sep=","}')
step report-funding-county "$bin" --db "$db" report funding --without-survey --out "$out/foerderung-kreis.xlsx" --area "$county" --as-of 2026-10-24
state=$("$bin" --db "$db" areas --kind municipality --format csv | awk -F, 'NR>1 {printf "%s%s", sep, $2; sep=","}')
step report-funding-state "$bin" --db "$db" report funding --without-survey --out "$out/foerderung-land.xlsx" --area "$state" --as-of 2026-10-24
ls -l "$out"/*.xlsx
