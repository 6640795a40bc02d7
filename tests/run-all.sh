#!/bin/sh
# Run every test: the cmocka unit binaries, then the data-driven suites.
#   tests/run-all.sh BUILD [unit|suites]
# Prints one closing line "N passed, N failed, N skipped" and exits non-zero
# when anything failed.
BUILD=${1:-build}
WHAT=${2:-all}
pass=0; fail=0; skip=0
failed=""
if [ "$WHAT" = all ] || [ "$WHAT" = unit ]; then
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        # a binary left by a test since renamed or removed is not a test
        [ -f "tests/unit/$(basename "$t").c" ] || continue
        out=$("$t" 2>&1); rc=$?
        printf '%s\n' "$out" | grep -E '^\[  (FAILED|SKIPPED|  ERROR) |^SKIP|^\[  ERROR' | sed "s|^|$(basename "$t"): |"
        p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
        f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
        s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
        echo "$(basename "$t"): $p passed, $f failed, $s skipped"
        pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            fail=$((fail + 1)); printf '%s\n' "$out" | tail -20
        fi
        [ "$rc" -ne 0 ] && failed="$failed $(basename "$t")"
    done
fi
if [ "$WHAT" = all ] || [ "$WHAT" = suites ]; then
    res=$(sh tests/run-suites.sh "$BUILD/labverdict")
    rc=$?
    printf '%s\n' "$res" | grep -v '^suites:'
    line=$(printf '%s\n' "$res" | sed -n 's/^suites: \([0-9]*\) \([0-9]*\) \([0-9]*\)$/\1 \2 \3/p')
    set -- $line
    pass=$((pass + ${1:-0})); fail=$((fail + ${2:-1})); skip=$((skip + ${3:-0}))
    [ "$rc" -ne 0 ] && failed="$failed suites"
fi
[ -n "$failed" ] && echo "failing:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ -z "$failed" ]
