# labverdict — GNU make build.
#
#   make            build build/labverdict
#   make report     the experiment log of the bundled example run
#   make test       every test (unit, data-driven suites, acceptance)
#   make deps       install missing Debian packages (test and report do it)
#   make bench      the 500,000-row benchmark against $(SHARED)/bench (docs/performance.md)
#   make check-asan the whole test suite built with ASan + UBSan (build/asan/)
#   make check-tsan the threaded analysis under ThreadSanitizer (build/tsan/)
#   make check-valgrind  the end-to-end suites under valgrind
#   make coverage   line coverage of src/ by every test (build/cov/)
#   make fuzz       build the libFuzzer targets (build/fuzz/) and run each
#                   for FUZZ_SECONDS (default 10); see docs/hardening.md
#
# Everything built goes under $(BUILD)/; nothing is written elsewhere.

BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
Q       ?= @
PKGS    := jansson yajl libcmark-gfm
LV_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -Wall -Wextra -Werror \
            -Wshadow -Wstrict-prototypes -Iinclude \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LV_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
            -lcmark-gfm-extensions -lcsv -lm -pthread
SHARED  ?= $(abspath ../shared)
EXAMPLE ?= fixtures/runs/example

# src/ follows the pipeline, one folder a stage (see README, "Layout"):
# base (shared utilities), discover, load, analyze, render, diff, cli.
SRC_DIRS := base discover load analyze render diff cli
LIB_SRC  := $(filter-out src/cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard src/$(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded_data.o
PRIV_H   := $(wildcard src/*/*.h)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED    := $(sort $(wildcard templates/*.mustache) $(wildcard profiles/*/*.json) \
                   $(wildcard profiles/*/*.mustache))

.PHONY: all deps report test unit suites acceptance clean check-asan check-tsan check-valgrind coverage fuzz fuzz-build
all: $(BUILD)/labverdict

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard include/lv/*.h) $(PRIV_H) | $(BUILD)/obj
	@mkdir -p $(@D)
	@echo '  CC  $<'
	$(Q)$(CC) $(LV_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c | $(BUILD)/tools
	$(CC) -std=c11 -Wall -Wextra -Werror $(CFLAGS) $< -o $@

$(BUILD)/gen/embedded_data.c: $(BUILD)/tools/embed $(EMBED) | $(BUILD)/gen
	$(Q)$(BUILD)/tools/embed $@ $(foreach f,$(EMBED),$(f)=$(f))

$(BUILD)/obj/embedded_data.o: $(BUILD)/gen/embedded_data.c
	$(CC) $(LV_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/liblabverdict.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/labverdict: src/cli/main.c $(BUILD)/liblabverdict.a
	@echo '  LD  $@'
	$(Q)$(CC) $(LV_CFLAGS) $(CFLAGS) $< $(BUILD)/liblabverdict.a $(LV_LIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/lvtest.h $(BUILD)/liblabverdict.a | $(BUILD)/tests
	@echo '  LD  $@'
	$(Q)$(CC) $(LV_CFLAGS) -Wno-unused-parameter $(CFLAGS) -Itests/unit $< \
	    $(BUILD)/liblabverdict.a $(LV_LIBS) -lcmocka -o $@

# The fuzz targets' bodies are replayed over fuzz/corpus and fuzz/regressions.
$(BUILD)/tests/test_fuzz_regressions: $(wildcard fuzz/*.c fuzz/*.h)

$(BUILD)/obj $(BUILD)/tools $(BUILD)/gen $(BUILD)/tests:
	mkdir -p $@

# --- Man page, install, uninstall -----------------------------------------
#   make man                      build/labverdict.1 from docs/labverdict.1.md
#   make install [PREFIX=/usr/local] [DESTDIR=]
#   make uninstall                removes exactly the three installed files
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
MAN1DIR    ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL    ?= install

.PHONY: man install uninstall
man: $(BUILD)/labverdict.1

$(BUILD)/tools/md2man: tools/md2man.c include/lv/common.h | $(BUILD)/tools
	$(Q)$(CC) $(LV_CFLAGS) $(CFLAGS) $< $(shell pkg-config --libs libcmark-gfm 2>/dev/null) -o $@

$(BUILD)/labverdict.1: docs/labverdict.1.md $(BUILD)/tools/md2man
	@echo '  MAN $@'
	$(Q)$(BUILD)/tools/md2man $< >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

install: $(BUILD)/labverdict $(BUILD)/labverdict.1
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MAN1DIR)" "$(DESTDIR)$(BASHCOMPDIR)"
	$(INSTALL) -m 755 $(BUILD)/labverdict "$(DESTDIR)$(BINDIR)/labverdict"
	$(INSTALL) -m 644 $(BUILD)/labverdict.1 "$(DESTDIR)$(MAN1DIR)/labverdict.1"
	$(INSTALL) -m 644 completion/labverdict.bash "$(DESTDIR)$(BASHCOMPDIR)/labverdict"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/labverdict" "$(DESTDIR)$(MAN1DIR)/labverdict.1" \
	      "$(DESTDIR)$(BASHCOMPDIR)/labverdict"
# ---------------------------------------------------------------------------

report: deps
	@$(MAKE) --no-print-directory $(BUILD)/labverdict
	$(BUILD)/labverdict report $(EXAMPLE)

test: deps
	@$(MAKE) --no-print-directory all unit-bins
	@LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD)

.PHONY: unit-bins
unit-bins: $(UNIT_BIN)

unit: all unit-bins
	@LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD) unit

suites: all
	@LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD) suites

# --- Hardening: sanitizers, valgrind, fuzzing (docs/hardening.md) ----------

SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
             -fno-omit-frame-pointer
ASAN_ENV  := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Debian packages of the sanitizer and fuzzer builds, and of valgrind.
CLANG_DEPS ?= clang libclang-rt-14-dev

# The same build with the sanitizers, in its own tree, then every test.
check-asan:
	@sh tools/deps.sh $(CLANG_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CC=clang \
	    CFLAGS='-O1 -g $(SAN_FLAGS)' all unit-bins
	@$(ASAN_ENV) LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD)/asan

# ThreadSanitizer over what runs on two threads: report reads the HTTP
# export on a second thread (src/analyze/an_kql.c). The threaded tests and
# the end-to-end suites (every report and diff the suites run) are enough;
# the memory-bound tests of test_big_input cannot hold under TSan's shadow.
TSAN_TESTS := test_analyze_opts test_acceptance test_diff
check-tsan:
	@sh tools/deps.sh $(CLANG_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/tsan CC=clang \
	    CFLAGS='-O1 -g -fsanitize=thread' all $(TSAN_TESTS:%=$(BUILD)/tsan/tests/%)
	@for t in $(TSAN_TESTS); do \
	    TSAN_OPTIONS=halt_on_error=1 LV_SHARED=$(SHARED) $(BUILD)/tsan/tests/$$t >$(BUILD)/tsan/$$t.log 2>&1 \
	      || { tail -40 $(BUILD)/tsan/$$t.log; echo "check-tsan: $$t FAILED"; exit 1; }; \
	    echo "check-tsan: $$t: $$(grep -c '^\[       OK \]' $(BUILD)/tsan/$$t.log) passed"; \
	done
	@TSAN_OPTIONS=halt_on_error=1 LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD)/tsan suites

# Line coverage of src/ by every test (gcc --coverage, build/cov/).
coverage:
	@rm -rf $(BUILD)/cov
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/cov CFLAGS='-O0 -g --coverage' all unit-bins
	@LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD)/cov | tail -1
	@sh tools/coverage.sh $(BUILD)/cov

# The end-to-end suites, every run of the binary under valgrind.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite
check-valgrind:
	@sh tools/deps.sh valgrind
	@$(MAKE) --no-print-directory all
	@LV_WRAP='$(VALGRIND)' LV_SHARED=$(SHARED) sh tests/run-all.sh $(BUILD) suites

FUZZ_SECONDS ?= 10
FUZZ_CC      ?= clang
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
# The template engine's render limits are lowered for fuzzing (a real
# report takes well under both): an input that multiplies partials then
# stops in milliseconds instead of seconds, and the fuzzer keeps its pace.
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer -DLV_FUZZ_ROOT='"$(CURDIR)"' \
                -DLV_MUSTACHE_MAX_STEPS=2000000UL -DLV_MUSTACHE_MAX_OUTPUT='((size_t)4<<20)'

# The library once more, instrumented for libFuzzer (no main).
$(BUILD)/fuzz/lib.a: $(LIB_SRC) $(BUILD)/gen/embedded_data.c $(wildcard include/lv/*.h) $(PRIV_H)
	@mkdir -p $(BUILD)/fuzz/obj
	@echo '  CC  fuzz library'
	$(Q)for f in $(LIB_SRC) $(BUILD)/gen/embedded_data.c; do \
	    $(FUZZ_CC) $(LV_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	        -c $$f -o $(BUILD)/fuzz/obj/$$(basename $$f .c).o || exit 1; \
	done
	$(Q)rm -f $@ && ar rcs $@ $(BUILD)/fuzz/obj/*.o

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(BUILD)/fuzz/lib.a
	@echo '  LD  $@'
	$(Q)$(FUZZ_CC) $(LV_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -Ifuzz $< \
	    $(BUILD)/fuzz/lib.a $(LV_LIBS) -o $@

fuzz-build:
	@sh tools/deps.sh $(CLANG_DEPS)
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

# Each target for FUZZ_SECONDS on its seeds and regressions; new inputs go
# to $(BUILD)/fuzz/corpus/T (the seeds in fuzz/ are never written), crashes
# to $(BUILD)/fuzz/crashes/T/. Fails on the first crash, leak or timeout.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/crashes/$$t; \
	    r=; [ -d fuzz/regressions/$$t ] && r=fuzz/regressions/$$t; \
	    d=; case $$t in kql|diag_proc|diag_stats|app_config|criteria|profile|rules) d=-dict=fuzz/json.dict;; \
	        responses) d=-dict=fuzz/csv.dict;; template) d=-dict=fuzz/mustache.dict;; esac; \
	    echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	    $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
	        -rss_limit_mb=2048 -max_len=65536 $$d -print_final_stats=1 \
	        -artifact_prefix=$(BUILD)/fuzz/crashes/$$t/ \
	        $(BUILD)/fuzz/corpus/$$t fuzz/corpus/$$t $$r \
	        >$(BUILD)/fuzz/$$t.log 2>&1 \
	      || { tail -40 $(BUILD)/fuzz/$$t.log; echo "fuzz $$t: FAILED"; exit 1; }; \
	    grep -E '^#[0-9]+[[:space:]]+DONE' $(BUILD)/fuzz/$$t.log | tail -1 | sed "s/^/  /"; \
	done

clean:
	rm -rf $(BUILD)

# ---- make bench: see docs/performance.md. Builds an -O2 and an -O0 copy
# (under $(BUILD)/O2 and $(BUILD)/O0) and the bare yajl parse, writes the
# large runs into $(BUILD)/bench/ (cached), then runs bench/bench.py.
BENCH_RUNS  ?= 5
BENCH_ROWS  ?= 500000
BENCH_SCALE ?= 50000,250000,500000
BENCH_GLUED ?= 25000,50000,100000,200000
.PHONY: bench
bench:
	@sh tools/deps.sh time
	@if [ ! -d '$(SHARED)/bench' ]; then \
	    echo 'bench: $(SHARED)/bench is absent: the benchmark needs the shared folder (make-large-run.py, reference.py); pass SHARED=/path/to/shared' >&2; \
	    exit 2; fi
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/O2 CFLAGS='-O2 -g' $(BUILD)/O2/labverdict
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/O0 CFLAGS='-O0 -g' $(BUILD)/O0/labverdict
	@$(MAKE) --no-print-directory $(BUILD)/bench/bare_yajl
	@python3 bench/bench.py --shared '$(SHARED)' --build '$(BUILD)' \
	    --lv $(BUILD)/O2/labverdict --lv-o0 $(BUILD)/O0/labverdict \
	    --bare $(BUILD)/bench/bare_yajl --runs $(BENCH_RUNS) \
	    --rows '$(BENCH_ROWS)' --scale '$(BENCH_SCALE)' --glued '$(BENCH_GLUED)'

$(BUILD)/bench/bare_yajl: bench/bare_yajl.c
	@mkdir -p $(BUILD)/bench
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 $(shell pkg-config --cflags yajl 2>/dev/null) \
	    $< $(shell pkg-config --libs yajl 2>/dev/null) -o $@
