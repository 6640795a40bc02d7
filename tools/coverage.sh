#!/bin/sh
# Line coverage of src/ by the whole test suite: per file, lowest first,
# then the total. Run by `make coverage` after the tests of a --coverage
# build in BUILD (default build/cov).
BUILD=${1:-build/cov}
for f in $(find "$BUILD/obj" -name '*.gcda' | sort); do
    d=$(dirname "$f"); b=$(basename "$f" .gcda)
    src=src/${d#"$BUILD"/obj/}/$b.c
    [ -f "$src" ] || continue
    gcov -n -o "$d" "$src" 2>/dev/null | grep -A1 "^File '$src'" | tail -1 |
        sed -n "s|^Lines executed:\([0-9.]*\)% of \([0-9]*\)|\1 \2 $src|p"
done | sort -n | awk '
    { printf "%6.2f%% of %4d lines  %s\n", $1, $2, $3; hit += $1 * $2 / 100; all += $2 }
    END { if (all) printf "total: %.2f%% of %d lines\n", 100 * hit / all, all }'
