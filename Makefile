# labverdict — GNU make build.
#
#   make            build build/labverdict
#   make report     the experiment log of the bundled example run
#   make test       every test (unit, data-driven suites, acceptance)
#   make deps       install missing Debian packages (test and report do it)
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
