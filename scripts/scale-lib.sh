# scale-lib.sh is sourced by the scale runs (scale-run.sh, scale-county.sh,
# scale-towns.sh): step NAME CMD… runs one step under /usr/bin/time into
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
