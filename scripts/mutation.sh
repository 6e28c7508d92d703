#!/usr/bin/env bash
# Mutation testing of Gigaplan's core: changes one operator at a time in
# the code below (scripts/mutate explains how) and reports, per package,
# the share of mutants the tests kill and the surviving ones. Equivalent
# mutants (no test can tell them apart) are named with the reason in
# scripts/mutation-equivalent/NAME.txt.
#
#   scripts/mutation.sh                 # every package below
#   scripts/mutation.sh campaigns web   # only these
#
# Exit status 1 when a package scores below $MUTATION_MIN percent (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."

min=${MUTATION_MIN:-90}
export GIGAPLAN_TEST_POSTGRES=  # the SQLite store's tests only: no database needed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/mutate" ./scripts/mutate
log=$tmp/log

# name; package; files mutated; tests run; extra flags
targets=(
  "campaigns;./campaigns;\.go$;;"
  "geo;./geo;^(hkde|csv|geojson|parse|crs|normalize|supply)\.go$;^Test(ParseCRS|CRS|TMerc|WebMercator|ReadCSV|ReadGeoJSON|ReadAreas|ReadHKDE|Normalize|IsPlaceholder|AddressKey|IssueString|ParseErrorCodes|DetectFormat|ReadOptions|ReadStops|ReadError|ParseNumber|ReportCaps|ReadSupply|ParsePlanned|Matcher|NewMatcher|MatchAll|MergeSupply|Example)|^Fuzz;"
  "web;./web;^(auth|csrf|users|security)\.go$;^Test(Login|Office|CountsForm|BodyTooLarge|Security|Users|Roles|Route|CSRF|Session|Logout);-short"
  "sqlite;./data/sqlite;\.go$;;"
  "sqlstore;./data/internal/sqlstore;\.go$;;"
)

start=$(date +%s)
summary=()
fail=0
for t in "${targets[@]}"; do
  IFS=';' read -r name pkg files run extra <<<"$t"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  "$tmp/mutate" -equivalent "scripts/mutation-equivalent/$name.txt" -files "$files" ${run:+-run "$run"} $extra "$pkg" | tee "$log"
  line=$(grep '^SCORE ' "$log")
  summary+=("$line")
  score=$(awk '{print $3}' <<<"$line" | tr -d '%')
  if awk -v s="$score" -v m="$min" 'BEGIN{exit !(s < m)}'; then fail=1; fi
done
echo
echo "mutation score per package (killed ÷ killed and lived; at least $min % wanted), $(( $(date +%s) - start )) s:"
printf '%s\n' "${summary[@]}"
exit $fail
