package campaigns_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"gigaplan/campaigns"
)

// TestAuditLabelsGerman: every audit action the package declares (the
// constants Audit…) has a German label, so that the office's audit log
// shows no action code.
func TestAuditLabelsGerman(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		{
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(name.Name, "Audit") || i >= len(vs.Values) {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						action, _ := strconv.Unquote(lit.Value)
						n++
						if got := campaigns.AuditLabel(action); got == action {
							t.Errorf("%s (%q) has no German label", name.Name, action)
						}
					}
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d audit actions", n)
	}
}
