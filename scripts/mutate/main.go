// Command mutate is Gigaplan's mutation-testing harness: it changes one
// operator at a time in a package's code and checks that the package's
// tests notice.
//
// It compiles each package's test binary once, with every mutation built
// in behind a switch ("mutant schemata"): each mutable expression is
// wrapped so that it evaluates its original form unless the environment
// variable GIGAPLAN_MUTANT names one of its mutants. The rewritten files
// reach the compiler through `go test -overlay`, so the work tree is never
// touched. A first run with no mutant active records which mutation sites
// the tests reach; only those mutants are run (one process each, with
// -test.failfast and a time limit). Tools that copy the module and
// recompile per mutant (go-gremlins/gremlins v0.6.0 took 7 min 38 s for
// the campaigns package alone on this machine) cannot meet a budget of
// minutes for several packages.
//
// Mutators (the names gremlins uses, so results read alike):
//
//	CONDITIONALS_BOUNDARY  < ↔ <=, > ↔ >=
//	CONDITIONALS_NEGATION  == ↔ !=, < ↔ >=, > ↔ <=; a boolean condition
//	                       (if/for, operand of !) negated
//	INVERT_LOGICAL         && ↔ ||
//	ARITHMETIC_BASE        + ↔ -, * ↔ /, % → *
//	INVERT_NEGATIVES       -x → x
//	INCREMENT_DECREMENT    x++ ↔ x--
//
// A surviving mutant that cannot change behaviour (an equivalent mutant)
// is named, with the reason, in the file given by -equivalent; its key is
// printed with each survivor and does not depend on line numbers.
//
// Usage:
//
//	go run ./scripts/mutate [-files REGEXP] [-run REGEXP] [-short] [-workers N] [-equivalent FILE] ./pkg
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	envMutant = "GIGAPLAN_MUTANT"
	envHits   = "GIGAPLAN_MUTANT_HITS"
	extraFile = "zz_gigaplan_mutant.go"
)

type config struct {
	pkg        string
	files      *regexp.Regexp
	run        string
	short      bool
	workers    int
	equivalent string
	verbose    bool
}

func main() {
	var cfg config
	files := flag.String("files", `\.go$`, "mutate the package's non-test files whose base name matches")
	flag.StringVar(&cfg.run, "run", "", "run only the tests matching (go test -run)")
	flag.BoolVar(&cfg.short, "short", false, "run the tests with -test.short")
	flag.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "mutants run at once")
	flag.StringVar(&cfg.equivalent, "equivalent", "", "file of equivalent mutants' keys (one per line, # comments)")
	flag.BoolVar(&cfg.verbose, "v", false, "print every mutant, not only the survivors")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: mutate [flags] ./package")
		os.Exit(2)
	}
	cfg.pkg = flag.Arg(0)
	var err error
	if cfg.files, err = regexp.Compile(*files); err != nil {
		fmt.Fprintln(os.Stderr, "mutate: -files:", err)
		os.Exit(2)
	}
	if err := run(context.Background(), cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

// pkgInfo is what `go list` says of a package.
type pkgInfo struct {
	ImportPath string
	Name       string
	Dir        string
	Export     string
	GoFiles    []string
	CgoFiles   []string
}

func goList(ctx context.Context, pkg string) (target pkgInfo, exports map[string]string, err error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-export", "-deps", "-json=ImportPath,Name,Dir,Export,GoFiles,CgoFiles", pkg)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return target, nil, fmt.Errorf("go list %s: %w", pkg, err)
	}
	exports = map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkgInfo
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return target, nil, err
		}
		exports[p.ImportPath] = p.Export
		target = p // the last one listed is the package itself
	}
	if len(target.CgoFiles) > 0 {
		return target, nil, fmt.Errorf("%s has cgo files; not supported", pkg)
	}
	return target, exports, nil
}

// mutant is one change at one site.
type mutant struct {
	id      int
	site    *site
	mutator string
	desc    string // "< → <="
	status  string
}

// site is one mutable node of the source.
type site struct {
	index   int
	file    *srcFile
	node    ast.Node
	kind    int
	op      token.Token // the original operator
	typ     string      // result type for arithmetic and negation
	mutants []*mutant
	fn      string // enclosing function, for the equivalence key
}

const (
	kindBinary = iota
	kindNot    // a boolean expression wrapped to be negated
	kindNeg    // unary minus
	kindIncDec // x++ / x-- statement
)

type srcFile struct {
	name string // base name
	path string
	rel  string // path from the working directory, slash-separated
	src  []byte
	ast  *ast.File
	tf   *token.File
}

func (f *srcFile) off(p token.Pos) int { return f.tf.Offset(p) }

type collector struct {
	info    *types.Info
	pkg     *types.Package
	sites   []*site
	mutants []*mutant
}

func (c *collector) add(f *srcFile, n ast.Node, kind int, op token.Token, typ, fn string, muts ...[2]string) {
	s := &site{index: len(c.sites), file: f, node: n, kind: kind, op: op, typ: typ, fn: fn}
	c.sites = append(c.sites, s)
	for _, m := range muts {
		mu := &mutant{id: len(c.mutants) + 1, site: s, mutator: m[0], desc: m[1]}
		s.mutants = append(s.mutants, mu)
		c.mutants = append(c.mutants, mu)
	}
}

var (
	boundary = map[token.Token]token.Token{token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR}
	negation = map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	logical  = map[token.Token]token.Token{token.LAND: token.LOR, token.LOR: token.LAND}
	arith    = map[token.Token]token.Token{token.ADD: token.SUB, token.SUB: token.ADD, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL}
)

func (c *collector) isConst(e ast.Expr) bool {
	tv, ok := c.info.Types[e]
	return !ok || tv.Value != nil
}

// typeName names t as the file can write it, or "" if it cannot.
func (c *collector) typeName(f *srcFile, t types.Type) string {
	ok := true
	name := types.TypeString(t, func(p *types.Package) string {
		if p == c.pkg {
			return ""
		}
		for _, im := range f.ast.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if path != p.Path() {
				continue
			}
			if im.Name != nil {
				if im.Name.Name == "_" || im.Name.Name == "." {
					break
				}
				return im.Name.Name
			}
			return p.Name()
		}
		ok = false
		return p.Name()
	})
	if !ok || strings.Contains(name, "untyped") {
		return ""
	}
	return name
}

func isBool(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && (b.Kind() == types.Bool || b.Kind() == types.UntypedBool)
}

func isNumeric(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// collect finds the sites of one file.
func (c *collector) collect(f *srcFile) {
	// Statements that stand in a statement list may become blocks.
	inList := map[ast.Stmt]bool{}
	// Conditions of if and for statements get negated as a whole when
	// they are not comparisons or logical operators themselves.
	conds := map[ast.Expr]bool{}
	ast.Inspect(f.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			for _, s := range n.List {
				inList[s] = true
			}
		case *ast.CaseClause:
			for _, s := range n.Body {
				inList[s] = true
			}
		case *ast.CommClause:
			for _, s := range n.Body {
				inList[s] = true
			}
		case *ast.IfStmt:
			conds[n.Cond] = true
		case *ast.ForStmt:
			if n.Cond != nil {
				conds[n.Cond] = true
			}
		}
		return true
	})
	for _, d := range f.ast.Decls {
		fn := ""
		switch d := d.(type) {
		case *ast.FuncDecl:
			fn = d.Name.Name
			if d.Recv != nil && len(d.Recv.List) == 1 {
				fn = recvName(d.Recv.List[0].Type) + "." + fn
			}
		case *ast.GenDecl:
			if d.Tok == token.CONST || d.Tok == token.IMPORT || d.Tok == token.TYPE {
				continue
			}
			fn = "var"
		}
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if c.isConst(n) {
					return true
				}
				c.binary(f, n, fn)
			case *ast.UnaryExpr:
				if c.isConst(n) {
					return true
				}
				tv := c.info.Types[n]
				switch n.Op {
				case token.NOT:
					if isBool(tv.Type) {
						c.add(f, n, kindNot, n.Op, "", fn, [2]string{"CONDITIONALS_NEGATION", "!x → x"})
					}
				case token.SUB:
					if name := c.typeName(f, tv.Type); name != "" && isNumeric(tv.Type) {
						c.add(f, n, kindNeg, n.Op, name, fn, [2]string{"INVERT_NEGATIVES", "-x → x"})
					}
				}
			case *ast.IncDecStmt:
				if t := c.info.TypeOf(n.X); inList[n] && t != nil && isInteger(t) {
					other := "--"
					if n.Tok == token.DEC {
						other = "++"
					}
					c.add(f, n, kindIncDec, n.Tok, "", fn, [2]string{"INCREMENT_DECREMENT", n.Tok.String() + " → " + other})
				}
			case ast.Expr:
				if conds[n] && !c.isConst(n) && isBool(c.info.TypeOf(n)) {
					switch x := ast.Unparen(n).(type) {
					case *ast.BinaryExpr, *ast.UnaryExpr:
						_ = x
					default:
						c.add(f, n, kindNot, token.ILLEGAL, "", fn, [2]string{"CONDITIONALS_NEGATION", "cond → !cond"})
					}
				}
			}
			return true
		})
	}
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

func (c *collector) binary(f *srcFile, n *ast.BinaryExpr, fn string) {
	tx, ty := c.info.TypeOf(n.X), c.info.TypeOf(n.Y)
	if tx == nil || ty == nil {
		return
	}
	var muts [][2]string
	switch n.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		muts = append(muts, [2]string{"CONDITIONALS_BOUNDARY", n.Op.String() + " → " + boundary[n.Op].String()})
		muts = append(muts, [2]string{"CONDITIONALS_NEGATION", n.Op.String() + " → " + negation[n.Op].String()})
	case token.EQL, token.NEQ:
		muts = append(muts, [2]string{"CONDITIONALS_NEGATION", n.Op.String() + " → " + negation[n.Op].String()})
	case token.LAND, token.LOR:
		muts = append(muts, [2]string{"INVERT_LOGICAL", n.Op.String() + " → " + logical[n.Op].String()})
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
		t := c.info.TypeOf(n)
		if !isNumeric(t) {
			return
		}
		name := c.typeName(f, t)
		if name == "" {
			return
		}
		c.add(f, n, kindBinary, n.Op, name, fn, [2]string{"ARITHMETIC_BASE", n.Op.String() + " → " + arith[n.Op].String()})
		return
	default:
		return
	}
	c.add(f, n, kindBinary, n.Op, "bool", fn, muts...)
}

// mutatedOp is the operator a binary mutant puts in place of op.
func mutatedOp(m *mutant) token.Token {
	switch m.mutator {
	case "CONDITIONALS_BOUNDARY":
		return boundary[m.site.op]
	case "CONDITIONALS_NEGATION":
		return negation[m.site.op]
	case "INVERT_LOGICAL":
		return logical[m.site.op]
	}
	return arith[m.site.op]
}

// renderer writes a file with its sites wrapped.
type renderer struct{ f *srcFile }

// span writes the source from..to with the given sites (inside it, sorted
// by position, outermost first) replaced by their wrapped forms.
func (r *renderer) span(b *strings.Builder, from, to int, sites []*site) {
	cur := from
	for i := 0; i < len(sites); {
		s := sites[i]
		start, end := r.f.off(s.node.Pos()), r.f.off(s.node.End())
		j := i + 1
		for j < len(sites) && r.f.off(sites[j].node.Pos()) < end {
			j++
		}
		b.Write(r.f.src[cur:start])
		r.site(b, s, sites[i+1:j])
		cur = end
		i = j
	}
	b.Write(r.f.src[cur:to])
}

func (r *renderer) sub(n ast.Node, sites []*site) string {
	var b strings.Builder
	from, to := r.f.off(n.Pos()), r.f.off(n.End())
	var in []*site
	for _, s := range sites {
		if p := r.f.off(s.node.Pos()); p >= from && p < to {
			in = append(in, s)
		}
	}
	r.span(&b, from, to, in)
	return b.String()
}

func (r *renderer) site(b *strings.Builder, s *site, inner []*site) {
	switch s.kind {
	case kindBinary:
		n := s.node.(*ast.BinaryExpr)
		x, y := r.sub(n.X, inner), r.sub(n.Y, inner)
		fmt.Fprintf(b, "func() %s { gigaplanMutHit(%d); switch gigaplanMutActive {", s.typ, s.index)
		for _, m := range s.mutants {
			fmt.Fprintf(b, " case %d: return (%s) %s (%s);", m.id, x, mutatedOp(m), y)
		}
		fmt.Fprintf(b, " }; return (%s) %s (%s) }()", x, s.op, y)
	case kindNot:
		fmt.Fprintf(b, "gigaplanMutNot(%d, %d, %s)", s.index, s.mutants[0].id, r.sub(s.node, inner))
	case kindNeg:
		x := r.sub(s.node.(*ast.UnaryExpr).X, inner)
		fmt.Fprintf(b, "func() %s { gigaplanMutHit(%d); if gigaplanMutActive == %d { return (%s) }; return -(%s) }()", s.typ, s.index, s.mutants[0].id, x, x)
	case kindIncDec:
		n := s.node.(*ast.IncDecStmt)
		x := r.sub(n.X, inner)
		other := token.DEC
		if n.Tok == token.DEC {
			other = token.INC
		}
		fmt.Fprintf(b, "{ gigaplanMutHit(%d); if gigaplanMutActive == %d { %s%s } else { %s%s } }", s.index, s.mutants[0].id, x, other, x, n.Tok)
	}
}

func render(f *srcFile, sites []*site) []byte {
	sort.Slice(sites, func(i, j int) bool {
		pi, pj := sites[i].node.Pos(), sites[j].node.Pos()
		if pi != pj {
			return pi < pj
		}
		return sites[i].node.End() > sites[j].node.End()
	})
	var b strings.Builder
	r := &renderer{f: f}
	r.span(&b, 0, len(f.src), sites)
	return []byte(b.String())
}

const extraSrc = `package %s

import (
	gigaplanmutos "os"
	gigaplanmutstrconv "strconv"
	gigaplanmutsync "sync"
	gigaplanmutatomic "sync/atomic"
)

var gigaplanMutActive, _ = gigaplanmutstrconv.Atoi(gigaplanmutos.Getenv(%q))

var (
	gigaplanMutMu   gigaplanmutsync.Mutex
	gigaplanMutSeen = make([]gigaplanmutatomic.Bool, %d)
)

// gigaplanMutHit records that a site was reached, once per site.
func gigaplanMutHit(site int) {
	if gigaplanMutSeen[site].Load() {
		return
	}
	gigaplanMutMu.Lock()
	defer gigaplanMutMu.Unlock()
	if gigaplanMutSeen[site].Swap(true) {
		return
	}
	path := gigaplanmutos.Getenv(%q)
	if path == "" {
		return
	}
	f, err := gigaplanmutos.OpenFile(path, gigaplanmutos.O_APPEND|gigaplanmutos.O_CREATE|gigaplanmutos.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	f.WriteString(gigaplanmutstrconv.Itoa(site) + "\n")
	f.Close()
}

func gigaplanMutNot(site, id int, b bool) bool {
	gigaplanMutHit(site)
	if gigaplanMutActive == id {
		return !b
	}
	return b
}
`

func run(ctx context.Context, cfg config, out io.Writer) error {
	t0 := time.Now()
	target, exports, err := goList(ctx, cfg.pkg)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	var files []*srcFile
	var asts []*ast.File
	for _, name := range target.GoFiles {
		path := filepath.Join(target.Dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		af, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel := path
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, path); err == nil {
				rel = filepath.ToSlash(r)
			}
		}
		files = append(files, &srcFile{name: name, path: path, rel: rel, src: src, ast: af, tf: fset.File(af.Pos())})
		asts = append(asts, af)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		e := exports[path]
		if e == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(e)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", lookup)}
	pkg, err := conf.Check(target.ImportPath, fset, asts, info)
	if err != nil {
		return fmt.Errorf("type-check %s: %w", target.ImportPath, err)
	}
	c := &collector{info: info, pkg: pkg}
	work, err := os.MkdirTemp("", "gigaplan-mutate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	overlay := map[string]string{}
	for _, f := range files {
		if !cfg.files.MatchString(f.name) || strings.HasSuffix(f.name, "_test.go") {
			continue
		}
		before := len(c.sites)
		c.collect(f)
		if len(c.sites) == before {
			continue
		}
		p := filepath.Join(work, f.name)
		if err := os.WriteFile(p, render(f, c.sites[before:]), 0o644); err != nil {
			return err
		}
		overlay[f.path] = p
	}
	if len(c.mutants) == 0 {
		return fmt.Errorf("%s: no mutants in the files matching %s", cfg.pkg, cfg.files)
	}
	extra := filepath.Join(work, extraFile)
	if err := os.WriteFile(extra, fmt.Appendf(nil, extraSrc, target.Name, envMutant, len(c.sites), envHits), 0o644); err != nil {
		return err
	}
	overlay[filepath.Join(target.Dir, extraFile)] = extra
	ov, _ := json.Marshal(map[string]any{"Replace": overlay})
	ovPath := filepath.Join(work, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		return err
	}
	bin := filepath.Join(work, "pkg.test")
	build := exec.CommandContext(ctx, "go", "test", "-c", "-overlay", ovPath, "-o", bin, cfg.pkg)
	if msg, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build the mutated test binary: %v\n%s", err, msg)
	}
	tBuild := time.Since(t0)

	args := []string{"-test.count=1", "-test.failfast"}
	if cfg.run != "" {
		args = append(args, "-test.run="+cfg.run)
	}
	if cfg.short {
		args = append(args, "-test.short")
	}
	// Which tests reach which sites: each top-level test runs once alone.
	list := []string{"-test.list=" + cmp.Or(cfg.run, ".")}
	msg, err := runTest(ctx, bin, target.Dir, list, 0, "", 5*time.Minute)
	if err != nil {
		return fmt.Errorf("list the tests: %v\n%s", err, tail(msg, 4000))
	}
	var tests []string
	for _, line := range strings.Split(string(msg), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "Benchmark") && !strings.HasPrefix(line, "ok ") {
			tests = append(tests, line)
		}
	}
	t1 := time.Now()
	reachedBy := make(map[int][]string) // site → tests
	durations := make(map[string]time.Duration)
	var mu sync.Mutex
	var failed []string
	parallel(cfg.workers, len(tests), func(i int) {
		name := tests[i]
		hits := filepath.Join(work, fmt.Sprintf("hits-%d", i))
		start := time.Now()
		msg, err := runTest(ctx, bin, target.Dir, append(args, "-test.run=^"+regexp.QuoteMeta(name)+"$"), 0, hits, 30*time.Minute)
		d := time.Since(start)
		sites, herr := readHits(hits)
		mu.Lock()
		defer mu.Unlock()
		if err != nil || herr != nil {
			failed = append(failed, fmt.Sprintf("%s: %v %v\n%s", name, err, herr, tail(msg, 2000)))
			return
		}
		durations[name] = d
		for s := range sites {
			reachedBy[s] = append(reachedBy[s], name)
		}
	})
	if len(failed) > 0 {
		return fmt.Errorf("tests fail without any mutant:\n%s", strings.Join(failed, "\n"))
	}
	base := time.Since(t1)

	equivalent, err := readEquivalent(cfg.equivalent)
	if err != nil {
		return err
	}
	var todo []*mutant
	for _, m := range c.mutants {
		switch {
		case len(reachedBy[m.site.index]) == 0:
			m.status = "NOT COVERED"
		default:
			todo = append(todo, m)
		}
	}
	fmt.Fprintf(out, "%s: %d mutants at %d sites in %d files, %d reached by %d tests; build %s, tests without mutant %s\n",
		target.ImportPath, len(c.mutants), len(c.sites), len(overlay)-1, len(todo), len(tests), tBuild.Round(time.Millisecond), base.Round(time.Millisecond))

	parallel(cfg.workers, len(todo), func(i int) {
		m := todo[i]
		names := reachedBy[m.site.index]
		var limit time.Duration
		for k, n := range names {
			names[k] = regexp.QuoteMeta(n)
			limit += durations[n]
		}
		sort.Strings(names)
		run := "-test.run=^(" + strings.Join(names, "|") + ")$"
		_, err := runTest(ctx, bin, target.Dir, append(args, run), m.id, "", 5*limit+10*time.Second)
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			m.status = "TIMED OUT"
		case err != nil:
			m.status = "KILLED"
		default:
			m.status = "LIVED"
		}
	})

	var killed, lived, timedOut, equiv, uncovered int
	sort.Slice(c.mutants, func(i, j int) bool { return c.mutants[i].id < c.mutants[j].id })
	for _, m := range c.mutants {
		key := m.key()
		if m.status == "LIVED" && equivalent[key] {
			m.status = "EQUIVALENT"
		}
		switch m.status {
		case "KILLED":
			killed++
		case "TIMED OUT":
			timedOut++
		case "LIVED":
			lived++
		case "EQUIVALENT":
			equiv++
		case "NOT COVERED":
			uncovered++
		}
		if m.status == "LIVED" || cfg.verbose {
			pos := m.site.file.tf.Position(m.site.node.Pos())
			fmt.Fprintf(out, "  %-11s %s:%d:%d %s %s\n      key: %s\n", m.status, m.site.file.rel, pos.Line, pos.Column, m.mutator, m.desc, key)
		}
	}
	score := 100.0
	if n := killed + timedOut + lived; n > 0 {
		score = 100 * float64(killed+timedOut) / float64(n)
	}
	fmt.Fprintf(out, "SCORE %s %.1f%% killed %d timed-out %d lived %d equivalent %d not-covered %d (%s)\n",
		target.ImportPath, score, killed, timedOut, lived, equiv, uncovered, time.Since(t0).Round(time.Second))
	return nil
}

// parallel calls f(0) … f(n-1) on at most workers goroutines.
func parallel(workers, n int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// key names a mutant independently of line numbers: file, function, the
// mutated expression's source and the change.
func (m *mutant) key() string {
	f := m.site.file
	src := string(f.src[f.off(m.site.node.Pos()):f.off(m.site.node.End())])
	src = strings.Join(strings.Fields(src), " ")
	if len(src) > 80 {
		src = src[:77] + "..."
	}
	return fmt.Sprintf("%s %s %s [%s]", f.rel, m.site.fn, m.desc, src)
}

func runTest(ctx context.Context, bin, dir string, args []string, id int, hits string, limit time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), envMutant+"="+strconv.Itoa(id), envHits+"="+hits)
	cmd.WaitDelay = 5 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if ctx.Err() != nil {
		return buf.Bytes(), context.DeadlineExceeded
	}
	return buf.Bytes(), err
}

func readHits(path string) (map[int]bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[int]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hits := map[int]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if n, err := strconv.Atoi(sc.Text()); err == nil {
			hits[n] = true
		}
	}
	return hits, sc.Err()
}

// readEquivalent reads the keys of equivalent mutants: one key per line,
// then " # reason"; blank lines and lines starting with # are skipped.
func readEquivalent(path string) (map[string]bool, error) {
	keys := map[string]bool{}
	if path == "" {
		return keys, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, " # "); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		keys[line] = true
	}
	return keys, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
