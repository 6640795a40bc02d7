# labverdict — GNU make build.
#
#   make            build build/labverdict
#   make report     the experiment log of the bundled example run
#   make test       every test (unit, data-driven suites, acceptance)
#   make deps       install missing Debian packages (test and report do it)
#   make bench      the 500,000-row benchmark against $(SHARED)/bench (docs/performance.md)
#
# Everything built goes under $(BUILD)/; nothing is written elsewhere.

BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
Q       ?= @
PKGS    := jansson yajl libcmark-gfm
LV_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
            -Wshadow -Wstrict-prototypes -Iinclude \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LV_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
            -lcmark-gfm-extensions -lcsv -lm
SHARED  ?= $(abspath ../shared)
EXAMPLE ?= fixtures/runs/example

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded_data.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED    := $(sort $(wildcard templates/*.mustache) $(wildcard profiles/*/*.json))

.PHONY: all deps report test unit suites acceptance clean
all: $(BUILD)/labverdict

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard include/lv/*.h src/*.h) | $(BUILD)/obj
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

$(BUILD)/labverdict: src/main.c $(BUILD)/liblabverdict.a
	@echo '  LD  $@'
	$(Q)$(CC) $(LV_CFLAGS) $(CFLAGS) $< $(BUILD)/liblabverdict.a $(LV_LIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/lvtest.h $(BUILD)/liblabverdict.a | $(BUILD)/tests
	@echo '  LD  $@'
	$(Q)$(CC) $(LV_CFLAGS) -Wno-unused-parameter $(CFLAGS) -Itests/unit $< \
	    $(BUILD)/liblabverdict.a $(LV_LIBS) -lcmocka -o $@

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
