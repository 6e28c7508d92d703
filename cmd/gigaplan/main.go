// Command gigaplan plans and tracks fibre rollout and demand aggregation for
// a municipality's broadband office.
//
// Usage:
//
//	gigaplan [--db PATH] serve [--addr 127.0.0.1:8080] [--no-demo] [--basemap URL|FILE.pmtiles|none] [--basemap-attribution TEXT] [--no-rate-limit]
//	gigaplan [--db PATH] token add --campaign NAME --name N | token list | token revoke NAME
//	gigaplan [--db PATH] feedback list [--status open|closed|all] | feedback close NR [--answer "…"]
//	gigaplan [--db PATH] import addresses [--crs EPSG:N] [--map field=column]... FILE...
//	gigaplan [--db PATH] import areas --kind municipality|district|zone|buildarea [--name-field F] [--crs EPSG:N] FILE...
//	gigaplan [--db PATH] areas [--kind K] [--format table|csv|json]
//	gigaplan [--db PATH] addresses [--area NAME] [--unassigned] [--format csv|json]
//	gigaplan [--db PATH] demo
//	gigaplan bench overlay [--points N] [--polygons M] [--vertices V] [--passes 3] [--order given|hilbert|both] [--pg URL] [--python PATH] [--real ...]
//	gigaplan [--db PATH] backup --out FILE [--force]
//	gigaplan [--db PATH] [--tz ZONE] campaign add|list|status|history|extend|set-status|outreach|outside|denominator|facility ...
//	gigaplan [--db PATH] signups add|import|history ...
//	gigaplan [--db PATH] coverage ADDRESS-QUERY
//	gigaplan [--db PATH] survey add|list|show|ask ...
//	gigaplan [--db PATH] supply import FILE.csv... --operator NAME [--survey ID] [--rules NAME]
//	gigaplan [--db PATH] funding add|milestone|budget|freeze|list|status ...
//	gigaplan [--db PATH] report council|funding --out FILE.xlsx ...
//	gigaplan [--db PATH] export addresses|areas|mailmerge --out FILE ...
//
// Exit codes: 0 success, 1 bad input or failure (message on stderr), 2 usage.
//
// This is the only package that picks a store: data/sqlite for a file path
// (the default), data/postgres for a postgres:// URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"golang.org/x/term"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/postgres"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// GIGAPLAN_CPUPROFILE=FILE writes a CPU profile of the command (go tool
	// pprof FILE), for finding where a slow import or report spends its time.
	if path := os.Getenv("GIGAPLAN_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if err := pprof.StartCPUProfile(f); err == nil {
				defer f.Close()
				defer pprof.StopCPUProfile()
			}
		}
	}
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

// env is what a command may touch of the outside world, so that tests can
// run the CLI in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// usageError is a wrong invocation: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

const usage = `gigaplan – Breitbandausbau planen und Vorvermarktung verfolgen

Aufruf:
  gigaplan [--db PFAD] serve [--addr 127.0.0.1:8080] [--no-demo] [--basemap URL|DATEI.pmtiles|none] [--basemap-attribution TEXT] [--no-rate-limit]
  gigaplan [--db PFAD] import addresses [--crs EPSG:N] [--map feld=spalte]... DATEI...
  gigaplan [--db PFAD] import areas --kind municipality|district|zone|buildarea [--name-field F] [--crs EPSG:N] DATEI...
  gigaplan [--db PFAD] areas [--kind K] [--format table|csv|json]
  gigaplan [--db PFAD] addresses [--area NAME] [--unassigned] [--format csv|json]
  gigaplan [--db PFAD] demo
  gigaplan bench overlay [--points N] [--polygons M] [--vertices V] [--passes 3] [--order both] [--pg URL] [--python PFAD] [--real ...]
                         (1 Kern; Randregel gilt im System, in dem gerechnet wird; mehr: bench overlay --help)
  gigaplan bench import [--rows N] [--keep DATEI] [--store sqlite|postgres] [--pg URL] [--no-baseline] [--cpuprofile DATEI]
  gigaplan [--db PFAD] backup --out DATEI [--force]   (SQLite, im laufenden Betrieb; PostgreSQL: pg_dump)
  gigaplan migrate --from QUELLE --to ZIEL [--force]   (ganze Installation kopieren, z. B. SQLite → PostgreSQL)

Kampagnen:
  gigaplan campaign add --provider P --name N --areas "A,B" [--threshold 0.33] --start JJJJ-MM-TT --deadline JJJJ-MM-TT
                        [--count households|businesses|buildings] [--build-area NAME] [--facilities] [--municipality AGS|NAME]
                        [--signup-url URL]
  gigaplan campaign list [--format table|csv|json]
  gigaplan campaign status NAME [--format table|csv|json] [--as-of JJJJ-MM-TT]
  gigaplan campaign extend NAME --deadline JJJJ-MM-TT --reason "…"
  gigaplan campaign set-status NAME --status S [--areas "A,B"]
  gigaplan campaign outreach NAME --date JJJJ-MM-TT --kind letter|info|publication|other --title "…"
  gigaplan campaign outside NAME --area A
  gigaplan campaign denominator NAME --area A --count N     (Nenner laut Anbieter)
  gigaplan campaign facility NAME --address ID [--date JJJJ-MM-TT] [--remove]
  gigaplan signups add --campaign NAME --area AREA --date JJJJ-MM-TT --count N [--source provider|manual|estimate] [--comment "…"]
  gigaplan signups import DATEI.csv     (Kopfzeile: campaign,area,date,count[,source,comment]; alle Zeilen oder keine)
  gigaplan signups history --campaign NAME [--area A]
  gigaplan coverage ADRESSE

Bau und Liegenschaften:
  gigaplan progress import DATEI --campaign NAME|ID [--map feld=spalte]... [--live-share 0.3]
                           (Fortschrittsmeldung CSV/XLSX: Gebiet/Straße, Datum, Homes Passed, Connected, Activated
                           [, Baubeginn, Fertigstellung]; alle Zeilen oder keine)
  gigaplan progress show --campaign NAME|ID [--as-of JJJJ-MM-TT]
  gigaplan progress expect --campaign NAME|ID --area A --start|--completion JJJJ-MM-TT --reason "…" [--date JJJJ-MM-TT]
  gigaplan progress import|show|expect … --project NAME|ID [--version N]
                           (dasselbe für ein Förderprojekt statt --campaign, expect ohne --area; die Gebietsspalte
                           der Datei leer oder mit dem Projektnamen)
  gigaplan sites list [--format table|csv] | import DATEI | set NAME --state geplant|beauftragt|"im Bau"|angeschlossen [--date …]

Förderung und Berichte:
  gigaplan survey add --area NAME --from JJJJ-MM-TT --to JJJJ-MM-TT --horizon 5y [--published JJJJ-MM-TT]
                     [--branchendialog JJJJ-MM-TT] [--operators "A,B,C"] [--name "…"]   (Markterkundung anlegen)
  gigaplan survey list | show ID | ask ID --operators "A,B"
  gigaplan supply import DATEI.csv... --operator NAME [--survey ID] [--answered JJJJ-MM-TT]
                         [--rules NAME [--horizon 5y]] [--rules-file F.json] [--forgotten F.csv]   (ersetzt nur die Antwort dieses Betreibers)
  gigaplan funding add --name N --municipalities "AGS,…" [--areas "A,B"] [--rules NAME] [--survey ID]   (Förderprojekt)
  gigaplan funding milestone NAME --kind KIND --date JJJJ-MM-TT [--operator O --model gap|operator] [--corrects EINTRAG]
                    (KIND: branchendialog, survey_published, survey_closed, application, provisional_approval, tender,
                     award, final_approval, construction_start, completion, proof_of_use; application friert das Projektgebiet ein)
  gigaplan funding budget NAME [--total EUR] [--bund|--land|--kommune|--betreiber|--sonstige EUR] [--spent-bund … EUR] [--year JJJJ=EUR]...
  gigaplan funding freeze NAME | list [--format table|csv|json] | status NAME [--format table|json]
  gigaplan report council --out DATEI.xlsx [--as-of JJJJ-MM-TT] [--since JJJJ-MM-TT]
  gigaplan report funding --out DATEI.xlsx --area NAME... [--survey ID] [--rules gigabit-2025|gigabit-2024|gigabit-2023|
                          bw-gigabitmitfinanzierung-2023|grau-2021|weiss-2015] [--horizon 3y..7y]
                          [--rules-file F.json] [--cost EUR] [--shares 50/40/10] [--contact "…"] [--without-survey]
  gigaplan export addresses --format csv|geojson|gpkg [--area NAME] [--rules NAME] [--horizon 5y] --out DATEI
  gigaplan export areas --format geojson|gpkg [--kind K] --out DATEI
  gigaplan export mailmerge --area NAME --out DATEI.csv

Benutzer (Büro-Seiten unter /buero):
  gigaplan user add NAME --role admin|editor|viewer   (fragt das Passwort ab oder liest es von stdin)
  gigaplan user list | passwd NAME

API-Tokens (für POST /api/v1/campaigns/{id}/entries):
  gigaplan token add --campaign NAME --name N   (zeigt das Token einmal an)
  gigaplan token list [--format table|csv|json] | revoke NAME

Meldungen von Bürgerinnen und Bürgern (Formular /meldung):
  gigaplan feedback list [--status open|closed|all] [--format table|json]
  gigaplan feedback close NR [--answer "…"] [--as WER]

Datenbank: gigaplan.db im Arbeitsverzeichnis, sonst --db PFAD oder GIGAPLAN_DB;
eine URL postgres://… wählt PostgreSQL/PostGIS.
`

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	// Messages quote file names, headers and values from files: a
	// terminal must not run their escape sequences. Standard output is
	// data (exports with --out -) unless it is a terminal.
	e.stderr = &terminalSafe{w: e.stderr}
	if f, ok := e.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.stdout = &terminalSafe{w: e.stdout}
	}
	err := dispatch(ctx, args, e)
	if err == nil {
		return 0
	}
	var ue *usageError
	var hr *helpRequest
	switch {
	case errors.As(err, &hr):
		fmt.Fprint(e.stdout, helpText(hr))
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stderr, usage)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "gigaplan: %s\n\n%s", ue.msg, usage)
		return 2
	}
	code := geo.ErrorCode(err)
	if code == geo.EINTERNAL {
		fmt.Fprintf(e.stderr, "gigaplan: %v\n", err)
	} else {
		fmt.Fprintf(e.stderr, "gigaplan: %s\n", geo.ErrorMessage(err))
	}
	return 1
}

func dispatch(ctx context.Context, args []string, e env) error {
	cfg := DefaultConfig()
	cfg.ApplyEnv(e.getenv)
	cfg.waitNotice = e.stderr
	fs := flag.NewFlagSet("gigaplan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.DBPath, "db", cfg.DBPath, "database file, or a postgres:// URL")
	fs.BoolVar(&cfg.Debug, "debug", cfg.Debug, "debug logging")
	fs.StringVar(&cfg.TZ, "tz", cfg.TZ, "time zone of the office's calendar day (default Europe/Berlin)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s", flagError(err))
	}
	if cfg.TZ != "" && cfg.TZ != campaigns.Location.String() {
		loc, err := time.LoadLocation(cfg.TZ)
		if err != nil {
			return usagef("--tz: unbekannte Zeitzone %q (z. B. Europe/Berlin)", cfg.TZ)
		}
		campaigns.Location = loc
	}
	args = fs.Args()
	if len(args) == 0 {
		return usagef("kein Befehl angegeben")
	}
	cmd, rest := args[0], args[1:]
	if cmd == "help" && len(rest) > 0 {
		return &helpRequest{words: helpWords(rest[0], rest[1:])}
	}
	if wantsHelp(cmd, rest) {
		return &helpRequest{words: helpWords(cmd, rest)}
	}
	if cmd == "serve" {
		cfg.waitNotice = nil // the server answers 503 instead
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, cfg, rest, e)
	case "import":
		return cmdImport(ctx, cfg, rest, e)
	case "survey":
		return cmdSurvey(ctx, cfg, rest, e)
	case "supply":
		return cmdSupply(ctx, cfg, rest, e)
	case "areas":
		return cmdAreas(ctx, cfg, rest, e)
	case "addresses":
		return cmdAddresses(ctx, cfg, rest, e)
	case "demo":
		return cmdDemo(ctx, cfg, rest, e)
	case "campaign":
		return cmdCampaign(ctx, cfg, rest, e)
	case "signups":
		return cmdSignups(ctx, cfg, rest, e)
	case "coverage":
		return cmdCoverage(ctx, cfg, rest, e)
	case "progress":
		return cmdProgress(ctx, cfg, rest, e)
	case "sites":
		return cmdSites(ctx, cfg, rest, e)
	case "report":
		return cmdReport(ctx, cfg, rest, e)
	case "funding":
		return cmdFunding(ctx, cfg, rest, e)
	case "export":
		return cmdExport(ctx, cfg, rest, e)
	case "user":
		return cmdUser(ctx, cfg, rest, e)
	case "token":
		return cmdToken(ctx, cfg, rest, e)
	case "feedback":
		return cmdFeedback(ctx, cfg, rest, e)
	case "bench":
		return cmdBench(ctx, cfg, rest, e)
	case "backup":
		return cmdBackup(ctx, cfg, rest, e)
	case "migrate":
		return cmdMigrate(ctx, cfg, rest, e)
	case "help":
		return flag.ErrHelp
	}
	return usagef("unbekannter Befehl %q", cmd)
}

// newFlagSet returns a flag set that reports errors as usage errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses a subcommand's flags, mapping failures to usage errors.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%s: %s", fs.Name(), flagError(err))
	}
	return pos, nil
}

// noArgs parses a subcommand's flags and refuses positional arguments.
func noArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s: unerwartetes Argument %q", fs.Name(), pos[0])
	}
	return nil
}

// store is everything the CLI needs of a store.
type store interface {
	geo.Store
	campaigns.Store
	geo.SupplyStore
	geo.ImportStore
	campaigns.UserStore
	campaigns.UserAdmin
	campaigns.TokenStore
	campaigns.CitizenReportStore
	campaigns.FundingStore
	// Clear empties the store in one transaction (migrate's all or none).
	Clear(ctx context.Context) error
}

// displayDB names the database for logs and messages, without the password
// of a postgres:// URL.
func displayDB(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}

// openStore opens the configured store. This is the one place that picks
// the storage technology.
// openStore opens the store and first brings a stale overlay up to date
// (an import interrupted between its commit and its overlay).
func openStore(ctx context.Context, cfg Config) (store, error) {
	st, err := openStoreOnly(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if o, ran, err := (&geo.Service{Store: st}).CatchUp(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("catch up the overlay: %w", err)
	} else if ran {
		slog.Info("overlay caught up after an interrupted import", "assignments", o.Assignments, "duration", o.Duration)
	}
	return st, nil
}

// openStoreOnly opens the store as it is.
func openStoreOnly(ctx context.Context, cfg Config) (store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%v", err)
	}
	if postgres.IsURL(cfg.DBPath) { // postgres:// or postgresql://
		st, err := postgres.Open(ctx, cfg.DBPath)
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", postgres.Redact(cfg.DBPath), err)
		}
		return st, nil
	}
	st, err := sqlite.Open(ctx, cfg.DBPath)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", displayDB(cfg.DBPath), err)
	}
	if w := cfg.waitNotice; w != nil {
		st.OnWait = func() {
			fmt.Fprintf(w, "Warte auf die Datenbank: ein anderer Vorgang schreibt gerade (der Server oder ein Import); höchstens %d Sekunden …\n", sqlite.BusyTimeout/1000)
		}
	}
	return st, nil
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if cfg.Debug {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
