# scale-lib.sh is sourced by the scale runs (scale-run.sh, scale-county.sh,
# scale-towns.sh), which set bin, data, db and out: step NAME CMD… runs one step under /usr/bin/time into
# $out/NAME.log and prints its wall time and peak memory; a failing step
# prints its log and ends the run.
step() {
	name=$1
	shift
	/usr/bin/time -f "$name: %e s, peak RSS %M KB" "$@" >"$out/$name.log" 2>&1 || {
		cat "$out/$name.log" >&2
		exit 1
	}
	tail -n 1 "$out/$name.log"
}

# import_base imports the generated municipalities, districts and
# addresses of $data into $db with $bin, a step each.
import_base() {
	step areas-municipalities "$bin" --db "$db" import areas --kind municipality "$data/gemeinden.geojson"
	step areas-districts "$bin" --db "$db" import areas --kind district "$data/ortsteile.geojson"
	step addresses "$bin" --db "$db" import addresses "$data/hausko.txt"
}

# add_campaigns adds the generated campaigns, one `campaign add` each
# (kampagnen.csv: name;provider;areas;start;deadline), and imports their
# sign-ups.
add_campaigns() {
	start=$(date +%s)
	while IFS=';' read -r name provider areas from until; do
		"$bin" --db "$db" campaign add --provider "$provider" --name "$name" --areas "$areas" \
			--start "$from" --deadline "$until" >/dev/null
	done <"$data/kampagnen.csv"
	echo "campaigns: $(($(date +%s) - start)) s for $(wc -l <"$data/kampagnen.csv") campaigns"
	step signups "$bin" --db "$db" signups import "$data/vertraege.csv"
}

# web_load BIN DB PORT serves DB without rate limits on 127.0.0.1:PORT and
# measures with wrk (10 s each, 1 and 8 connections, gzip accepted as a
# browser does): address search (a hit on the first word, a hit on a later
# word only, a miss), /api/v1/areas (every area, first page) and one map
# tile. It prints p50, p99 and requests/s per case. Without wrk it says so.
web_load() {
	if ! command -v wrk >/dev/null; then
		echo "web: wrk not installed, skipped"
		return
	fi
	"$1" --db "$2" serve --no-demo --no-rate-limit --addr "127.0.0.1:$3" >"$out/serve.log" 2>&1 &
	pid=$!
	i=0
	until curl -sf "http://127.0.0.1:$3/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			kill $pid
			echo "web: server did not start" >&2
			cat "$out/serve.log" >&2
			exit 1
		fi
		sleep 1
	done
	for case in "search-hit /api/v1/addresses/search?q=Hauptstra%C3%9Fe%2012" \
		"search-later-word /api/v1/addresses/search?q=G%C3%A4ssle%205" \
		"search-miss /api/v1/addresses/search?q=zzz" \
		"areas /api/v1/areas" \
		"tile-z10 /tiles/10/537/353.pbf"; do
		name=${case%% *} path=${case#* }
		curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w "$name: first request %{time_total} s, %{size_download} B\n" "http://127.0.0.1:$3$path"
		for c in 1 8; do
			wrk -t"$(( c < 2 ? 1 : 2 ))" -c$c -d10s --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$3$path" >"$out/wrk-$name-c$c.log" 2>&1
			awk -v n="$name" -v c="$c" '$1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} $1 == "Requests/sec:" {r = $2}
				END {printf "%s, %d connection(s): p50 %s, p99 %s, %s req/s\n", n, c, p50, p99, r}' "$out/wrk-$name-c$c.log"
		done
	done
	kill $pid
	wait $pid 2>/dev/null || true
}

# incremental_steps times the overlay after two small imports on top of
# the loaded base (issue 18): 10,000 addresses of hausko.txt, every n-th
# row, half of them moved 50 m east and half new (another OI and house
# number suffix); then one district imported again with its outline
# shrunk by 2 % towards its first vertex's centre (ortsteile.geojson's
# feature DISTRICT, default 5000). Each prints the overlay line of the
# import (duration, addresses located, incremental or not).
incremental_steps() {
	rows=$(wc -l <"$data/hausko.txt")
	every=$((rows / 10000))
	awk -F';' -v OFS=';' -v every="$every" 'NR % every == 0 && n < 10000 {
		n++
		if (n <= 5000) {
			x = $12; sub(",", ".", x); x += 50
			$12 = sprintf("%.3f", x); sub("\\.", ",", $12)
		} else {
			$2 = "DEBX" substr($2, 5); $11 = "x"
		}
		print
	}' "$data/hausko.txt" >"$out/hausko-10000.txt"
	step addresses-10000 "$bin" --db "$db" import addresses "$out/hausko-10000.txt"
	grep '^Verschneidung' "$out/addresses-10000.log"
	python3 - "$data/ortsteile.geojson" "${DISTRICT:-5000}" >"$out/ortsteil.geojson" <<'PY'
import json, sys
fc = json.load(open(sys.argv[1]))
f = fc["features"][int(sys.argv[2])]
g = f["geometry"]
polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
pts = [p for poly in polys for ring in poly for p in ring]
cx = sum(p[0] for p in pts) / len(pts)
cy = sum(p[1] for p in pts) / len(pts)
shrink = lambda p: [cx + (p[0] - cx) * 0.98, cy + (p[1] - cy) * 0.98]
polys = [[[shrink(p) for p in ring] for ring in poly] for poly in polys]
g["coordinates"] = polys[0] if g["type"] == "Polygon" else polys
json.dump({"type": "FeatureCollection", "features": [f]}, sys.stdout)
PY
	step district-again "$bin" --db "$db" import areas --kind district "$out/ortsteil.geojson"
	grep '^Verschneidung' "$out/district-again.log"
}
