#!/usr/bin/env bash
# overlay-ab.sh compares the overlay's bulk path (LocateAll) of an earlier
# commit with the working tree's on one strict core: it builds the geo
# package's test binary of both, then runs BenchmarkOverlayQuery's
# LocateAll cases with each in turn (A B, then B A, and so on), and prints
# per case the median points/s of each and the median over the rounds of
# the ratio of two adjacent runs (a case of the tree's with an index with
# sub-cells, "+sub", against REV's case without, where REV has none). On
# a shared machine the load changes from minute to minute; adjacent runs
# see about the same load, so the ratios say more than the absolute
# figures (docs/scale.md).
#
#   scripts/overlay-ab.sh REV [ROUNDS]     # e.g. scripts/overlay-ab.sh f3c1191 20
#   PATTERN='BenchmarkOverlayQuery$/.*/hilbert/LocateAll' scripts/overlay-ab.sh REV   # some cases only
set -euo pipefail
cd "$(dirname "$0")/.."

rev=${1:?usage: scripts/overlay-ab.sh REV [ROUNDS]}
rounds=${2:-10}
pattern=${PATTERN:-'BenchmarkOverlayQuery$/.*/.*/LocateAll'}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

git worktree add -q --detach "$tmp/old" "$rev"
(cd "$tmp/old" && go test -c -o "$tmp/a.test" ./geo)
go test -c -o "$tmp/b.test" ./geo

cd geo # the benchmarks read ../../shared/data
for i in $(seq "$rounds"); do
	if ((i % 2)); then order="a b"; else order="b a"; fi
	for v in $order; do
		GOMAXPROCS=1 "$tmp/$v.test" -test.cpu 1 -test.run '^$' -test.bench "$pattern" -test.benchtime 20x 2>&1 |
			awk -v v="$v" -v r="$i" '/^Benchmark/ { for (k = 1; k <= NF; k++) if ($k == "points/s") print r, v, $1, $(k-1) }'
	done
done | awk -v rev="$rev" '
	{ key = $1 " " $3; cases[$3] = 1; rounds[$1] = 1; if ($2 == "a") a[key] = $4; else b[key] = $4 }
	function median(x, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j-1] > x[j]; j--) { t = x[j]; x[j] = x[j-1]; x[j-1] = t }
		return n % 2 ? x[(n+1)/2] : (x[n/2] + x[n/2+1]) / 2
	}
	END {
		for (c in cases) {
			n = 0; split("", ra); split("", av); split("", bv)
			# A case with "+sub" (an index with sub-cells) that REV lacks
			# is compared with the case of REV without it.
			ca = c
			if (!((1 " " c) in a)) sub(/\+sub/, "", ca)
			for (r in rounds) if ((r " " ca) in a && (r " " c) in b) {
				n++; ra[n] = b[r " " c] / a[r " " ca]; av[n] = a[r " " ca]; bv[n] = b[r " " c]
			}
			printf "%-36s %s %6.1f  tree %6.1f M points/s  tree/%s median %.2f (%d rounds)\n",
				substr(c, 23), rev, median(av, n) / 1e6, median(bv, n) / 1e6, rev, median(ra, n), n
		}
	}' | sort
