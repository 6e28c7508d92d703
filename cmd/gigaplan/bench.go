package main

import (
	"context"
)

func cmdBench(ctx context.Context, cfg Config, args []string, e env) error {
	if len(args) > 0 && args[0] == "import" {
		return benchImport(ctx, cfg, args[1:], e)
	}
	if len(args) > 0 && args[0] == "scale-data" {
		return benchScaleData(args[1:], e)
	}
	if len(args) == 0 || args[0] != "overlay" {
		return usagef("bench: »bench overlay« oder »bench import«")
	}
	return benchOverlay(ctx, args[1:], e)
}
