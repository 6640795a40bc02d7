# Helpers of the release suites: sourced by each case's cmd, which runs in
# the case folder (tests/suites/release/CASE). $LV is the labverdict under
# test, set by tests/run-suites.sh; the Makefile is run with its build
# folder, so `make install` installs that very binary.
ROOT=$(cd ../../../.. && pwd)
BUILD=$(dirname "${LV:?run by tests/run-suites.sh}")
DEST=$(mktemp -d)
trap 'rm -rf "$DEST"' EXIT

# make in the repository, quietly; the environment of an enclosing make
# (jobserver, -s, variables) is not passed on.
make_labverdict() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make --no-print-directory -s -C "$ROOT" BUILD="$BUILD" "$@" >/dev/null
}

install_labverdict() { make_labverdict install DESTDIR="$DEST" PREFIX=/usr; }
uninstall_labverdict() { make_labverdict uninstall DESTDIR="$DEST" PREFIX=/usr; }

# Every file under DESTDIR with its mode, sorted.
installed_files() {
    (cd "$DEST" && find . -type f -printf '%P %m\n' | LC_ALL=C sort)
}

# The page rendered as text: man -l when man-db is there, else groff.
render_man() {
    if command -v man >/dev/null 2>&1; then
        LC_ALL=C MANPAGER=cat MANWIDTH=80 man -l "$1"
    else
        LC_ALL=C groff -man -Tascii -P-cbou -rLL=80n "$1"
    fi
}

# Run the completion function of the file $1 on the words after it (the last
# one is being completed); print the candidates, one a line, sorted.
complete_labverdict() {
    bash --norc --noprofile -c '
        f=$1; shift
        source "$f" || exit 1
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
        _labverdict
        printf "%s\n" "${COMPREPLY[@]}"' complete "$@" | LC_ALL=C sort
}

# The commands `labverdict --help` lists.
help_commands() {
    labverdict --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'
}

# The options `labverdict $1 --help` lists, but --help itself: the first
# word of the indented lines that start with '-', and the bracketed options
# of the usage line.
help_options() {
    labverdict "$1" --help 2>/dev/null | {
        out=$(cat)
        printf '%s\n' "$out" | grep -E '^ +-' | awk '{print $1}'
        printf '%s\n' "$out" | grep '^usage:' | grep -oE '\[--?[a-z][a-z-]*' | tr -d '['
    } | grep -vx -e --help -e -h | LC_ALL=C sort -u
}

# The tags (.TP) of section $2 of the roff page $1, or of its subsection $3:
# the first bold word of each, '\-' read as '-'.
man_tags() {
    awk -v sh="$2" -v ss="${3:-}" '
        prev == ".SH" { insh = ($0 == sh); inss = (ss == "") }
        prev == ".SS" && ss != "" { inss = ($0 == ss) }
        prev == ".TP" && insh && inss { print }
        { prev = $0 }' "$1" |
        sed -n 's/^\\f\[B\]\([^\\]*\(\\-[^\\]*\)*\)\\f\[\].*/\1/p' | sed 's/\\-/-/g'
}

# What the roff page $1 fails to document, one line each: a command (of
# `labverdict --help`, or of issue 7) without its COMMANDS entry; an option
# (of the command's --help, or of issue 7) without its entry under OPTIONS;
# an exit code of include/lv/common.h without its EXIT STATUS entry, or one
# documented that is not there.
man_missing() {
    page=$1
    tags=$(man_tags "$page" COMMANDS)
    for c in $({ help_commands; echo inspect recover load report diff criteria template; } |
               tr ' ' '\n' | LC_ALL=C sort -u); do
        printf '%s\n' "$tags" | grep -qx -- "$c" || echo "COMMANDS: no entry for $c"
        case $c in
            report) want='--format -o --criteria --template --profile --sources
                          --expect --expect-stage --check --no-charts' ;;
            diff) want='--format -o --alpha --template' ;;
            inspect | criteria) want='--profile' ;;
            load) want='--as --profile' ;;
            *) want= ;;
        esac
        opts=$(man_tags "$page" OPTIONS "$c")
        for o in $({ help_options "$c"; printf '%s\n' $want; } | LC_ALL=C sort -u); do
            printf '%s\n' "$opts" | grep -qx -- "$o" || echo "OPTIONS $c: no entry for $o"
        done
    done
    codes=$(sed -n 's/^ *LV_EXIT_[A-Z_]* *= *\([0-9][0-9]*\).*/\1/p' "$ROOT/include/lv/common.h" |
            LC_ALL=C sort -u)
    documented=$(man_tags "$page" 'EXIT STATUS' | LC_ALL=C sort -u)
    for e in $codes; do
        printf '%s\n' "$documented" | grep -qx "$e" || echo "EXIT STATUS: no entry for $e"
    done
    for e in $documented; do
        printf '%s\n' "$codes" | grep -qx "$e" || echo "EXIT STATUS: $e is not in include/lv/common.h"
    done
}
