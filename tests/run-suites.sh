#!/bin/sh
# Data-driven end-to-end suites, in the style of jansson's test/suites.
#
#   tests/suites/<kind>/<case>/cmd       arguments after `labverdict`, one line,
#                                        or a shell line that calls `labverdict`
#                                        itself (e.g. cd "$SHARED/x" && labverdict
#                                        inspect y); paths relative to the case
#   tests/suites/<kind>/<case>/expected  the exact stdout (optional)
#   tests/suites/<kind>/<case>/error     the exact stderr (absent: must be empty)
#   tests/suites/<kind>/<case>/exit      the exit code (absent: 0)
#   tests/suites/<kind>/<case>/needs-shared  present: the case reads ../shared
#                                        through $SHARED and is skipped, visibly,
#                                        where it is absent
#
# Each case runs with the case folder as its working directory, so messages
# name files as the user would see them. LV_REGEN=1 rewrites expected/error/
# exit from the current binary (review the diff before committing!).
# LV_WRAP, when set, is a command line put before every run of the binary
# (make check-valgrind: LV_WRAP='valgrind --error-exitcode=99 ...'); a
# wrapper's own failure then shows as a wrong exit code or extra stderr.
#   tests/run-suites.sh BUILD/labverdict [KIND...]
LV=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
ROOT=$(cd "$(dirname "$0")/suites" && pwd)
SHARED=${LV_SHARED:-}
export SHARED
labverdict() { ${LV_WRAP:-} "$LV" "$@"; }
export LV LV_WRAP
pass=0; fail=0; skip=0
kinds=${*:-$(ls "$ROOT")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for kind in $kinds; do
    for dir in "$ROOT/$kind"/*/; do
        [ -f "$dir/cmd" ] || continue
        name="$kind/$(basename "$dir")"
        if [ -f "$dir/needs-shared" ] && { [ -z "$SHARED" ] || [ ! -d "$SHARED/lab-artifacts" ]; }; then
            echo "SKIP $name: ../shared is not here (reads the real run)"
            skip=$((skip + 1)); continue
        fi
        want_rc=0
        [ -f "$dir/exit" ] && want_rc=$(cat "$dir/exit")
        args=$(cat "$dir/cmd")
        case "$args" in
            *labverdict*) line=$args ;;
            *) line="labverdict $args" ;;
        esac
        (cd "$dir" && eval "$line" >"$tmp/out" 2>"$tmp/err"); rc=$?
        if [ -n "${LV_REGEN:-}" ]; then
            cp "$tmp/out" "$dir/expected"
            if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/error"; else rm -f "$dir/error"; fi
            if [ "$rc" -ne 0 ]; then echo "$rc" >"$dir/exit"; else rm -f "$dir/exit"; fi
            want_rc=$rc
        fi
        ok=1
        if [ "$rc" -ne "$want_rc" ]; then
            echo "FAIL $name: exit $rc, expected $want_rc"; ok=0
        fi
        if [ -f "$dir/expected" ] && ! cmp -s "$tmp/out" "$dir/expected"; then
            echo "FAIL $name: stdout differs:"; diff -u "$dir/expected" "$tmp/out" | head -40; ok=0
        fi
        if [ -f "$dir/error" ]; then
            if ! cmp -s "$tmp/err" "$dir/error"; then
                echo "FAIL $name: stderr differs:"; diff -u "$dir/error" "$tmp/err" | head -20; ok=0
            fi
        elif [ -s "$tmp/err" ]; then
            echo "FAIL $name: unexpected stderr:"; head -5 "$tmp/err"; ok=0
        fi
        if [ "$ok" -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
    done
done
echo "suites: $pass $fail $skip"
[ "$fail" -eq 0 ]
