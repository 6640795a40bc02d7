#!/usr/bin/env python3
"""Write the synthetic fixture run folders under fixtures/runs/.

Every run is a small, hand-designed artifact folder of the memory-pressure lab
in the exact file shapes of the real run (baseline/ and trigger/, KQL exports
in the Log Analytics REST shape or the flat `az ... --output json` shape, the
leak CSV one record a line, the heavy CSV as ONE line of glued records in
completion order), with our own numbers. fixtures/runs/README.md, which says
what each run is for, the verdict a correct tool gives and the designed
numbers, is written from the same data, so it cannot drift from the files.

Deterministic: fixed seeds, no clock, no environment; running it twice gives
identical bytes. It first removes the folders it owns (the runs listed in
RUNS and README.md) and leaves anything else under the output folder alone.

Usage: tools/make-fixtures.py [OUT_DIR]     (default: fixtures/runs)
Standard library only.
"""
import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "runs"))

# Time is kept as integer ticks of 100 ns (Log Analytics' precision) since
# the Unix epoch, so 6- and 7-digit fractions are exact.
TPS = 10_000_000          # ticks per second
MS = 10_000               # ticks per millisecond
US = 10                   # ticks per microsecond
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DOMAIN = "<azurewebsites-domain-redacted>"
LOCATION = "Korea Central"    # every run's region
GUNICORN = "gunicorn --bind=0.0.0.0 --timeout=120 --workers=4 app:app"

RUNS = ["example", "falsified", "missing-evidence", "counter-reset",
        "failure-stage", "flat-kql", "earlier-run", "hostile"]


# ---------------------------------------------------------------- time text

def at(text):
    """'2026-05-12T08:35:37.333307' (UTC) to ticks."""
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    dt = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
    return ((dt - EPOCH) // timedelta(microseconds=1)) * US


def _base(t):
    sec, frac = divmod(t, TPS)
    return (EPOCH + timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%S"), frac


def la_time(t, digits=6):
    """Log Analytics TimeGenerated: 6 or 7 fraction digits, trailing zeros
    trimmed (as Log Analytics prints them), 'Z'."""
    base, frac = _base(t)
    f = "%06d" % (frac // US) if digits == 6 else "%07d" % frac
    f = f.rstrip("0")
    return base + ("." + f if f else "") + "Z"


def py_time(t):
    """Python isoformat of an aware datetime: 6 digits, '+00:00'."""
    base, frac = _base(t)
    return "%s.%06d+00:00" % (base, frac // US)


def stamp(t):
    return (EPOCH + timedelta(seconds=t // TPS)).strftime("%Y%m%dT%H%M%SZ")


def gtime(t):
    """Gunicorn's log time: '[2026-05-11 15:47:31 +0000]'."""
    return (EPOCH + timedelta(seconds=t // TPS)).strftime("[%Y-%m-%d %H:%M:%S +0000]")


def sec(x):
    return int(round(x * TPS))


# ------------------------------------------------------------------ numbers

def p95(values):
    """Nearest rank: the value at rank ceil(0.95 n) (1-based) of the sorted
    values; returns (value, rank, n)."""
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None, 0, 0
    rank = (95 * n + 99) // 100      # ceil(0.95 n) in integers
    return v[rank - 1], rank, n


def kb(n):
    return "%d kB" % n


def commas(n):
    return "{:,}".format(n)


def pct(new, old):
    return "%+.1f%%" % (100.0 * (new - old) / old)


# ------------------------------------------------------------- file shapes

def dump_compact(obj):
    """Flask's jsonify as the lab app returns it: sorted keys, no spaces."""
    return (json.dumps(obj, sort_keys=True, separators=(",", ":")) + "\n").encode()


def dump_az(obj, crlf=False):
    """Azure CLI JSON: indent 2, sorted keys, ASCII escapes."""
    text = json.dumps(obj, indent=2, sort_keys=True) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode()


HTTP_COLUMNS = [("TimeGenerated", "datetime"), ("CsUriStem", "string"),
                ("ScStatus", "int"), ("TimeTaken", "int"), ("CsHost", "string")]
CONSOLE_COLUMNS = [("TimeGenerated", "datetime"), ("ResultDescription", "string")]
PLATFORM_COLUMNS = [("TimeGenerated", "datetime"), ("Level", "string"),
                    ("Message", "string")]


def kql_doc(columns, rows, shape):
    """rows: lists in column order, newest first."""
    if shape == "tables":
        return dump_az({"tables": [{
            "name": "PrimaryResult",
            "columns": [{"name": n, "type": t} for n, t in columns],
            "rows": rows}]})
    # `az monitor log-analytics query --output json`: a flat array of
    # objects, every value a string, keys sorted (not in column order).
    flat = []
    for r in rows:
        o = {"TableName": "PrimaryResult"}
        for (n, _), v in zip(columns, r):
            o[n] = v if isinstance(v, str) else str(v)
        flat.append(o)
    return dump_az(flat)


def proc_doc(p):
    return dump_compact({
        "loadavg": p["loadavg"],
        "meminfo": {k: kb(p[k]) for k in
                    ("Cached", "MemAvailable", "MemFree", "MemTotal",
                     "SwapCached", "SwapFree", "SwapTotal")},
        "pressure_memory": {"some": "some " + p["some"], "full": "full " + p["full"]},
        "vmstat": {k: str(p[k]) for k in VMSTAT},
    })


VMSTAT = ("allocstall_movable", "allocstall_normal", "pgscan_direct",
          "pgscan_kswapd", "pgsteal_kswapd", "pswpin", "pswpout")

# Every run's host has this memory and swap; every /diag/proc snapshot of
# the runs below starts from it.
HOST_MEM = dict(MemTotal=2030212, SwapTotal=4194300)


def stats(base_pid, pid, leak, heavy=None, post_pid=None):
    """The /diag/stats counters of a run's three snapshots. Baseline: worker
    base_pid (two /diag/stats and one / so far). Mid-leak: worker pid after
    `leak` /leak requests (one leak block each). Post-heavy: the same worker
    after `heavy` /heavy requests too or, given post_pid, a new process
    whose counters started again (leak_block_count 0)."""
    st = {"base_pid": base_pid, "pid": pid,
          "base": {"diag_stats": 2, "index": 1},
          "mid": {"diag_proc": 1, "diag_stats": 1, "leak": leak},
          "mid_blocks": leak}
    if post_pid is None:
        st["post"] = {"diag_proc": 1, "diag_stats": 2, "heavy": heavy,
                      "leak": leak}
        st["post_blocks"] = leak
    else:
        st["post_pid"] = post_pid
        st["post"] = {"<unknown>": 1, "diag_proc": 1, "diag_stats": 1}
        st["post_blocks"] = 0
    return st


def site_config(name, location):
    """The subset of `az webapp config show` the lab keeps (our values)."""
    return {
        "alwaysOn": False,
        "appCommandLine": GUNICORN,
        "autoHealEnabled": False,
        "autoHealRules": None,
        "defaultDocuments": ["index.html", "hostingstart.html"],
        "detailedErrorLoggingEnabled": False,
        "ftpsState": "Disabled",
        "healthCheckPath": None,
        "http20Enabled": False,
        "httpLoggingEnabled": False,
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
              "rg-lab-memory-fx/providers/Microsoft.Web/sites/%s/config/web" % name,
        "linuxFxVersion": "PYTHON|3.11",
        "loadBalancing": "LeastRequests",
        "location": location,
        "logsDirectorySizeLimit": 35,
        "minTlsVersion": "1.2",
        "name": name,
        "numberOfWorkers": 1,
        "preWarmedInstanceCount": 0,
        "publishingUsername": "REDACTED",
        "remoteDebuggingEnabled": False,
        "resourceGroup": "rg-lab-memory-fx",
        "scmType": "None",
        "type": "Microsoft.Web/sites/config",
        "use32BitWorkerProcess": True,
        "virtualApplications": [{"physicalPath": "site\\wwwroot",
                                 "preloadEnabled": False,
                                 "virtualDirectories": None,
                                 "virtualPath": "/"}],
        "vnetRouteAllEnabled": False,
        "webSocketsEnabled": False,
    }


# --------------------------------------------------------------- a lab run

class Run:
    """One run folder being built: a time line of HTTP, console and
    platform rows plus the snapshot documents and the trigger CSVs."""

    def __init__(self, name, seed, site):
        self.name = name
        self.rnd = random.Random(seed)
        self.site = site
        self.host = "%s.%s" % (site, DOMAIN)
        self.http = []       # [ticks, uri, status, taken_ms, tag]
        self.console = []    # [ticks, text, tag]
        self.platform = []   # [ticks, level, message, tag]
        self.files = {}      # relative path -> bytes
        self.meta = {}

    def r(self, lo, hi):
        return self.rnd.randint(lo, hi)

    def req(self, t, uri, status, taken, tag):
        self.http.append([t, uri, status, taken, tag])

    def sub_us(self):
        """A sub-microsecond tick, for 7-digit platform/console times."""
        return self.r(0, 9)

    # -- phases ---------------------------------------------------------

    def leak_phase(self, t0, taken_ms, status, tag):
        """Sequential /leak requests (curl one after another). Returns the
        end time and the CSV records (index, status, client seconds in us)."""
        t = t0
        recs = []
        for i, ms in enumerate(taken_ms, 1):
            st = status.get(i, 200)
            over = self.r(45_000, 120_000)                 # client-side us
            d = ms * 1000 + over
            end = t + d * US
            self.req(end - self.r(15_000, 40_000) * US, "/leak", st, ms, tag)
            recs.append((i, st, d))
            t = end + self.r(12_000, 38_000) * US
        return t, recs

    def heavy_phase(self, t0, taken_ms, status, tag, conc=10, cut_after=None):
        """Concurrent /heavy requests, at most `conc` at a time, launched in
        index order. cut_after=k: the container dies just after the k-th
        completion; requests still running get a 502 then.
        Returns (end, records in completion order, cut time or None)."""
        slots = [t0] * conc
        recs = []
        for j, ms in enumerate(taken_ms, 1):
            k = min(range(conc), key=lambda s: (slots[s], s))
            start = max(slots[k], t0 + (j - 1) * 3_000 * US)
            over = self.r(60_000, 160_000)
            d = ms * 1000 + over
            end = start + d * US
            slots[k] = end + self.r(5_000, 15_000) * US
            recs.append([j, status.get(j, 200), ms, start, end, over])
        recs.sort(key=lambda x: (x[4], x[0]))
        cut = None
        if cut_after is not None:
            cut = recs[cut_after - 1][4] + sec(0.15)
            for x in recs[cut_after:]:
                assert x[3] < cut, "a request would start after the cut"
                x[1] = 502
                x[4] = cut + self.r(40_000, 300_000) * US
                x[2] = (cut - x[3]) // MS
            recs.sort(key=lambda x: (x[4], x[0]))
        out = []
        for j, st, ms, start, end, over in recs:
            self.req(end - self.r(15_000, 50_000) * US, "/heavy", st, ms, tag)
            out.append((j, st, (end - start) // US))
        return max(x[4] for x in recs), out, cut

    def diag(self, t, uri, taken, tag):
        self.req(t, uri, 200, taken, tag)

    def snapshot_time(self, start, target):
        """An uptime in whole ms (last digit not 0, so it prints with 3
        decimals) and the snapshot time start + uptime near `target`."""
        up = (target - start) // MS
        if up % 10 == 0:
            up += 1
        return up, start + up * MS

    def stats_doc(self, pid, start, up_ms, counters, leak_blocks):
        return dump_compact({
            "endpoint_counters": counters,
            "leak_block_count": leak_blocks,
            "pid": pid,
            "process_start_time": py_time(start),
            "request_count": sum(counters.values()),
            "uptime_seconds": up_ms / 1000.0,
        })

    # -- platform lifecycle -------------------------------------------------

    def site_start(self, t, tag, image="appsvc/python:3.11_20260415.3.tuxprod"):
        """The platform rows of a container start that begins at t (image
        pull) and ends ~9 s later (site started); returns t. Gunicorn's
        workers boot between "Container is running" (+0.94 s) and the
        startup probe's success (+8.69 s)."""
        cid = "%012x" % self.rnd.getrandbits(48)
        steps = [
            (0.000, "Pulling image: %s." % image),
            (0.381, "Image %s is pulled from the local registry." % image),
            (0.384, "Container is starting."),
            (0.402, "Mounting volumes."),
            (0.497, "Creating container."),
            (0.912, "Starting container: %s_%s." % (cid, self.site)),
            (0.941, "Container is running."),
            (0.947, "State: Starting, Action: WaitingForSiteWarmUpProbeSuccess, "
                    "Details: Pinging warmup path to check that the container "
                    "is ready., DetailsLevel: INFO"),
            (8.689, "Site startup probe succeeded after 7.7421906 seconds."),
            (8.801, "Site started."),
            (8.812, "Site is running with patch version PYTHON 3.11.12"),
        ]
        for off, msg in steps:
            self.platform.append([t + sec(off) + self.r(0, 999) * US + self.sub_us(),
                                  "Informational", msg, tag])
        return t

    def worker_timeout(self, k, master, pid, new, before, after, tag):
        """Gunicorn's master `master` kills the stuck worker `pid` at its
        timeout and boots `new`: the three console lines, `before` seconds
        before k, at k and `after` seconds after."""
        for off, text in (
                (-sec(before), "[%d] [CRITICAL] WORKER TIMEOUT (pid:%d)" % (master, pid)),
                (0, "[%d] [ERROR] Worker (pid:%d) was sent SIGKILL! "
                    "Perhaps out of memory?" % (master, pid)),
                (sec(after), "[%d] [INFO] Booting worker with pid: %d" % (new, new))):
            self.console.append([k + off + self.sub_us(), "%s %s" % (gtime(k), text), tag])

    def container_exit(self, t, cid, tag):
        """The platform's Warning row at t: container `cid` was killed
        (exit 137) and is restarted."""
        self.platform.append([t, "Warning",
                              "Container %s_0_%s for site %s exited "
                              "unexpectedly (exit code 137, out of memory); "
                              "restarting the container." % (self.site, cid, self.site),
                              tag])

    # -- output -------------------------------------------------------------

    def write(self, rel, data):
        self.files[rel] = data

    def http_rows(self, until=None):
        rows = sorted((x for x in self.http if until is None or x[0] <= until),
                      key=lambda x: x[0], reverse=True)
        return [[la_time(x[0]), x[1], x[2], x[3], self.host] for x in rows]

    def console_rows(self):
        rows = sorted(self.console, key=lambda x: x[0], reverse=True)
        return [[la_time(x[0], 7), x[1]] for x in rows]

    def platform_rows(self):
        rows = sorted(self.platform, key=lambda x: x[0], reverse=True)
        return [[la_time(x[0], 7), x[1], x[2]] for x in rows]


# ------------------------------------------------------- the lab time line

def lab_run(run, c):
    """Build a whole run from the configuration c (see the run functions
    below). Fills run.files and run.meta."""
    rnd = run.r
    day = c["date"]
    # Current-day container start and Gunicorn workers.
    site_up = run.site_start(at(day + "T" + c["site_start"]), "pre")
    base_start = site_up + sec(c["base_worker_offset"]) + rnd(1, 999) * US
    worker_start = site_up + sec(c["worker_offset"]) + rnd(1, 999) * US
    # Smoke checks after deploy, then the baseline capture.
    B_target = at(day + "T" + c["baseline_at"])
    t = site_up + sec(117) + rnd(0, 999_999) * US
    run.diag(t, "/diag/stats", rnd(20, 35), "pre")
    run.diag(t + sec(2.9), "/diag/proc", rnd(8, 14), "pre")
    run.diag(B_target - sec(21 * 60 + 7.3) + rnd(1, 99_999) * US, "/diag/stats",
             rnd(15, 25), "pre")
    t = B_target - sec(51.6) + rnd(1, 99_999) * US
    run.diag(t, "/", rnd(25, 40), "pre")
    run.diag(t + sec(0.8) + rnd(1, 99_999) * US, "/diag/stats", rnd(9, 15), "pre")
    b_up, B = run.snapshot_time(base_start, B_target)
    run.diag(B + rnd(3_000, 6_000) * US, "/diag/stats", rnd(3, 6), "baseline")
    run.diag(B + sec(0.918), "/diag/env", rnd(2, 4), "baseline")
    run.diag(B + sec(1.771), "/diag/proc", rnd(6, 9), "baseline")
    run.diag(B + sec(2.517), "/health", rnd(5, 8), "baseline")

    # The trigger: STAMP, 100 ms later the first /leak.
    S = (B + sec(c["trigger_after"])) // TPS * TPS
    leak_end, leak_recs = run.leak_phase(S + sec(0.412), c["leak_ms"],
                                         c.get("leak_status", {}), "leak")
    # Mid-leak capture (right after the leak loop, as the script does).
    mid_proc_t = leak_end + sec(0.77)
    run.diag(mid_proc_t, "/diag/proc", rnd(60, 220), "mid")
    m_up, M = run.snapshot_time(worker_start, mid_proc_t + sec(0.71))
    run.diag(M + rnd(3_000, 6_000) * US, "/diag/stats", rnd(8, 30), "mid")
    heavy_t0 = M + sec(1.34)
    heavy_end, heavy_recs, cut = run.heavy_phase(
        heavy_t0, c["heavy_ms"], c.get("heavy_status", {}), "heavy",
        cut_after=c.get("heavy_cut_after"))
    # Post-heavy capture.
    post_start = worker_start
    post_proc_t = heavy_end + sec(c.get("post_delay", 0.91))
    if "post_process" in c:       # a new process answers the post capture
        post_start = c["post_process"](run, heavy_end, cut)
    run.diag(post_proc_t, "/diag/proc", rnd(40, 200), "post")
    p_up, P = run.snapshot_time(post_start, post_proc_t + sec(0.74))
    run.diag(P + rnd(3_000, 6_000) * US, "/diag/stats", rnd(8, 30), "post")

    for e in c.get("earlier", []):
        earlier_session(run, e)
    for x in c.get("extra", []):
        x(run, {"B": B, "S": S, "M": M, "P": P, "leak_t0": S + sec(0.412),
                "leak_end": leak_end, "heavy_t0": heavy_t0,
                "heavy_end": heavy_end, "cut": cut})

    # ------------------------------------------------------- documents
    ST = stamp(S)
    name = run.site
    run.write("baseline/app-config.json",
              dump_az(site_config(name, LOCATION), crlf=True))
    run.write("baseline/app-state.json", dump_az({
        "hostNames": [run.host], "sku": site_config(name, LOCATION),
        "state": "Running"}, crlf=True))
    run.write("baseline/diag-env.json", dump_compact({
        "PORT": "8000", "SCM_DO_BUILD_DURING_DEPLOYMENT": "<unset>",
        "WEBSITES_PORT": "<unset>", "WEBSITE_HOSTNAME": run.host,
        "WEBSITE_INSTANCE_ID": "%064x" % run.rnd.getrandbits(256),
        "WEBSITE_SLOT_NAME": "<unset>"}))
    run.write("baseline/health.json", dump_compact({"status": "healthy"}))
    procs = c["proc"]
    run.write("baseline/diag-proc.json", proc_doc(procs["baseline"]))
    run.write("trigger/diag-proc-midleak-%s.json" % ST, proc_doc(procs["mid"]))
    run.write("trigger/diag-proc-postheavy-%s.json" % ST, proc_doc(procs["post"]))
    st = c["stats"]
    run.write("baseline/diag-stats.json",
              run.stats_doc(st["base_pid"], base_start, b_up, st["base"], 0))
    run.write("trigger/diag-stats-midleak-%s.json" % ST,
              run.stats_doc(st["pid"], worker_start, m_up, st["mid"], st["mid_blocks"]))
    post_pid = st.get("post_pid", st["pid"])
    run.write("trigger/diag-stats-postheavy-%s.json" % ST,
              run.stats_doc(post_pid, post_start, p_up, st["post"], st["post_blocks"]))
    run.write("trigger/leak-responses-%s.csv" % ST, "".join(
        "%d,%d,%.6f\n" % (i, s, d / 1e6) for i, s, d in leak_recs).encode())
    run.write("trigger/heavy-responses-%s.csv" % ST, ("".join(
        "%d,%d,%.6f" % (i, s, d / 1e6) for i, s, d in heavy_recs) + "\n").encode())

    # KQL exports: a failed (zero-byte) attempt, optionally an older
    # superseded export (rows ingested by then), then the good one.
    shape = c.get("shape", "tables")
    failed = P + sec(c.get("failed_after", 71.4))
    good = P + sec(c.get("good_after", 16 * 60 + 37.2))
    exports = {"failed": stamp(failed), "good": stamp(good)}
    for kind in c.get("failed_kinds", ("http", "console", "platform")):
        run.write("trigger/kql-%s-%s.json" % (kind, exports["failed"]), b"")
    if c.get("superseded"):
        sup = P + sec(c["superseded"])
        exports["superseded"] = stamp(sup)
        until = M + sec(1.0)      # later rows were not ingested yet
        exports["superseded_until"] = until
        run.write("trigger/kql-http-%s.json" % exports["superseded"],
                  kql_doc(HTTP_COLUMNS, run.http_rows(until), shape))
    run.write("trigger/kql-http-%s.json" % exports["good"],
              kql_doc(HTTP_COLUMNS, run.http_rows(), shape))
    run.write("trigger/kql-console-%s.json" % exports["good"],
              kql_doc(CONSOLE_COLUMNS, run.console_rows(), shape))
    run.write("trigger/kql-platform-%s.json" % exports["good"],
              kql_doc(PLATFORM_COLUMNS, run.platform_rows(), shape))

    run.meta.update({
        "B": B, "S": S, "M": M, "P": P, "stamp": ST, "exports": exports,
        "leak_recs": leak_recs, "heavy_recs": heavy_recs, "procs": procs,
        "stats": st, "base_start": base_start, "worker_start": worker_start,
        "post_start": post_start, "cut": cut, "site_up": site_up,
    })


def earlier_session(run, e):
    """An earlier trigger run whose rows the KQL HTTP export also holds."""
    t0 = at(e["at"])
    run.diag(t0 - sec(14.8), "/health", run.r(20, 45), "earlier")
    leak_end, _ = run.leak_phase(t0, e["leak_ms"], e.get("leak_status", {}), "earlier")
    end, recs, _ = run.heavy_phase(leak_end + sec(2.6), e["heavy_ms"],
                                   e.get("heavy_status", {}), "earlier")
    for j, st, d in recs:
        if st == 502 and e.get("kill_pid"):
            # Gunicorn's master kills the stuck worker at its timeout.
            done = end  # the 502 is the last to finish in these sessions
            master, pid, new = e["kill_pid"]
            run.worker_timeout(done - sec(0.31), master, pid, new, 0.52, 0.27, "earlier")
            e["kill_pid"] = None
    return end


# ------------------------------------------------------------ latencies

def series(run, n, ranges, designed):
    """n TimeTaken values in ms: ranges is [(first_index, lo, hi), ...]
    (each applies from first_index on), designed overrides by index."""
    out = []
    for i in range(1, n + 1):
        lo, hi = [(a, b) for f, a, b in ranges if f <= i][-1]
        out.append(designed.get(i, run.r(lo, hi)))
    return out


# ------------------------------------------------------------ the runs

EXAMPLE_PROC = {
    "baseline": dict(HOST_MEM, MemFree=141732, MemAvailable=612408, Cached=498116,
                     SwapCached=18220, SwapFree=3902116, allocstall_movable=731,
                     allocstall_normal=954, pgscan_direct=187602, pgscan_kswapd=5210344,
                     pgsteal_kswapd=2471190, pswpin=140388, pswpout=196514,
                     some="avg10=0.03 avg60=0.41 avg300=0.52 total=98231775",
                     full="avg10=0.00 avg60=0.33 avg300=0.44 total=84410562",
                     loadavg="0.08 0.17 0.29 2/748 2120"),
    "mid": dict(HOST_MEM, MemFree=38904, MemAvailable=71236, Cached=151220,
                SwapCached=84412, SwapFree=2618540, allocstall_movable=1988,
                allocstall_normal=1046, pgscan_direct=478215, pgscan_kswapd=6733912,
                pgsteal_kswapd=3049877, pswpin=219846, pswpout=553107,
                some="avg10=68.40 avg60=35.12 avg300=10.07 total=131907420",
                full="avg10=57.93 avg60=30.88 avg300=8.71 total=112380544",
                loadavg="4.92 1.37 0.69 3/755 2126"),
    "post": dict(HOST_MEM, MemFree=40116, MemAvailable=89652, Cached=176380,
                 SwapCached=112908, SwapFree=2511724, allocstall_movable=2230,
                 allocstall_normal=1069, pgscan_direct=539904, pgscan_kswapd=6841250,
                 pgsteal_kswapd=3098311, pswpin=243577, pswpout=590268,
                 some="avg10=55.21 avg60=39.06 avg300=12.34 total=138012663",
                 full="avg10=44.85 avg60=33.47 avg300=10.52 total=117655901",
                 loadavg="6.08 1.77 0.84 1/760 2126"),
}


def example_config(run):
    """The bundled example (also the base of flat-kql, missing-evidence and
    hostile): supported, pre-failure."""
    leak = series(run, 60, [(1, 640, 860), (41, 720, 1290)],
                  {47: 1712, 52: 2388, 55: 2935, 58: 2610})
    heavy = series(run, 30, [(1, 690, 2150)],
                   {1: 5190, 2: 4460, 9: 3710, 11: 3120, 20: 2840})
    e_leak = series(run, 20, [(1, 610, 1580)], {})
    e_heavy = [2980, 4120, 5360, 6780, 8120, 9310, 12480, 14210]
    run.rnd.shuffle(e_heavy)
    e_heavy.append(121840)          # the last one: killed at the 120 s timeout

    def platform_day_before(run_, tl):
        t = at("2026-05-11T15:21:02.114")
        run_.site_start(t, "earlier")
        run_.platform.append([at("2026-05-11T15:29:47.052817") + 3, "Warning",
                              "Container mount check returned an unexpected "
                              "error; retrying.", "earlier"])

    return {
        "date": "2026-05-12",
        "site_start": "08:09:58.402", "base_worker_offset": 6.107,
        "worker_offset": 6.056, "baseline_at": "08:35:37.3",
        "trigger_after": 83.0, "leak_ms": leak, "heavy_ms": heavy,
        "proc": EXAMPLE_PROC,
        "stats": stats(2113, 2110, leak=17, heavy=8),
        "earlier": [{"at": "2026-05-11T15:42:10.271", "leak_ms": e_leak,
                     "heavy_ms": e_heavy, "heavy_status": {9: 502},
                     "kill_pid": (1861, 1866, 1933)}],
        "extra": [platform_day_before],
        "superseded": 139.6,
    }


def build_example(name, variant):
    run = Run(name, 20260512, "app-labmem-ex7k2q")
    c = example_config(run)
    if variant == "flat":
        c["shape"] = "flat"
    if variant == "hostile":
        c["extra"] = c["extra"] + [hostile_rows]
    lab_run(run, c)
    ST = run.meta["stamp"]
    ex = run.meta["exports"]
    if variant == "missing":
        del run.files["trigger/diag-proc-midleak-%s.json" % ST]
        del run.files["trigger/diag-proc-postheavy-%s.json" % ST]
        run.meta["proc_absent"] = True
        for k in [k for k in run.files if k.startswith("trigger/kql-console-")]:
            del run.files[k]
        run.write("trigger/kql-console-%s.json" % ex["good"], b"")
    return run


HOSTILE_URIS = [
    "/search|q=1|x",
    "/line\nbreak",
    "/carriage\rreturn",
    "/`rm -rf /`",
    "/*stars* and **bold**",
    "/<script>alert(1)</script>",
    "/<img src=x onerror=alert(1)>",
    "/[link](http://x)",
    "/| a | b |\n|---|---|\n| c | d |",
    "/{{title}}{{{raw}}}{{#list}}x{{/list}}",
    "/&amp;&lt;b&gt;\\back\\slash\"quote\"",
]


def hostile_rows(run, tl):
    """Scanner requests with hostile paths (404s) inside the run window, two
    more before it, and console/platform rows with the same text plus
    control characters. None of them is a failure signature."""
    rnd = random.Random(7071)        # separate: the shared rows stay identical
    for k, uri in enumerate(HOSTILE_URIS):
        t = tl["leak_t0"] + sec(4.7 + 5.3 * k) + rnd.randint(0, 99_999) * US
        run.req(t, uri, 404, rnd.randint(2, 9), "hostile")
    run.req(tl["B"] - sec(7 * 60 + 12.4), HOSTILE_URIS[5], 404, 3, "hostile-pre")
    run.req(tl["B"] - sec(7 * 60 + 11.9), HOSTILE_URIS[8], 404, 4, "hostile-pre")
    msgs = [
        "\u001b[31m[WARNING]\u001b[0m probe GET /<script>alert(1)</script> | a | b |\r\n|---|---|",
        "[INFO] odd header `X-Debug: *on*` [link](http://x) <img src=x onerror=alert(1)>\u0001\u0007",
        "[INFO] {{#items}}{{{html}}}{{/items}} \\ \"quoted\" \ttab\u001b[2J",
    ]
    for k, m in enumerate(msgs):
        run.console.append([tl["leak_t0"] + sec(20.5 + 9 * k) + rnd.randint(0, 9_999_999),
                            m, "hostile"])
    pmsgs = [
        "Site config note: <script>alert(1)</script> | a | b | \u001b]0;title\u0007",
        "Deployment label `v1*`\r\n[link](http://x) \u0001\u001b[2J **bold**",
    ]
    for k, m in enumerate(pmsgs):
        run.platform.append([tl["leak_t0"] + sec(31.2 + 11 * k) + rnd.randint(0, 9_999_999),
                             "Informational", m, "hostile"])


def falsified_config(run):
    leak = series(run, 60, [(1, 180, 265)], {})
    heavy = series(run, 30, [(1, 610, 880)], {})
    base = dict(HOST_MEM, MemFree=150212, MemAvailable=604516, Cached=479880,
                SwapCached=12044, SwapFree=3915628, allocstall_movable=640,
                allocstall_normal=812, pgscan_direct=160944, pgscan_kswapd=4873211,
                pgsteal_kswapd=2301877, pswpin=121503, pswpout=170212,
                some="avg10=0.00 avg60=0.05 avg300=0.12 total=77214530",
                full="avg10=0.00 avg60=0.03 avg300=0.09 total=66930118",
                loadavg="0.12 0.15 0.22 2/741 1980")
    mid = dict(base, MemFree=139876, MemAvailable=588964, Cached=476112,
               some="avg10=0.11 avg60=0.09 avg300=0.11 total=77240118",
               full="avg10=0.05 avg60=0.04 avg300=0.08 total=66951032",
               loadavg="1.08 0.42 0.28 2/744 1985")
    post = dict(base, MemFree=142004, MemAvailable=593208, Cached=477260,
                SwapCached=12048, SwapFree=3915624, pgscan_kswapd=4873218,
                pgsteal_kswapd=2301880, pswpin=121504, pswpout=170213,
                some="avg10=0.07 avg60=0.10 avg300=0.11 total=77251902",
                full="avg10=0.03 avg60=0.05 avg300=0.08 total=66960487",
                loadavg="1.93 0.71 0.37 1/746 1985")
    return {
        "date": "2026-05-14",
        "site_start": "10:02:11.730", "base_worker_offset": 6.213,
        "worker_offset": 6.171, "baseline_at": "10:24:50.6",
        "trigger_after": 71.0, "leak_ms": leak, "heavy_ms": heavy,
        "proc": {"baseline": base, "mid": mid, "post": post},
        "stats": stats(1976, 1973, leak=16, heavy=7),
        "failed_kinds": ("http",),
    }


def counter_reset_config(run):
    leak = series(run, 60, [(1, 650, 880), (41, 730, 1300)],
                  {45: 1804, 50: 2467, 56: 3012, 59: 2245})
    heavy = series(run, 30, [(1, 700, 2200)], {1: 4975, 3: 4310, 8: 3580, 14: 2960})
    base = dict(HOST_MEM, MemFree=128904, MemAvailable=588120, Cached=472288,
                SwapCached=20516, SwapFree=3888032, allocstall_movable=802,
                allocstall_normal=1013, pgscan_direct=201377, pgscan_kswapd=5498120,
                pgsteal_kswapd=2603345, pswpin=148811, pswpout=204937,
                some="avg10=0.05 avg60=0.38 avg300=0.47 total=102884310",
                full="avg10=0.01 avg60=0.29 avg300=0.40 total=88102744",
                loadavg="0.11 0.19 0.31 3/752 1948")
    mid = dict(HOST_MEM, MemFree=36118, MemAvailable=52344, Cached=139872,
               SwapCached=90216, SwapFree=2544860, allocstall_movable=2104,
               allocstall_normal=1110, pgscan_direct=512846, pgscan_kswapd=7102455,
               pgsteal_kswapd=3188902, pswpin=231970, pswpout=571208,
               some="avg10=70.12 avg60=36.45 avg300=10.88 total=137516200",
               full="avg10=59.30 avg60=31.92 avg300=9.15 total=117233981",
               loadavg="5.07 1.41 0.72 2/759 1953")
    post = dict(HOST_MEM, MemFree=1101236, MemAvailable=1391876, Cached=268440,
                SwapCached=0, SwapFree=4194300, allocstall_movable=0,
                allocstall_normal=0, pgscan_direct=0, pgscan_kswapd=2114,
                pgsteal_kswapd=1980, pswpin=0, pswpout=0,
                some="avg10=0.42 avg60=0.18 avg300=0.04 total=1840211",
                full="avg10=0.31 avg60=0.12 avg300=0.03 total=1502876",
                loadavg="1.21 0.38 0.13 1/398 1921")

    def host_restart(run_, heavy_end, cut):
        # The host restarts after the heavy phase: the platform logs a new
        # container start (Informational only) and a new worker answers.
        up = run_.site_start(heavy_end + sec(24.3), "restart",
                             image="appsvc/python:3.11_20260415.3.tuxprod")
        return up + sec(6.092)

    return {
        "date": "2026-05-16",
        "site_start": "13:40:27.051", "base_worker_offset": 5.998,
        "worker_offset": 6.044, "baseline_at": "14:03:12.9",
        "trigger_after": 77.0, "leak_ms": leak, "heavy_ms": heavy,
        "proc": {"baseline": base, "mid": mid, "post": post},
        "post_delay": 96.4, "post_process": host_restart,
        "stats": stats(1897, 1895, leak=18, post_pid=1904),
        "failed_kinds": ("http", "platform"),
    }


def failure_stage_config(run):
    leak = series(run, 60, [(1, 700, 980), (31, 1100, 3400)],
                  {38: 5120, 44: 121310, 47: 6480, 52: 2412, 55: 7930, 59: 5810})
    heavy = series(run, 30, [(1, 2400, 9800)],
                   {2: 14820, 5: 12960, 6: 241, 13: 318})
    base = dict(HOST_MEM, MemFree=119872, MemAvailable=571236, Cached=468904,
                SwapCached=22948, SwapFree=3870412, allocstall_movable=915,
                allocstall_normal=1187, pgscan_direct=233481, pgscan_kswapd=6021577,
                pgsteal_kswapd=2790066, pswpin=171245, pswpout=236820,
                some="avg10=0.04 avg60=0.52 avg300=0.61 total=119044872",
                full="avg10=0.02 avg60=0.44 avg300=0.50 total=101876330",
                loadavg="0.14 0.22 0.36 2/754 1911")
    mid = dict(HOST_MEM, MemFree=19836, MemAvailable=21904, Cached=84120,
               SwapCached=141288, SwapFree=1902336, allocstall_movable=4876,
               allocstall_normal=1792, pgscan_direct=1208430, pgscan_kswapd=9344102,
               pgsteal_kswapd=4512987, pswpin=402116, pswpout=1021775,
               some="avg10=88.93 avg60=61.20 avg300=22.47 total=241337905",
               full="avg10=79.41 avg60=53.66 avg300=19.85 total=208110463",
               loadavg="9.84 4.12 1.66 4/781 1999")
    post = dict(HOST_MEM, MemFree=168420, MemAvailable=243880, Cached=131508,
                SwapCached=96704, SwapFree=1768204, allocstall_movable=5413,
                allocstall_normal=1877, pgscan_direct=1379652, pgscan_kswapd=9810337,
                pgsteal_kswapd=4720415, pswpin=468390, pswpout=1102486,
                some="avg10=31.06 avg60=48.72 avg300=24.91 total=259870114",
                full="avg10=25.44 avg60=42.18 avg300=21.95 total=223654092",
                loadavg="3.62 4.45 2.03 1/706 1912")

    def worker_kill(run_, tl):
        # /leak 44 hung on worker 1893 until Gunicorn's 120 s timeout.
        rows = sorted((x for x in run_.http if x[4] == "leak"), key=lambda x: x[0])
        t502 = rows[43][0]
        run_.worker_timeout(t502 - sec(0.18), 1886, 1893, 1999, 0.41, 0.236, "fail")

    def container_restart(run_, heavy_end, cut):
        # The container is killed (exit 137) during the heavy burst; the
        # platform restarts it and a fresh worker answers the post capture.
        run_.container_exit(cut - sec(0.08) + run_.sub_us(), "8e51c2d7", "fail")
        up = run_.site_start(cut + sec(4.6), "fail")
        return up + sec(5.871)

    return {
        "date": "2026-05-18",
        "site_start": "09:12:40.506", "base_worker_offset": 6.088,
        "worker_offset": 6.140, "baseline_at": "09:37:05.2",
        "trigger_after": 80.0, "leak_ms": leak, "heavy_ms": heavy,
        "leak_status": {44: 502, 52: 503}, "heavy_status": {6: 503, 13: 503},
        "heavy_cut_after": 26, "post_delay": 52.7,
        "post_process": container_restart,
        "proc": {"baseline": base, "mid": mid, "post": post},
        "stats": stats(1892, 1895, leak=14, post_pid=1891),
        "extra": [worker_kill],
        "failed_kinds": ("http", "console"),
    }


def earlier_run_config(run):
    leak = series(run, 40, [(1, 630, 850), (27, 700, 1250)],
                  {31: 1655, 34: 2204, 36: 2790, 38: 2431})
    heavy = series(run, 20, [(1, 680, 2050)], {1: 3960, 2: 3185, 10: 2890, 17: 2575})
    sessions = []
    tails = [({3: 16240, 7: 18930}, {}),
             ({2: 17510, 9: 21380, 20: 121620}, {20: 502}),
             ({4: 19240, 6: 23870, 20: 121950}, {20: 502})]
    kills = [None, (1874, 1879, 1941), (1874, 1877, 1958)]
    starts = ["2026-05-19T11:05:31.804", "2026-05-19T11:14:02.377",
              "2026-05-19T11:26:45.090"]
    for k in range(3):
        e_leak = series(run, 60, [(1, 720, 1850)], {})
        e_leak[run.r(20, 59)] = run.r(2600, 4100)
        e_heavy = series(run, 20, [(1, 2500, 11000)], tails[k][0])
        sessions.append({"at": starts[k], "leak_ms": e_leak, "heavy_ms": e_heavy,
                         "heavy_status": tails[k][1], "leak_status":
                         {33: 503} if k == 2 else {}, "kill_pid": kills[k]})
    base = dict(HOST_MEM, MemFree=133560, MemAvailable=597732, Cached=485012,
                SwapCached=19884, SwapFree=3893308, allocstall_movable=768,
                allocstall_normal=990, pgscan_direct=194120, pgscan_kswapd=5334906,
                pgsteal_kswapd=2519731, pswpin=143902, pswpout=199675,
                some="avg10=0.02 avg60=0.36 avg300=0.49 total=101473286",
                full="avg10=0.00 avg60=0.27 avg300=0.41 total=87011524",
                loadavg="0.09 0.18 0.30 2/750 2047")
    mid = dict(HOST_MEM, MemFree=37412, MemAvailable=66018, Cached=148390,
               SwapCached=87935, SwapFree=2590112, allocstall_movable=2011,
               allocstall_normal=1077, pgscan_direct=491730, pgscan_kswapd=6880315,
               pgsteal_kswapd=3112498, pswpin=224517, pswpout=561884,
               some="avg10=66.85 avg60=34.27 avg300=9.93 total=134125517",
               full="avg10=56.12 avg60=29.84 avg300=8.50 total=114302210",
               loadavg="4.77 1.33 0.66 2/757 2053")
    post = dict(HOST_MEM, MemFree=39207, MemAvailable=84410, Cached=170884,
                SwapCached=109350, SwapFree=2487390, allocstall_movable=2247,
                allocstall_normal=1094, pgscan_direct=549318, pgscan_kswapd=6979204,
                pgsteal_kswapd=3160087, pswpin=247105, pswpout=596712,
                some="avg10=53.64 avg60=38.11 avg300=11.97 total=140186933",
                full="avg10=43.29 avg60=32.57 avg300=10.20 total=119530418",
                loadavg="5.91 1.72 0.81 1/761 2053")

    def platform_earlier(run_, tl):
        run_.site_start(at("2026-05-19T10:48:15.661"), "earlier")
        t = at("2026-05-19T11:31:58.214093") + 7
        run_.container_exit(t, "31c07a9e", "earlier")
        run_.site_start(t + sec(5.2), "earlier")

    return {
        "date": "2026-05-21",
        "site_start": "07:51:33.918", "base_worker_offset": 6.071,
        "worker_offset": 6.023, "baseline_at": "08:14:26.7",
        "trigger_after": 88.0, "leak_ms": leak, "heavy_ms": heavy,
        "proc": {"baseline": base, "mid": mid, "post": post},
        "stats": stats(2040, 2038, leak=11, heavy=6),
        "earlier": sessions, "extra": [platform_earlier],
        "failed_kinds": ("http",),
    }


# The example and the runs made from it, by variant; the other runs, each
# its own Run (seed, site) and configuration for lab_run.
EXAMPLE_VARIANTS = {"example": "plain", "flat-kql": "flat",
                    "missing-evidence": "missing", "hostile": "hostile"}
OTHER_RUNS = {
    "falsified": (20260514, "app-labmem-fz3m8w", falsified_config),
    "counter-reset": (20260516, "app-labmem-cr5v1n", counter_reset_config),
    "failure-stage": (20260518, "app-labmem-fs9d4r", failure_stage_config),
    "earlier-run": (20260521, "app-labmem-er4n6t", earlier_run_config),
}


def build(name):
    if name in EXAMPLE_VARIANTS:
        return build_example(name, EXAMPLE_VARIANTS[name])
    seed, site, config = OTHER_RUNS[name]
    run = Run(name, seed, site)
    lab_run(run, config(run))
    return run


# ------------------------------------------------------- designed numbers

def facts(run):
    """The numbers the README states, computed from the rows written."""
    m = run.meta
    B, P = m["B"], m["P"]
    inw = lambda t: B <= t <= P
    f = {"B": B, "P": P, "S": m["S"], "M": m["M"]}
    rows = run.http
    for uri in ("/leak", "/heavy"):
        key = uri.strip("/")
        whole = [x[3] for x in rows if x[1] == uri]
        win = [x[3] for x in rows if x[1] == uri and inw(x[0])]
        f[key] = {"win": p95(win), "whole": p95(whole),
                  "win_max": max(win), "whole_max": max(whole),
                  "win_5xx": sum(1 for x in rows if x[1] == uri and inw(x[0]) and x[2] >= 500),
                  "whole_5xx": sum(1 for x in rows if x[1] == uri and x[2] >= 500)}
        # No /leak or /heavy row sits near a window edge.
        for x in rows:
            if x[1] == uri:
                assert abs(x[0] - B) > sec(60) and abs(x[0] - P) > sec(1), (run.name, x)
    f["rows"] = len(rows)
    f["rows_in"] = sum(1 for x in rows if inw(x[0]))
    f["rows_5xx_in"] = sum(1 for x in rows if inw(x[0]) and x[2] >= 500)
    f["rows_5xx_whole"] = sum(1 for x in rows if x[2] >= 500)
    f["out_tags"] = {}
    for x in rows:
        if not inw(x[0]):
            tag = "post-edge" if x[0] > P and x[0] - P < sec(1) else x[4]
            f["out_tags"][tag] = f["out_tags"].get(tag, 0) + 1
    f["earlier_days"] = sorted({la_time(x[0])[:10] for x in rows if x[4] == "earlier"})
    f["console_in"] = sum(1 for x in run.console if inw(x[0]))
    f["console_out"] = sum(1 for x in run.console if not inw(x[0]))
    f["platform_in"] = {}
    for x in run.platform:
        if inw(x[0]):
            f["platform_in"][x[1]] = f["platform_in"].get(x[1], 0) + 1
    f["platform_out"] = sum(1 for x in run.platform if not inw(x[0]))
    f["platform_warn_out"] = sum(1 for x in run.platform if not inw(x[0]) and x[1] != "Informational")
    for name, recs in (("leak_csv", m["leak_recs"]), ("heavy_csv", m["heavy_recs"])):
        secs = [d for _, _, d in recs]
        v, rank, n = p95(secs)
        f[name] = {"n": n, "p95": v, "rank": rank, "max": max(secs),
                   "5xx": sorted(s for _, s, _ in recs if s >= 500),
                   "first": sum(secs[: n // 2]) / (n // 2), "last": sum(secs[n // 2:]) / (n - n // 2)}
    ex = m["exports"]
    if "superseded_until" in ex:
        u = ex["superseded_until"]
        f["superseded_rows"] = sum(1 for x in rows if x[0] <= u)
        f["superseded_heavy"] = sum(1 for x in rows if x[0] <= u and x[1] == "/heavy"
                                    and inw(x[0]))
        assert f["superseded_heavy"] == 0, run.name
    return f


def mem_line(run):
    pr = run.meta["procs"]
    b, mi, po = pr["baseline"], pr["mid"], pr["post"]
    return ("MemAvailable %s / %s / %s kB (mid %s, post %s); SwapFree %s / %s / %s kB"
            % (commas(b["MemAvailable"]), commas(mi["MemAvailable"]),
               commas(po["MemAvailable"]), pct(mi["MemAvailable"], b["MemAvailable"]),
               pct(po["MemAvailable"], b["MemAvailable"]), commas(b["SwapFree"]),
               commas(mi["SwapFree"]), commas(po["SwapFree"])))


def vm_line(run):
    pr = run.meta["procs"]
    b, mi, po = pr["baseline"], pr["mid"], pr["post"]
    parts = []
    for k in ("pgscan_kswapd", "pgscan_direct", "allocstall_normal",
              "allocstall_movable", "pswpin", "pswpout"):
        parts.append("%s %s → %s (%s) → %s (%s)" % (
            k, commas(b[k]), commas(mi[k]), "{:+,}".format(mi[k] - b[k]),
            commas(po[k]), "{:+,}".format(po[k] - b[k])))
    return "; ".join(parts)


def p95_text(p):
    v, rank, n = p
    return "%s ms (rank %d of %d)" % (commas(v), rank, n)


def lat_line(f, key):
    d = f[key]
    return ("in window %s, max %s ms; whole export %s, max %s ms"
            % (p95_text(d["win"]), commas(d["win_max"]),
               p95_text(d["whole"]), commas(d["whole_max"])))


def csv_line(f, key):
    d = f[key]
    st = ("5xx: %s" % ", ".join(str(s) for s in d["5xx"])) if d["5xx"] else "all 200"
    return ("%d records, %s, p95 %.6f s (rank %d), max %.6f s, mean first half %.3f s → second half %.3f s"
            % (d["n"], st, d["p95"] / 1e6, d["rank"], d["max"] / 1e6,
               d["first"] / 1e6, d["last"] / 1e6))


def out_text(f):
    names = {"earlier": "earlier-run rows (%s)" % ", ".join(f["earlier_days"]),
             "pre": "same-day rows before the baseline snapshot",
             "post-edge": "the post-heavy /diag/stats row, logged a few ms after the snapshot",
             "hostile-pre": "hostile-path rows before the baseline snapshot"}
    return "; ".join("%d %s" % (n, names.get(t, t)) for t, n in sorted(f["out_tags"].items()))


def common_bullets(run, f):
    m = run.meta
    ex = m["exports"]
    st = m["stats"]
    b = []
    b.append("Time line: baseline snapshot %s (pid %d), trigger stamp %s, mid-leak %s, "
             "post-heavy %s (pid %d); run window = [%s, %s]."
             % (la_time(m["B"]), st["base_pid"], m["stamp"], la_time(m["M"]), la_time(m["P"]),
                st.get("post_pid", st["pid"]), la_time(m["B"]), la_time(m["P"])))
    if m.get("proc_absent"):
        pb = m["procs"]["baseline"]
        b.append("Baseline only: MemAvailable %s kB, SwapFree %s kB, pgscan_kswapd %s, "
                 "pswpout %s; the mid-leak and post-heavy diag-proc files are absent."
                 % (commas(pb["MemAvailable"]), commas(pb["SwapFree"]),
                    commas(pb["pgscan_kswapd"]), commas(pb["pswpout"])))
    else:
        b.append(mem_line(run) + ".")
        b.append("vmstat baseline → mid → post: " + vm_line(run) + ".")
    b.append("leak_block_count 0 → %d → %d (mid pid %d)."
             % (st["mid_blocks"], st["post_blocks"], st["pid"]))
    b.append("KQL HTTP export kql-http-%s.json: %d rows, %d in the window; outside: %s."
             % (ex["good"], f["rows"], f["rows_in"], out_text(f)))
    b.append("/heavy TimeTaken p95: " + lat_line(f, "heavy") + ".")
    b.append("/leak TimeTaken p95: " + lat_line(f, "leak") + ".")
    b.append("5xx rows: %d in the window, %d in the whole export."
             % (f["rows_5xx_in"], f["rows_5xx_whole"]))
    b.append("leak CSV: " + csv_line(f, "leak_csv") + ".")
    b.append("heavy CSV (one glued line, completion order): " + csv_line(f, "heavy_csv") + ".")
    pin = ", ".join("%d %s" % (n, lv) for lv, n in sorted(f["platform_in"].items())) or "none"
    b.append("Console rows: %d in the window, %d outside. Platform rows in the window: %s; "
             "outside: %d (%d not Informational)."
             % (f["console_in"], f["console_out"], pin, f["platform_out"], f["platform_warn_out"]))
    return b


ABOUT = {
"example": """The bundled example for `make report` and the README tour: a supported,
pre-failure run like the real one, with our own numbers. The memory criteria
all move (MemAvailable falls by more than 85%, reclaim, allocation-stall and
swap counters rise, SwapFree falls), leak_block_count grows, every trigger
request is a 200 and the /heavy tail grows. The folder also holds what real
runs leave behind: a zero-byte failed export of each KQL kind
(kql-*-{failed}.json), an older non-empty HTTP export kql-http-{superseded}.json
that must be reported as superseded (it was taken before the heavy burst was
ingested: {sup_rows} rows, none of them from this run's /heavy burst), and the rows of an
earlier run from the day before inside the HTTP export, with a worse /heavy
tail, one 502 and its console WORKER TIMEOUT/SIGKILL lines, all outside the
run window. The baseline /diag/stats answer comes from worker pid {base_pid},
the mid-leak and post-heavy ones from pid {pid}. **Verdict: supported
(pre-failure stage).** A tool that ignores the window would wrongly see a 502,
worker-kill console lines and a much larger /heavy p95.""",
"falsified": """The disproof case: the same trigger volume (60 /leak, 30 /heavy) and
leak_block_count grows, but MemAvailable stays within 5% of the baseline,
reclaim and allocation-stall counters are identical at mid-leak and up by a
handful at most at post-heavy (pgscan_kswapd +7, pgsteal_kswapd +3, the rest
+0), swap is flat (SwapFree −4 kB, pswpin +1, pswpout +1), PSI stays
near zero and latency is flat (the second half of each CSV is no slower than
the first). No earlier run, no errors. **Verdict: falsified** (disproof
criteria 2.4: MemAvailable near baseline despite /leak volume; reclaim flat
while leak count grows).""",
"missing-evidence": """The example run with evidence missing: the mid-leak and post-heavy
diag-proc snapshots are absent and the only console export
(kql-console-{good}.json) is a zero-byte failed export. Everything else is
byte-identical to `example` (same diag-stats, CSVs, HTTP and platform exports),
so leak_block_count, the HTTP 200s and the latency figures are all there, but
MemAvailable, reclaim and swap cannot be compared with the baseline.
**Verdict: inconclusive** — the memory, reclaim and swap criteria must be
reported as not evaluable (missing artifacts), never as met or failed.""",
"counter-reset": """Counter reset: the host restarted between the mid-leak and post-heavy
snapshots (after the heavy burst, which all returned 200). The mid-leak
snapshot is a normal pressure snapshot; in the post-heavy one every vmstat
counter is BELOW the baseline (pgscan_kswapd 2,114 against 5,498,120), swap is
empty and MemAvailable is higher than at baseline, and the diag-stats come
from a new process (pid 1904, started ~1 min earlier, leak_block_count 0).
The platform export shows the new container start inside the window, all
Informational (no Warning). **Verdict: supported (pre-failure stage), on the
baseline → mid-leak evidence;** the baseline → post-heavy deltas must be
reported as a counter reset (not comparable), never as negative growth or as
reclaim "staying flat".""",
"failure-stage": """Supported pressure that reached failure: MemAvailable falls by 96% at
mid-leak, reclaim and swap explode, and the run has hard failures inside the
window: /leak 44 hangs on worker 1893 until Gunicorn's 120 s timeout (502),
/leak 52 gets a 503, two /heavy requests get 503s and four /heavy requests in
flight when the container is killed get 502s. The console export holds
`[CRITICAL] WORKER TIMEOUT (pid:1893)`, `[ERROR] Worker (pid:1893) was sent
SIGKILL! Perhaps out of memory?` and `Booting worker with pid: 1999`; the
platform export a Warning restart event (container exited with code 137,
restarting) followed by the container start. The post-heavy diag-stats come
from the restarted container (pid 1891, leak_block_count 0) while vmstat keeps
growing (a container restart does not reset host counters). HTTP 200 stays
dominant. **Verdict: supported, failure stage** (timeouts/recycle/5xx observed).""",
"flat-kql": """The example run with every KQL export in the flat shape that
`az monitor log-analytics query --output json` writes: an array of objects
with "TableName": "PrimaryResult", every value a string ("ScStatus": "200",
"TimeTaken": "988") and the keys sorted, so not in column order. The rows,
the zero-byte and superseded exports and all other files are the same as in
`example`. **Verdict: supported (pre-failure stage)**, with exactly the
example's figures.""",
"earlier-run": """An export dominated by earlier runs: three trigger sessions from two days
before ({earlier_rows} rows, {ratio} times this run's {current_rows}; this run is a
shorter trigger of 40 /leak and 20 /heavy) with a much worse /heavy tail, two
502s (workers killed at the 120 s timeout), a 503, their console WORKER TIMEOUT/SIGKILL lines and a platform Warning
restart event, all outside the run window. Inside the window the run is a
clean pre-failure pressure run. Whole-export and in-window KQL figures differ
strongly (see the p95s). **Verdict: supported (pre-failure stage)**; a tool
that summarizes the whole export would report failure and a /heavy p95 more
than five times too high.""",
"hostile": """The example run plus hostile text, to test escaping in every output
format: {hostile_in} scanner requests inside the window (404s, during the leak
phase) and {hostile_out} before it, whose CsUriStem holds `|`, a newline,
`\\r`, backticks, `*`, `<script>alert(1)</script>`,
`<img src=x onerror=alert(1)>`, `[link](http://x)`, `| a | b |` table
syntax, Mustache tags and backslashes/quotes; three console and two
platform (Informational) rows inside the window with the same text plus
control characters (\\u0001, \\u0007, \\u001b escape sequences, \\t). All files
are valid JSON (no \\u0000). None of the hostile rows is a 5xx or a failure
signature, and the /leak and /heavy figures are the example's. **Verdict:
supported (pre-failure stage)**, and no hostile text may break a table,
inject markup or reach a terminal unescaped.""",
}


def readme(runs):
    out = ["# Fixture runs", "",
           "Synthetic run folders of the memory-pressure lab, in the exact file "
           "shapes of the real run but with our own values. They are generated: "
           "`python3 tools/make-fixtures.py` rewrites every folder below and this "
           "file, byte for byte (fixed seeds, no clock) — edit the script, not the "
           "files.", "",
           "Conventions used in the numbers:", "",
           "- *Snapshot time* = diag-stats `process_start_time` + `uptime_seconds`. "
           "The *run window* is [baseline snapshot time, post-heavy snapshot time], "
           "both ends included. Every /leak and /heavy row of a run lies at least "
           "1 s inside its window (the nearest rows of an earlier run are hours or "
           "days away), so the /leak and /heavy figures do not depend on how the "
           "window's edges are treated; only /diag/* rows sit near the edges (the "
           "post-heavy /diag/stats row is logged a few ms after its snapshot time, "
           "so it counts as outside).",
           "- *p95* is the nearest rank: the value at rank ceil(0.95·n) (1-based) of "
           "the ascending values, over all rows of the URI whatever their status.",
           "- *Whole export* is every row of the selected (newest non-empty) KQL "
           "HTTP export; *in window* is the rows whose TimeGenerated is in the run "
           "window.",
           "- MemAvailable and SwapFree are given baseline / mid-leak / post-heavy; "
           "deltas are from the baseline.",
           "- Log Analytics trims trailing zeros of TimeGenerated fractions, so some "
           "times have fewer than 6 (HTTP) or 7 (console, platform) digits, as in "
           "the real exports.", ""]
    for run in runs:
        f = facts(run)
        m = run.meta
        ex = m["exports"]
        fields = {"failed": ex["failed"], "good": ex["good"],
                  "superseded": ex.get("superseded", ""),
                  "sup_rows": f.get("superseded_rows", 0),
                  "base_pid": m["stats"]["base_pid"], "pid": m["stats"]["pid"],
                  "earlier_rows": f["out_tags"].get("earlier", 0),
                  "current_rows": f["rows"] - f["out_tags"].get("earlier", 0),
                  "ratio": "%.1f" % (f["out_tags"].get("earlier", 0) /
                                     (f["rows"] - f["out_tags"].get("earlier", 0))),
                  "hostile_in": sum(1 for x in run.http if x[4] == "hostile"),
                  "hostile_out": sum(1 for x in run.http if x[4] == "hostile-pre")}
        about = ABOUT[run.name]
        for k, v in fields.items():
            about = about.replace("{%s}" % k, str(v))
        out.append("## %s" % run.name)
        out.append("")
        out.append(about)
        out.append("")
        for line in common_bullets(run, f):
            out.append("- " + line)
        out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------- main

def main(argv):
    out = os.path.abspath(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    runs = [build(name) for name in RUNS]
    for run in runs:
        d = os.path.join(out, run.name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        for rel in sorted(run.files):
            path = os.path.join(d, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(run.files[rel])
        size = sum(len(b) for b in run.files.values())
        assert size < 100_000, (run.name, size)
        print("%-17s %2d files %6d bytes" % (run.name, len(run.files), size))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(readme(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
