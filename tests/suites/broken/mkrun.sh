# Sourced by the cmd of a tests/suites/broken case (`. ../mkrun.sh`): makes
# "run", a fresh copy of fixtures/runs/example, in a temporary folder that is
# removed when the case's shell exits, and goes there, so that messages name
# "run/..." whatever the temporary folder is. The case then breaks something
# in run/ and calls labverdict on it.
LV_EXAMPLE=$(cd ../../../../fixtures/runs/example && pwd)
LV_TMP=$(mktemp -d)
trap 'rm -rf "$LV_TMP"' EXIT
cp -R "$LV_EXAMPLE" "$LV_TMP/run"
cd "$LV_TMP" || exit 99
