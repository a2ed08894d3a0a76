#!/usr/bin/env bash
# scripts/bench.sh: authgen's speed beside its floor and beside
# oapi-codegen, in one run on one machine. Prints a Markdown table.
#
#   bash scripts/bench.sh            # seeds, Stripe and GitHub
#   BENCH_BUILD=0 bash scripts/bench.sh   # skip the go build comparison
#   BENCH_RUNS=5 bash scripts/bench.sh    # runs per measurement (default 3)
#
# Every figure is the median of BENCH_RUNS runs: on a shared 2-core machine
# one run of the same command varies by 20% or more.
#
# Generation: wall time and peak RSS (/usr/bin/time) of `authgen generate`
# beside a bare kin-openapi load of the same document with origins
# (internal/tools/kinload). Build: CPU time (user+sys) of `go build` of
# each generated package, with the standard library already cached, for
# authgen's client and oapi-codegen's (pinned below, installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
OAPI_CODEGEN_VERSION=v2.8.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/authgen" ./cmd/authgen
go build -o "$work/kinload" ./internal/tools/kinload
corpus=../shared/corpus
docs=(specs/jobhive.yaml specs/jobmojito.yaml specs/jobo.yaml specs/mojave.yaml specs/upstream/stripe.yaml specs/upstream/github.json)
# Generation through an overlay, beside the bare load of the document it
# extends (issue 30): the catalog's overlays (which keep a few operations),
# and Stripe's whole document through an overlay that only adds x-authgen,
# against the same block written inline. "spec|document kin-openapi loads".
mkdir -p "$work/whole"
cp specs/upstream/stripe.yaml "$work/whole/stripe.yaml"
cat > "$work/whole/overlay.yaml" <<'OVERLAY'
overlay: 1.0.0
info: {title: Stripe whole, version: "1"}
extends: stripe.yaml
actions:
  - target: $
    update:
      x-authgen: {package: stripe, errors: {envelope: {code: /error/code, message: /error/message}}}
OVERLAY
{ cat specs/upstream/stripe.yaml; printf 'x-authgen: {package: stripe, errors: {envelope: {code: /error/code, message: /error/message}}}\n'; } > "$work/whole/inline.yaml"
overlaid=("specs/stripe.yaml|specs/upstream/stripe.yaml" "specs/github.yaml|specs/upstream/github.json"
  "$work/whole/overlay.yaml|specs/upstream/stripe.yaml" "$work/whole/inline.yaml|specs/upstream/stripe.yaml")

runs=${BENCH_RUNS:-3}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

measure() { # prints "seconds KB" of one run
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  cat "$work/time"
}

echo "## Generation ($(nproc) cores, $(go env GOVERSION), $(date -u +%F))"
echo
echo "| document | kin-openapi load | authgen generate | time ratio | kin peak MB | authgen peak MB | memory ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
pairs=()
for doc in "${docs[@]}"; do pairs+=("$doc|$doc"); done
pairs+=("${overlaid[@]}")
for pair in "${pairs[@]}"; do
  doc=${pair%%|*}; kindoc=${pair#*|}
  : > "$work/k"; : > "$work/a"
  for _ in $(seq "$runs"); do # alternating, so that a slow minute hits both
    measure "$work/kinload" "$kindoc" >> "$work/k"
    out="$work/out/$(basename "$doc" | tr . _)"
    rm -rf "$out" # a new client each time: no comparison with the last one
    measure "$work/authgen" generate --spec "$doc" --out "$out" --package benchpkg --fake=false >> "$work/a"
  done
  kt=$(cut -d' ' -f1 "$work/k" | median); km=$(cut -d' ' -f2 "$work/k" | median)
  at=$(cut -d' ' -f1 "$work/a" | median); am=$(cut -d' ' -f2 "$work/a" | median)
  label=$doc
  [ "$doc" = "$kindoc" ] || label="$(echo "$doc" | sed "s|$work/||") (over $kindoc)"
  awk -v d="$label" -v kt="$kt" -v km="$km" -v at="$at" -v am="$am" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.2f | %.0f | %.0f | %.2f |\n", d, kt, at, (kt > 0 ? at / kt : 0), km / 1024, am / 1024, am / km }'
done

if [ "${BENCH_BUILD:-1}" = 0 ]; then exit 0; fi
echo
echo "## Building the generated package (CPU seconds, user+sys; stdlib cached)"
echo
GOBIN="$work/bin" go install "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@$OAPI_CODEGEN_VERSION"
mod="$work/mod"
mkdir -p "$mod"
cat > "$mod/go.mod" <<MOD
module bench

go 1.26
MOD
export GOCACHE="$work/gocache" GOFLAGS=-mod=mod
(cd "$mod" && go build std) # the standard library, once, for every build below
echo "| document | authgen lines | authgen build | oapi-codegen lines | oapi-codegen build | ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
cputime() { # median CPU seconds of a build, each run compiling the package anew
  local dir=${*: -1}
  : > "$work/cpus"
  for _ in $(seq "$runs"); do
    touch="$mod/${dir#./}/bench_touch.go" # changes the package, so it is compiled again
    [ -f "$touch" ] || echo "package $(basename "$dir")" > "$touch"
    echo "// run $RANDOM$RANDOM" >> "$touch"
    /usr/bin/time -f "%U %S" -o "$work/cpu" "$@" >/dev/null 2>"$work/err" || { echo "failed"; return; }
    awk '{ printf "%.2f\n", $1 + $2 }' "$work/cpu" >> "$work/cpus"
  done
  median < "$work/cpus" | awk '{ printf "%.2f", $1 }'
}
targets=(specs/upstream/stripe.yaml "$corpus/adyen-checkout-v71.json" "$corpus/pipedrive.json")
# Generate everything first, then resolve oapi-codegen's runtime module
# once, so that the builds below measure compiling only.
for doc in "${targets[@]}"; do
  [ -f "$doc" ] || continue
  name=$(basename "$doc" | tr '.-' '__')
  "$work/authgen" generate --spec "$doc" --out "$mod/ag_$name" --package "ag_$name" --fake=false >/dev/null 2>&1
  mkdir -p "$mod/oc_$name"
  "$work/bin/oapi-codegen" -generate types,client -package "oc_$name" "$doc" > "$mod/oc_$name/client.go" 2>/dev/null || rm -rf "$mod/oc_$name"
done
(cd "$mod" && go mod tidy >/dev/null 2>&1 && go build github.com/oapi-codegen/runtime/... >/dev/null 2>&1) || true
for doc in "${targets[@]}"; do
  [ -f "$doc" ] || continue
  name=$(basename "$doc" | tr '.-' '__')
  ag_lines=$(cat "$mod/ag_$name"/*.go | wc -l)
  ag=$(cd "$mod" && cputime go build "./ag_$name")
  oc="failed"; oc_lines=0
  if [ -d "$mod/oc_$name" ]; then
    oc_lines=$(wc -l < "$mod/oc_$name/client.go")
    oc=$(cd "$mod" && cputime go build "./oc_$name")
  fi
  awk -v d="$doc" -v al="$ag_lines" -v a="$ag" -v ol="$oc_lines" -v o="$oc" 'BEGIN {
    r = (o + 0 > 0 ? sprintf("%.2f", a / o) : "-")
    printf "| %s | %d | %s s | %d | %s s | %s |\n", d, al, a, ol, o, r }'
done
