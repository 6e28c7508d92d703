#!/bin/sh
# scale-funding.sh times the reports of one town on a loaded store (issue
# 18, "reports read by area"): for the largest municipality and a median
# one, the funding workbook of its districts, the funding workbook of the
# municipality as one project area, its address export, and its council
# workbook, each as its own gigaplan process (wall time, peak memory).
# It loads nothing: run it on the store of scale-run.sh or scale-towns.sh
# (3,000,000 addresses), or of any `import_base; add_campaigns`.
#
#   scripts/scale-funding.sh GIGAPLAN DB OUT-DIR [AGS...]
#
#   DB       a loaded SQLite file or postgres:// URL
#   AGS...   the municipalities to time (default: the largest and a median
#            one by addresses)
#
# Set RUNS=N to time each step N times (default 1).
set -eu

bin=$1 db=$2 out=$3
shift 3
mkdir -p "$out"

. "$(dirname "$0")/scale-lib.sh"

"$bin" --db "$db" areas --kind municipality --format csv | awk -F, 'NR>1' | sort -t, -k3,3 -n -r >"$out/towns.csv"
if [ $# -eq 0 ]; then
	n=$(wc -l <"$out/towns.csv")
	set -- "$(awk -F, 'NR==1 {print $7}' "$out/towns.csv")" "$(awk -F, -v m=$((n / 2)) 'NR==m {print $7}' "$out/towns.csv")"
fi
for ags in "$@"; do
	town=$(awk -F, -v a="$ags" '$7==a {print $2}' "$out/towns.csv")
	addrs=$(awk -F, -v a="$ags" '$7==a {print $3}' "$out/towns.csv")
	echo "--- municipality $ags, $town ($addrs addresses)"
	districts=$("$bin" --db "$db" areas --municipality "$ags" --kind district --format csv | awk -F, 'NR>1 {printf "%s%s", sep, $2; sep=","}')
	for run in $(seq 1 "${RUNS:-1}"); do
		step "funding-districts-$ags-$run" "$bin" --db "$db" report funding --without-survey --municipality "$ags" --area "$districts" --out "$out/foerderung-$ags.xlsx" --as-of 2026-10-24
		step "funding-municipality-$ags-$run" "$bin" --db "$db" report funding --without-survey --area "$town" --out "$out/foerderung-gemeinde-$ags.xlsx" --as-of 2026-10-24
		step "export-$ags-$run" "$bin" --db "$db" export addresses --municipality "$ags" --out "$out/adressen-$ags.csv"
		step "council-$ags-$run" "$bin" --db "$db" report council --municipality "$ags" --out "$out/rat-$ags.xlsx" --as-of 2026-10-24
	done
done
