#!/bin/sh
# scale-county.sh runs the county case of docs/scale.md on one store: a
# county agency with its municipalities (51 in the Ortenau), each with an
# office user of its own. It imports the generated areas and addresses,
# adds the campaigns and their sign-ups, adds one editor per municipality,
# writes every municipality's council workbook and the county's, exports
# one town's addresses, and then lets every town's user sign in on the
# office pages and open the dashboard, the campaign list and the town's
# council workbook, 8 at a time. Each step prints its wall time and peak
# memory.
#
#   scripts/scale-county.sh GIGAPLAN DATA-DIR DB OUT-DIR
#
#   GIGAPLAN  the gigaplan binary (go build -o /tmp/gigaplan ./cmd/gigaplan)
#   DATA-DIR  gigaplan bench scale-data --out DATA-DIR --addresses 250000
#             --municipalities 51 --districts 460 --campaigns 51
#   DB        a new SQLite file, or a postgres:// URL of an empty database
#   OUT-DIR   where the workbooks and logs go
set -eu

bin=$1 data=$2 db=$3 out=$4
mkdir -p "$out"
port=${PORT:-8097}
pw=ein-langes-Passwort-fuer-den-Lasttest

. "$(dirname "$0")/scale-lib.sh"

import_base

add_campaigns

# The municipalities' AGS (column ags of `areas --format csv`).
"$bin" --db "$db" areas --kind municipality --format csv | awk -F, 'NR>1 {print $7}' >"$out/ags.txt"
n=$(wc -l <"$out/ags.txt")

# One editor per municipality, and the county's admin.
start=$(date +%s)
while read -r ags; do
	echo "$pw" | "$bin" --db "$db" user add "buero-$ags" --role editor --municipality "$ags" >/dev/null
done <"$out/ags.txt"
echo "$pw" | "$bin" --db "$db" user add kreis --role admin >/dev/null
echo "users: $(($(date +%s) - start)) s for $n municipalities' users and the county admin"

# Every municipality's council workbook, one process each: the slowest and
# the mean.
: >"$out/council-times.txt"
while read -r ags; do
	/usr/bin/time -f "%e %M" -a -o "$out/council-times.txt" \
		"$bin" --db "$db" report council --municipality "$ags" --out "$out/rat-$ags.xlsx" >/dev/null
done <"$out/ags.txt"
awk -v n="$n" '{t+=$1; if ($1>tmax) tmax=$1; if ($2>m) m=$2} END {printf "council workbooks of %d municipalities: mean %.2f s, slowest %.2f s, peak RSS %d KB\n", n, t/NR, tmax, m}' "$out/council-times.txt"
step report-county "$bin" --db "$db" report council --county --out "$out/kreis.xlsx"
big=$("$bin" --db "$db" areas --kind municipality --format csv | sort -t, -k3,3 -n -r | awk -F, '$1 == "municipality" {print $7; exit}')
step export-largest-town "$bin" --db "$db" export addresses --municipality "$big" --out "$out/adressen-$big.csv"

# The office pages: every town's user signs in and opens the dashboard, the
# campaign list and the town's council workbook; 8 sessions at a time.
"$bin" --db "$db" serve --addr "127.0.0.1:$port" --no-demo --no-rate-limit >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 1
done
cat >"$out/session.sh" <<EOF
#!/bin/sh
# One town's office session: sign in, dashboard, campaign list (its own
# campaigns only), its council workbook.
set -eu
ags=\$1
jar=\$(mktemp)
base="http://127.0.0.1:$port"
csrf=\$(curl -sf -c "\$jar" -b "\$jar" "\$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -sf -o /dev/null -c "\$jar" -b "\$jar" --data-urlencode "name=buero-\$ags" --data-urlencode "password=$pw" \
	--data-urlencode "csrf=\$csrf" "\$base/login"
curl -sf -o /dev/null -b "\$jar" "\$base/buero"
towns=\$(curl -sf -b "\$jar" "\$base/buero/kampagnen" | grep -o 'Glasfaser Gemeinde [0-9]*' | sort -u | wc -l)
[ "\$towns" -le 1 ] || echo "buero-\$ags sees \$towns towns' campaigns" >&2
curl -sf -o /dev/null -b "\$jar" "\$base/buero/berichte/sachstand"
rm -f "\$jar"
EOF
start=$(date +%s.%N)
xargs -P 8 -n 1 sh "$out/session.sh" <"$out/ags.txt" 2>>"$out/office.log" || echo "a session failed" >>"$out/office.log"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN {printf "office sessions of %d towns (sign-in, dashboard, campaign list, council workbook; 8 at a time): %.1f s\n", n, e-s}'
if [ -s "$out/office.log" ]; then
	cat "$out/office.log" >&2
	exit 1
fi
rss=$(ps -o rss= -p "$server")
echo "server: RSS $rss KB after the sessions"
ls -l "$out/kreis.xlsx" "$out/adressen-$big.csv"
