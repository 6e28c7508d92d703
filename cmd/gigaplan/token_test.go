package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gigaplan/web"
)

func TestCLIToken(t *testing.T) {
	c := campaignFixture(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"add", []string{"token", "add", "--campaign", "dg test", "--name", "Glasfaser Süd"}, 0, "gpt_", "nur jetzt angezeigt"},
		{"taken", []string{"token", "add", "--campaign", "DG Test", "--name", "GLASFASER SÜD"}, 1, "", "schon ein Token"},
		{"unknown campaign", []string{"token", "add", "--campaign", "Keine", "--name", "x"}, 1, "", "Keine"},
		{"no name", []string{"token", "add", "--campaign", "DG Test"}, 2, "", "--name"},
		{"revoke unknown", []string{"token", "revoke", "gibtsnicht"}, 1, "", "kein Token"},
		{"revoke", []string{"token", "revoke", "glasfaser süd"}, 0, "Token Glasfaser Süd widerrufen", ""},
		{"revoke again", []string{"token", "revoke", "Glasfaser Süd"}, 0, "schon widerrufen", ""},
		{"no subcommand", []string{"token"}, 2, "", "add, list oder revoke"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := c.run(tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, %q, %q", code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	got := c.mustRun("token", "list", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "1,Glasfaser Süd,DG Test,") || strings.HasSuffix(lines[1], ",") {
		t.Errorf("token list:\n%s", got)
	}
	if table := c.mustRun("token", "list"); !strings.Contains(table, "Glasfaser Süd") || !strings.Contains(table, "zuletzt benutzt") {
		t.Errorf("token list table:\n%s", table)
	}
}

func TestRateLimitEnv(t *testing.T) {
	for _, tt := range []struct {
		v   string
		off bool
	}{{"off", true}, {"AUS", true}, {"0", true}, {"on", false}, {"", false}} {
		cfg := DefaultConfig()
		cfg.ApplyEnv(func(k string) string {
			if k == "GIGAPLAN_RATE_LIMIT" {
				return tt.v
			}
			return ""
		})
		if cfg.NoRateLimit != tt.off {
			t.Errorf("GIGAPLAN_RATE_LIMIT=%q: NoRateLimit %v", tt.v, cfg.NoRateLimit)
		}
	}
}

// TestServeNoRateLimit runs `gigaplan serve` and searches from loopback
// past the default burst: refused with the limits on, all answered with
// --no-rate-limit or GIGAPLAN_RATE_LIMIT=off (a load test with wrk).
func TestServeNoRateLimit(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		limited bool
	}{
		{name: "default", limited: true},
		{name: "flag", args: []string{"--no-rate-limit"}},
		{name: "env", env: map[string]string{"GIGAPLAN_RATE_LIMIT": "off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := freeAddr(t)
			ctx, cancel := context.WithCancel(context.Background())
			var logs lockedBuffer
			e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &logs, getenv: func(k string) string { return tt.env[k] }}
			args := append([]string{"--db", filepath.Join(t.TempDir(), "serve.db"), "serve", "--addr", addr, "--no-demo"}, tt.args...)
			done := make(chan int, 1)
			go func() { done <- run(ctx, args, e) }()
			defer func() {
				cancel()
				if code := <-done; code != 0 {
					t.Errorf("serve: exit %d\n%s", code, logs.String())
				}
			}()
			url := "http://" + addr + "/api/v1/addresses/search?q=haupt"
			for deadline := time.Now().Add(10 * time.Second); ; {
				resp, err := http.Get("http://" + addr + "/healthz")
				if err == nil {
					resp.Body.Close()
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("serve never answered: %v\n%s", err, logs.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			refused := 0
			for range web.DefaultSearchBurst + 150 {
				resp, err := http.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusTooManyRequests {
					refused++
				}
			}
			if (refused > 0) != tt.limited {
				t.Errorf("%d refused; limited: %v", refused, tt.limited)
			}
		})
	}
}
