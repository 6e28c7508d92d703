package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestImportDirections keeps the layering of ARCHITECTURE.md:
// geo ← campaigns ← reports ← web ← cmd; data/* implements geo and
// campaigns; gin only in web, excelize only in reports (writing workbooks)
// and geo (reading XLSX address and supply tables), SQL drivers only in
// data/*.
func TestImportDirections(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "gigaplan/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	// allowed[pkg prefix] = gigaplan packages it may import.
	allowed := map[string][]string{
		"gigaplan/geo":       {"gigaplan/geo"}, // its internal packages
		"gigaplan/campaigns": {"gigaplan/geo"},
		"gigaplan/reports":   {"gigaplan/geo", "gigaplan/campaigns"},
		"gigaplan/web":       {"gigaplan/geo", "gigaplan/campaigns", "gigaplan/reports"},
		"gigaplan/data/":     {"gigaplan/geo", "gigaplan/campaigns", "gigaplan/data/"},
		"gigaplan/cmd/":      {"gigaplan/"},
	}
	// only[third-party prefix] = the package prefixes that alone may import it.
	only := map[string][]string{
		"github.com/gin-gonic/":          {"gigaplan/web"},
		"github.com/xuri/excelize":       {"gigaplan/reports", "gigaplan/geo"},
		"github.com/mattn/go-sqlite3":    {"gigaplan/data/"},
		"github.com/jackc/pgx":           {"gigaplan/data/"},
		"modernc.org/sqlite":             {"gigaplan/data/"},
		"github.com/ncruces/go-sqlite3":  {"gigaplan/data/"},
		"github.com/lib/pq":              {"gigaplan/data/"},
		"github.com/jackc/pgx/v5/stdlib": {"gigaplan/data/"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imps, _ := strings.Cut(line, ":")
		var rule []string
		ruled := false
		for prefix, r := range allowed {
			if pkg == prefix || strings.HasPrefix(pkg, prefix+"/") || (strings.HasSuffix(prefix, "/") && strings.HasPrefix(pkg, prefix)) {
				rule, ruled = r, true
			}
		}
		for _, imp := range strings.Fields(imps) {
			if strings.HasPrefix(imp, "gigaplan/") {
				if !ruled {
					t.Errorf("%s: no layering rule for this package", pkg)
					continue
				}
				ok := false
				for _, a := range rule {
					if imp == a || strings.HasPrefix(imp, a+"/") || (strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a)) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s imports %s: against the layering", pkg, imp)
				}
			}
			for third, owners := range only {
				if strings.HasPrefix(imp, third) && !slices.ContainsFunc(owners, func(o string) bool { return strings.HasPrefix(pkg, o) }) {
					t.Errorf("%s imports %s: only %s may", pkg, imp, strings.Join(owners, ", "))
				}
			}
		}
	}
}
