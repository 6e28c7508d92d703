#!/bin/sh
# Runs data/storebench on a base commit and on the working tree, one
# after the other, so that before and after are measured in the same run:
#   scripts/storebench.sh fd993a9 1000000 'postgres://postgres@127.0.0.1:5432/gigaplan_bench?sslmode=disable'
set -eu
base=${1:?base commit}
rows=${2:-1000000}
url=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
mkdir -p "$tmp/base/data/storebench"
cp "$root/data/storebench/main.go" "$tmp/base/data/storebench/"
(cd "$tmp/base" && go build -o "$tmp/before" ./data/storebench)
(cd "$root" && go build -o "$tmp/after" ./data/storebench)
"$tmp/before" --rows "$rows" --postgres "$url" --label "before/"
"$tmp/after" --rows "$rows" --postgres "$url" --label "after/"
