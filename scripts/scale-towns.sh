#!/bin/sh
# scale-towns.sh runs the state case of docs/scale.md with per-municipality
# filtering: it loads the generated state (areas, addresses, campaigns,
# sign-ups) and then does, for the largest municipality and for a median
# one, what one town's office does: its areas, addresses, campaigns, its
# council workbook, a funding workbook for its districts, an export of its
# addresses, and, on the running server, its citizens' page and a search
# within it. Each step prints its wall time and peak memory.
#
#   scripts/scale-towns.sh GIGAPLAN DATA-DIR DB OUT-DIR
#
#   DATA-DIR  gigaplan bench scale-data --out DATA-DIR (3,000,000 addresses)
#   DB        a new SQLite file, or a postgres:// URL of an empty database
set -eu

bin=$1 data=$2 db=$3 out=$4
mkdir -p "$out"
port=${PORT:-8096}

. "$(dirname "$0")/scale-lib.sh"

import_base
add_campaigns

# The largest municipality (by addresses) and a median one.
"$bin" --db "$db" areas --kind municipality --format csv | awk -F, 'NR>1' | sort -t, -k3,3 -n -r >"$out/towns.csv"
n=$(wc -l <"$out/towns.csv")
largest=$(awk -F, 'NR==1 {print $7}' "$out/towns.csv")
median=$(awk -F, -v m=$((n / 2)) 'NR==m {print $7}' "$out/towns.csv")
for ags in "$largest" "$median"; do
	addrs=$(awk -F, -v a="$ags" '$7==a {print $3}' "$out/towns.csv")
	echo "--- municipality $ags ($addrs addresses)"
	step "areas-$ags" "$bin" --db "$db" areas --municipality "$ags"
	step "addresses-$ags" "$bin" --db "$db" addresses --municipality "$ags"
	step "campaigns-$ags" "$bin" --db "$db" campaign list --municipality "$ags"
	step "council-$ags" "$bin" --db "$db" report council --municipality "$ags" --out "$out/rat-$ags.xlsx" --as-of 2026-10-24
	districts=$("$bin" --db "$db" areas --municipality "$ags" --kind district --format csv | awk -F, 'NR>1 {printf "%s%s", sep, $2; sep=","}')
	step "funding-$ags" "$bin" --db "$db" report funding --without-survey --municipality "$ags" --area "$districts" --out "$out/foerderung-$ags.xlsx" --as-of 2026-10-24
	step "export-$ags" "$bin" --db "$db" export addresses --municipality "$ags" --out "$out/adressen-$ags.csv"
done

# The citizens' side: a town's page and a search within it, warm.
"$bin" --db "$db" serve --addr "127.0.0.1:$port" --no-demo --no-rate-limit >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 1
done
for ags in "$largest" "$median"; do
	for path in "/$ags" "/api/v1/addresses/search?q=Hauptstr&gemeinde=$ags" "/api/v1/addresses/search?q=zzz&gemeinde=$ags" "/api/v1/areas?gemeinde=$ags"; do
		curl -sf -o /dev/null "http://127.0.0.1:$port$path"
		t=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port$path")
		echo "GET $path: $t s"
	done
done
