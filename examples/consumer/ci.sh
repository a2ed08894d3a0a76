#!/usr/bin/env bash
# The CI step of a consuming repository: fail on a stale or hand-edited
# client, then print what the spec change does to the clients' users (a
# Markdown report for the pull request; exit status 2 when it breaks them).
set -euo pipefail
cd "$(dirname "$0")"
go tool authgen check --spec specs/weather.yaml --out internal/weather
go tool authgen check --spec specs/twilioflex.yaml --out internal/twilioflex
base=${BASE_REF:-HEAD}
status=0
go tool authgen diff --since "$base" --format markdown specs/weather.yaml specs/twilioflex.yaml || status=$?
if [ "$status" = 2 ]; then
  echo "the change above breaks the clients' users: say so in the pull request" >&2
fi
[ "$status" = 0 ] || [ "$status" = 2 ]
