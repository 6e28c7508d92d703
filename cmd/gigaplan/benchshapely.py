"""The shapely peer of "gigaplan bench overlay" (embedded in the gigaplan binary).

Usage: python3 benchshapely.py DIR PASSES

DIR holds areas.wkb (per area a little-endian uint32 length, then the area's
WKB) and points.f64 (x, y pairs as little-endian float64). The script reads
both and prepares the areas (not timed: the counterpart of the engine's index
build), then runs PASSES timed passes that find, for every point, the areas
that cover it. It writes the last pass's answer to DIR/pairs.i32 (point,
area pairs as little-endian int32) and prints one JSON line: shapely and GEOS
versions, the method, its semantics ("covers" or "contains") and the pass
times in seconds. Python's start and the file reading are outside the passes.

shapely 2: the points become geometries and an STRtree (timed), queried with
the prepared areas and predicate "covers" (a point on an edge is covered, as
in the engine). shapely 1.8 (Debian 12) has no such query: per area a bbox
prefilter in numpy, then shapely.vectorized.contains on the prepared area
(GEOS prepared contains per point): a point on an edge is not in the area,
so the caller counts such pairs apart, not as mismatches.
"""

import json
import struct
import sys
import time

import numpy as np
import shapely
import shapely.wkb


def read_areas(path):
    raw = open(path, "rb").read()
    areas, off = [], 0
    while off < len(raw):
        (n,) = struct.unpack_from("<I", raw, off)
        off += 4
        areas.append(shapely.wkb.loads(raw[off:off + n]))
        off += n
    return areas


def covers_v2(areas, x, y):
    pts = shapely.points(x, y)
    tree = shapely.STRtree(pts)
    area_idx, pt_idx = tree.query(areas, predicate="covers")
    return pt_idx, area_idx


def contains_v18(prepared, bounds, x, y):
    from shapely import vectorized

    pts, ids = [], []
    for i, pg in enumerate(prepared):
        minx, miny, maxx, maxy = bounds[i]
        cand = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if len(cand) == 0:
            continue
        hit = cand[vectorized.contains(pg, x[cand], y[cand])]
        pts.append(hit)
        ids.append(np.full(len(hit), i, dtype=np.int64))
    if not pts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(pts), np.concatenate(ids)


def main():
    d, passes = sys.argv[1], int(sys.argv[2])
    areas = read_areas(d + "/areas.wkb")
    xy = np.fromfile(d + "/points.f64", dtype="<f8").reshape(-1, 2)
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])

    v2 = int(shapely.__version__.split(".")[0]) >= 2
    if v2:
        arr = np.array(areas, dtype=object)
        shapely.prepare(arr)
        run = lambda: covers_v2(arr, x, y)
        method, semantics = "STRtree(points).query(areas, predicate='covers')", "covers"
        geos = shapely.geos_version_string
    else:
        from shapely.prepared import prep

        prepared = [prep(a) for a in areas]
        bounds = [a.bounds for a in areas]
        run = lambda: contains_v18(prepared, bounds, x, y)
        method, semantics = "bbox prefilter + vectorized.contains(prepared area)", "contains"
        geos = "%d.%d.%d" % shapely.geos.geos_version

    times = []
    for _ in range(passes):
        t0 = time.perf_counter()
        pt_idx, area_idx = run()
        times.append(time.perf_counter() - t0)

    pairs = np.empty((len(pt_idx), 2), dtype="<i4")
    pairs[:, 0] = pt_idx
    pairs[:, 1] = area_idx
    pairs.tofile(d + "/pairs.i32")
    print(json.dumps({
        "shapely": shapely.__version__,
        "geos": geos,
        "method": method,
        "semantics": semantics,
        "passes": times,
    }))


if __name__ == "__main__":
    main()
