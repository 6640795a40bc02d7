# bash completion for labverdict(1)                      -*- shell-script -*-
#
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/labverdict, where
# bash-completion loads it on demand; or source it from ~/.bashrc.
# Self-contained: it does not need the bash-completion package.
#
# Completes the commands, each command's options (as its --help lists them),
# the values of --format, --expect, --expect-stage, --as, --profile and of
# `template NAME`, and folders or files for the arguments.

# COMPREPLY: the words of $1 that start with $2.
_labverdict_words()
{
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# COMPREPLY: folders ($1 = -d) or files and folders ($1 = -f) for $2.
_labverdict_files()
{
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
}

_labverdict()
{
    local cur prev cmd opts i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}

    # The command is the first word after labverdict that is not an option.
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            _labverdict_words '--help --version' "$cur"
        else
            _labverdict_words 'inspect report diff recover load criteria template' "$cur"
        fi
        return 0
    fi

    # The value of an option that takes one.
    case $prev in
        --format)
            _labverdict_words 'md html json' "$cur"
            return 0 ;;
        --expect)
            _labverdict_words 'supported falsified inconclusive' "$cur"
            return 0 ;;
        --expect-stage)
            _labverdict_words 'pre-failure failure' "$cur"
            return 0 ;;
        --as)
            _labverdict_words 'diag-proc diag-stats app-config json kql responses' "$cur"
            return 0 ;;
        --profile)
            # a built-in name, a profile folder or a roles file
            _labverdict_files -f "$cur"
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY \
                < <(compgen -W 'memory-pressure' -- "$cur")
            return 0 ;;
        --alpha)
            return 0 ;; # a number
        -o | --criteria | --template | --check)
            _labverdict_files -f "$cur"
            return 0 ;;
    esac

    case $cmd in
        inspect) opts='--profile --help' ;;
        report) opts='--format -o --criteria --template --profile --sources
                      --expect --expect-stage --check --no-charts --help' ;;
        diff) opts='--format -o --alpha --template --criteria --profile --help' ;;
        recover) opts='--help --' ;;
        load) opts='--as --profile --help' ;;
        criteria) opts='--profile --help' ;;
        template) opts='--profile --help' ;;
        *) return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        _labverdict_words "$opts" "$cur"
        return 0
    fi

    # The arguments: a run folder, a file, or a template name.
    case $cmd in
        inspect | report) _labverdict_files -d "$cur" ;;
        diff) _labverdict_files -f "$cur" ;; # a run folder or a saved JSON model
        recover | load) _labverdict_files -f "$cur" ;;
        template) _labverdict_words "$(labverdict template 2>/dev/null)" "$cur" ;;
    esac
    return 0
}

complete -F _labverdict labverdict
