#!/bin/sh
# scale-incr.sh times the incremental overlay (issue 18) on one store:
# import the generated areas and addresses, then 10,000 new or moved
# addresses, then one changed district (incremental_steps in
# scale-lib.sh). Each step prints its wall time; the two small imports
# also print their overlay line ("Verschneidung: … (DURATION)").
#
#   scripts/scale-incr.sh GIGAPLAN DATA-DIR DB OUT-DIR
#
# Arguments as scripts/scale-run.sh. DISTRICT=N picks the district
# (feature N of ortsteile.geojson).
set -eu

bin=$1 data=$2 db=$3 out=$4
mkdir -p "$out"

. "$(dirname "$0")/scale-lib.sh"

import_base
incremental_steps
