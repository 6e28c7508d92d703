#!/bin/sh
# Runs data/storebench on two commits, one after the other, so that before
# and after are measured in the same run on the same machine (each commit
# is checked out in a worktree of its own; the working tree is not used):
#   scripts/storebench.sh c684471 HEAD 1000000 'postgres://postgres@127.0.0.1:5432/gigaplan_bench?sslmode=disable'
# The PostgreSQL database is emptied first: give it one of its own.
set -eu
base=${1:?base commit}
head=${2:-HEAD}
rows=${3:-1000000}
url=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/before.src" >/dev/null 2>&1; git -C "$root" worktree remove --force "$tmp/after.src" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
for side in before after; do
	rev=$base
	[ "$side" = after ] && rev=$head
	git -C "$root" worktree add --detach "$tmp/$side.src" "$rev" >/dev/null 2>&1
	mkdir -p "$tmp/$side.src/data/storebench"
	cp "$root/data/storebench/main.go" "$tmp/$side.src/data/storebench/"
	(cd "$tmp/$side.src" && go build -o "$tmp/$side" ./data/storebench)
done
"$tmp/before" --rows "$rows" --postgres "$url" --label "before/"
"$tmp/after" --rows "$rows" --postgres "$url" --label "after/"
