package web

import (
	"context"
	"slices"
	"sync"
	"time"

	"gigaplan/geo"
)

// demoTTL is how long the answer of demoLoaded is trusted.
const demoTTL = 5 * time.Second

// demoFlag caches whether the store holds the demo town.
type demoFlag struct {
	mu      sync.Mutex
	loaded  bool
	checked time.Time
}

// demoLoaded reports whether the store holds a municipality of the demo
// data (Config.DemoAGS): the pages then carry the banner "Demodaten –
// fiktive Gemeinde". The store is the one source: the banner stays after
// a restart, appears when `gigaplan demo` loads the town into a running
// server's database and goes when the demo municipality is removed. A
// store error counts as "no demo" (and is logged): the banner is a hint,
// not a reason to fail the page.
func (s *Server) demoLoaded(ctx context.Context) bool {
	if len(s.cfg.DemoAGS) == 0 {
		return false
	}
	f := &s.demo
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.checked.IsZero() && time.Since(f.checked) < demoTTL {
		return f.loaded
	}
	areas, err := s.store.AreaRefs(ctx)
	if err != nil {
		s.log.Warn("demo banner: read the municipalities", "err", err)
		return false
	}
	f.loaded = slices.ContainsFunc(areas, func(a geo.Area) bool {
		return a.Kind == geo.KindMunicipality && slices.Contains(s.cfg.DemoAGS, a.AGS)
	})
	f.checked = time.Now()
	return f.loaded
}
