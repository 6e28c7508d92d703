package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo"
)

// shapelyScript is the shapely peer, run by a Python that has shapely and
// numpy (see the script's doc string).
//
//go:embed benchshapely.py
var shapelyScript []byte

// findShapelyPython returns the first of the candidates (given, else
// python3 on PATH, then /usr/bin/python3) that imports shapely and numpy,
// or "" and the reason (German) none does.
func findShapelyPython(ctx context.Context, given string) (python, reason string) {
	cands := []string{given}
	if given == "" {
		cands = []string{"python3", "/usr/bin/python3"}
	}
	var tried []string
	seen := map[string]bool{}
	for _, c := range cands {
		p, err := exec.LookPath(c)
		if err != nil {
			tried = append(tried, c+": nicht gefunden")
			continue
		}
		if r, err := filepath.EvalSymlinks(p); err == nil && seen[r] {
			continue
		} else if err == nil {
			seen[r] = true
		}
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = exec.CommandContext(cctx, p, "-c", "import shapely, numpy").Run()
		cancel()
		if err == nil {
			return p, ""
		}
		tried = append(tried, p+": ohne shapely/numpy")
	}
	return "", "kein Python mit shapely und numpy (" + strings.Join(tried, "; ") + ")"
}

// shapelyReport is the script's JSON line.
type shapelyReport struct {
	Shapely   string    `json:"shapely"`
	GEOS      string    `json:"geos"`
	Method    string    `json:"method"`
	Semantics string    `json:"semantics"`
	Passes    []float64 `json:"passes"`
}

// benchShapely runs the shapely peer with python on areas and pts,
// passes times, and compares its answer with the engine's (want). A peer
// that cannot run is reported as unavailable, with the reason; an error is
// only returned for a broken answer.
func benchShapely(ctx context.Context, python string, areas []geo.Area, pts []orb.Point, passes int, want [][]int32) (geo.BenchRun, error) {
	run := geo.BenchRun{Method: "shapely", Points: len(pts)}
	dir, err := os.MkdirTemp("", "gigaplan-shapely-")
	if err != nil {
		return run, err
	}
	defer os.RemoveAll(dir)
	if err := writeShapelyInput(dir, areas, pts); err != nil {
		return run, err
	}
	script := filepath.Join(dir, "benchshapely.py")
	if err := os.WriteFile(script, shapelyScript, 0o644); err != nil {
		return run, err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, script, dir, fmt.Sprint(passes))
	// One core: no BLAS or OpenMP threads in numpy.
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1", "MKL_NUM_THREADS=1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		run.Unavailable = fmt.Sprintf("%s lief nicht durch (%v: %s)", python, err, msg)
		return run, nil
	}
	var rep shapelyReport
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &rep); err != nil {
		return run, fmt.Errorf("bench overlay: shapely: read the script's report %q: %w", stdout.String(), err)
	}
	for _, s := range rep.Passes {
		run.Passes = append(run.Passes, time.Duration(s*float64(time.Second)))
	}
	run.Method = "shapely " + rep.Shapely
	run.Note = fmt.Sprintf("GEOS %s, %s, %s-Semantik; 1 Kern; Python-Start und Datenübergabe nicht in der Zeit", rep.GEOS, rep.Method, rep.Semantics)
	got, err := readShapelyPairs(filepath.Join(dir, "pairs.i32"), len(pts), len(areas))
	if err != nil {
		return run, err
	}
	if rep.Semantics == "covers" {
		run.Compare(got, want)
		return run, nil
	}
	return run, run.CompareInterior(got, want, areas, pts)
}

// writeShapelyInput writes areas.wkb (per area a little-endian uint32
// length and the WKB) and points.f64 (x, y as little-endian float64).
func writeShapelyInput(dir string, areas []geo.Area, pts []orb.Point) error {
	var ab bytes.Buffer
	for _, a := range areas {
		b, err := wkb.Marshal(a.Geometry, binary.LittleEndian)
		if err != nil {
			return fmt.Errorf("bench overlay: shapely: area %q: %w", a.Name, err)
		}
		ab.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(b))))
		ab.Write(b)
	}
	if err := os.WriteFile(filepath.Join(dir, "areas.wkb"), ab.Bytes(), 0o644); err != nil {
		return err
	}
	pb := make([]byte, 0, 16*len(pts))
	for _, p := range pts {
		pb = binary.LittleEndian.AppendUint64(pb, math.Float64bits(p[0]))
		pb = binary.LittleEndian.AppendUint64(pb, math.Float64bits(p[1]))
	}
	return os.WriteFile(filepath.Join(dir, "points.f64"), pb, 0o644)
}

// readShapelyPairs reads the script's (point, area) pairs into the
// engine's answer shape: per point the area indices, ascending.
func readShapelyPairs(name string, npts, nareas int) ([][]int32, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("bench overlay: shapely: %w", err)
	}
	if len(b)%8 != 0 {
		return nil, fmt.Errorf("bench overlay: shapely: %s has %d bytes, not whole pairs", name, len(b))
	}
	out := make([][]int32, npts)
	for i := 0; i < len(b); i += 8 {
		pt, ar := int32(binary.LittleEndian.Uint32(b[i:])), int32(binary.LittleEndian.Uint32(b[i+4:]))
		if pt < 0 || int(pt) >= npts || ar < 0 || int(ar) >= nareas {
			return nil, fmt.Errorf("bench overlay: shapely: pair (%d, %d) out of range", pt, ar)
		}
		out[pt] = append(out[pt], ar)
	}
	for _, a := range out {
		slices.Sort(a)
	}
	return out, nil
}
