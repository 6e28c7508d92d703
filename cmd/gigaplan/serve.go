package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/geo"
	"gigaplan/reports"
	"gigaplan/web"
)

func cmdServe(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("serve")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address host:port")
	fs.BoolVar(&cfg.NoDemo, "no-demo", cfg.NoDemo, "do not load the demo town into an empty store")
	fs.StringVar(&cfg.BaseMapURL, "basemap", cfg.BaseMapURL, "map background: raster tiles URL with {z}/{x}/{y}, a vector FILE.pmtiles, or none")
	fs.StringVar(&cfg.BaseMapAttribution, "basemap-attribution", cfg.BaseMapAttribution, "base map attribution")
	fs.BoolVar(&cfg.NoRateLimit, "no-rate-limit", cfg.NoRateLimit, "no rate limits on logins and searches (load tests)")
	fs.StringVar(&cfg.Municipalities, "municipalities", cfg.Municipalities, "JSON file of the municipalities' pages: name, host, logo, contact, legal pages")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	// A PMTiles background is opened first: a bad file is a usage error
	// that touches no store.
	var pm *web.PMTilesBaseMap
	if u := strings.TrimSpace(cfg.BaseMapURL); isPMTiles(u) {
		var err error
		if pm, err = web.OpenPMTilesBaseMap(u); err != nil {
			return usagef("--basemap: %v", err)
		}
		defer pm.Close()
	}
	var towns []web.TownInfo
	if cfg.Municipalities != "" {
		var err error
		if towns, err = web.LoadTowns(cfg.Municipalities); err != nil {
			return err
		}
	}
	log := newLogger(cfg, e.stderr)
	st, err := openStoreOnly(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	// An import interrupted between its commit and its overlay: catch up
	// while serving; /healthz says "stale" until it is done.
	go func() {
		if o, ran, err := (&geo.Service{Store: st}).CatchUp(ctx); err != nil {
			log.Error("catch up the overlay", "err", err)
		} else if ran {
			log.Info("overlay caught up after an interrupted import", "assignments", o.Assignments, "duration", o.Duration)
		}
	}()
	counts, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	if counts.Addresses == 0 && !cfg.NoDemo {
		log.Info("empty store: loading the demo town", "db", displayDB(cfg.DBPath))
		if _, err := loadDemo(ctx, st); err != nil {
			return fmt.Errorf("load demo town: %w", err)
		}
	}
	wcfg := web.Config{Logger: log, Users: st, BaseMapURL: cfg.BaseMapURL, BaseMapAttribution: cfg.BaseMapAttribution}
	wcfg.DemoAGS = []string{demo.TownAGS, demo.NeighbourAGS}
	if pm != nil {
		wcfg.VectorBaseMap = pm
	} else if strings.TrimSpace(cfg.BaseMapURL) == "" {
		bm, err := demoBaseMap(ctx, st)
		if err != nil {
			return err
		}
		if bm != nil {
			wcfg.VectorBaseMap = bm
			if wcfg.BaseMapAttribution == "" {
				wcfg.BaseMapAttribution = "Straßen und Gebäude: Demodaten"
			}
		}
	}
	wcfg.Tokens, wcfg.Supply, wcfg.Towns, wcfg.Reports = st, st, towns, st
	wcfg.WriteGPKG = writeGPKGFile
	if cfg.NoRateLimit {
		wcfg.RateLimits = web.NoRateLimits
		log.Warn("rate limits on logins and searches are off (--no-rate-limit, GIGAPLAN_RATE_LIMIT=off)")
	}
	srv := web.New(wcfg, st, &campaigns.Service{Geo: st, Store: st, Funding: st})
	log.Info("listening", "url", "http://"+cfg.Addr, "db", displayDB(cfg.DBPath))
	if err := srv.ListenAndServe(ctx, cfg.Addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return geo.Errorf(geo.EINVALID, "serve on %s: %v", cfg.Addr, err)
	}
	return nil
}

// demoBaseMap is the demo town's streets and buildings, served by the app
// as the map background while the store holds the demo town (and no
// --basemap names another); nil otherwise.
func demoBaseMap(ctx context.Context, st store) (web.VectorBaseMap, error) {
	refs, err := st.AreaRefs(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(refs, func(a geo.Area) bool { return a.Kind == geo.KindMunicipality && a.AGS == demo.TownAGS }) {
		return nil, nil
	}
	t := demo.New(demo.DefaultSeed)
	n := demo.NewNeighbour(t, demo.DefaultSeed)
	return web.NewFeatureBaseMap(geo.NewFeatureTiles(demo.BaseMapLayers(t, n)), fmt.Sprint(demo.DefaultSeed)), nil
}

func cmdDemo(ctx context.Context, cfg Config, args []string, e env) error {
	fs := newFlagSet("demo")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := loadDemo(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Demo-Gemeinden Musterstadt und Kleinbach geladen: %d Adressen, %d Gebiete, %d Zuordnungen, %d außerhalb aller Ortsteile\n",
		o.Addresses, o.Areas, o.Assignments, o.Unassigned)
	return nil
}

// loadDemo writes the demo county into st (demo.Load), its funding
// project's area being the funding workbook's eligible list.
func loadDemo(ctx context.Context, st store) (geo.OverlaySummary, error) {
	o, _, err := demo.Load(ctx, st, time.Now(), func(svc *campaigns.Service) demo.Eligible {
		return reports.Source{Geo: st, Supply: st, Campaigns: svc}.EligibleByRule
	})
	return o, err
}
