#!/usr/bin/env python3
"""Write the synthetic run of the disk-full lab: fixtures/disk-full-runs/example/.

The disk-full lab is the second lab profile (fixtures/profiles/disk-full/):
the same App Service B1 Linux plan and Flask/Gunicorn diag app as the
memory-pressure lab, whose /fill endpoint writes a 64 MiB file to the
instance's local /tmp each time it is called, until the disk is full.
This run is in the same file shapes as the memory-pressure runs
(tools/make-fixtures.py, which this script does not touch): /diag/proc and
/diag/stats snapshots at the baseline, mid-fill and post-fill, the client's
fill-responses CSV, Log Analytics exports of the HTTP, console and platform
logs, a zero-byte failed console export beside the good one. The numbers
are ours; fixtures/disk-full-runs/README.md (written here too, from the
same data) says what they are designed to show.

Deterministic: no clock, no randomness, no environment; running it twice
gives identical bytes. It rewrites fixtures/disk-full-runs/example/ and
fixtures/disk-full-runs/README.md and nothing else.

Usage: tools/make-disk-full-fixture.py [OUT_DIR]   (default: fixtures/disk-full-runs)
Standard library only.
"""
import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "disk-full-runs"))
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
US = 1                      # times are integer microseconds since the epoch
S = 1_000_000
DOMAIN = "<azurewebsites-domain-redacted>"
HOST = "app-labdisk-q4m8zt." + DOMAIN
SITE = "app-labdisk-q4m8zt"
GUNICORN = "gunicorn --bind=0.0.0.0 --timeout=120 --workers=2 app:app"


def at(text):
    """'2026-06-02T09:10:00.5' (UTC) to microseconds."""
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    dt = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
    return (dt - EPOCH) // timedelta(microseconds=1)


def iso(t, digits=6, suffix="Z"):
    dt = EPOCH + timedelta(microseconds=t)
    frac = "%06d" % dt.microsecond
    if digits == 7:
        frac += "0"
    frac = frac.rstrip("0")
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ("." + frac if frac else "") + suffix


def py_time(t):
    dt = EPOCH + timedelta(microseconds=t)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%06d+00:00" % dt.microsecond


def gtime(t):
    return (EPOCH + timedelta(microseconds=t)).strftime("[%Y-%m-%d %H:%M:%S +0000]")


def ftime(t):
    """Flask's default log time: '[2026-06-02 09:11:09,512]'."""
    dt = EPOCH + timedelta(microseconds=t)
    return dt.strftime("[%Y-%m-%d %H:%M:%S") + ",%03d]" % (dt.microsecond // 1000)


def compact(obj):
    return (json.dumps(obj, sort_keys=True, separators=(",", ":")) + "\n").encode()


def az(obj):
    return (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode()


def kql(columns, rows):
    """The Log Analytics REST shape, rows newest first."""
    rows = sorted(rows, key=lambda r: r[0], reverse=True)
    return az({"tables": [{"name": "PrimaryResult",
                           "columns": [{"name": n, "type": t} for n, t in columns],
                           "rows": [[iso(r[0], r[1])] + list(r[2:]) for r in rows]}]})


# ------------------------------------------------------------------ the run

START_A = at("2026-06-02T09:00:04.120000")   # worker pid 3120 (baseline answer)
START_B = at("2026-06-02T09:00:04.090000")   # worker pid 3121 (mid and post)
SNAP = {  # phase: (pid, process start, uptime seconds)
    "baseline": (3120, START_A, "596.38"),
    "midfill": (3121, START_B, "658.61"),
    "postfill": (3121, START_B, "691.91"),
}


def snap_time(phase):
    pid, start, up = SNAP[phase]
    whole, frac = up.split(".")
    return start + int(whole) * S + int(frac.ljust(6, "0"))


STAMP = "20260602T091030Z"        # the trigger script's stamp
EXPORT_STAMP = "20260602T092000Z"  # the KQL exports'
FAILED_STAMP = "20260602T091900Z"  # a console export that came back empty
FILE_MIB = 64
N_FILL = 60
N_OK = 38                          # 38 x 64 MiB = 2,432 MiB fit; the 39th fails
FILL_START = at("2026-06-02T09:10:30.200000")

# /proc of the three snapshots: page cache takes the written files, so
# MemFree falls while MemAvailable (which counts reclaimable cache) stays
# near its baseline; pgpgout (KiB) and the nr_dirtied/nr_written pages grow
# by the data written; swap never moves.
MEM = {
    "baseline": dict(MemTotal=2030212, MemFree=812300, MemAvailable=1210400,
                     Buffers=41208, Cached=402116, Dirty=212, Writeback=0,
                     SwapTotal=4194300, SwapFree=4194300),
    "midfill": dict(MemTotal=2030212, MemFree=70912, MemAvailable=1161872,
                    Buffers=41532, Cached=1204380, Dirty=148220, Writeback=8412,
                    SwapTotal=4194300, SwapFree=4194300),
    "postfill": dict(MemTotal=2030212, MemFree=64108, MemAvailable=1188316,
                     Buffers=41540, Cached=1377920, Dirty=1032, Writeback=0,
                     SwapTotal=4194300, SwapFree=4194300),
}
VM = {
    "baseline": dict(pgpgin=1203112, pgpgout=3512448, nr_dirtied=1102334,
                     nr_written=1100210, pgscan_kswapd=20114),
    "midfill": dict(pgpgin=1204020, pgpgout=5478720, nr_dirtied=1593902,
                    nr_written=1554322, pgscan_kswapd=88540),
    "postfill": dict(pgpgin=1204388, pgpgout=6003200, nr_dirtied=1724990,
                     nr_written=1724470, pgscan_kswapd=102774),
}
PSI = {
    "baseline": ("avg10=0.00 avg60=0.00 avg300=0.01 total=1204332",
                 "avg10=0.00 avg60=0.00 avg300=0.00 total=903118"),
    "midfill": ("avg10=0.12 avg60=0.04 avg300=0.01 total=1392870",
                "avg10=0.02 avg60=0.01 avg300=0.00 total=951204"),
    "postfill": ("avg10=0.05 avg60=0.04 avg300=0.02 total=1433106",
                 "avg10=0.00 avg60=0.01 avg300=0.00 total=960877"),
}
LOAD = {"baseline": "0.05 0.10 0.09 1/312 3130",
        "midfill": "1.12 0.48 0.21 2/318 3188",
        "postfill": "0.86 0.55 0.26 1/316 3201"}


def fill_requests():
    """(index, sent, status, seconds): one a second; the first N_OK write
    their 64 MiB in 0.55-0.95 s, the rest fail at once with ENOSPC."""
    out, t = [], FILL_START
    for i in range(1, N_FILL + 1):
        if i <= N_OK:
            ms = 550 + (i * 37) % 400 + (i // 10) * 9
            out.append((i, t, 200, ms))
        else:
            ms = 31 + (i * 13) % 50
            out.append((i, t, 500, ms))
        t += S + (i % 3) * 7000
    return out


FILLS = fill_requests()
HEALTH = [at("2026-06-02T09:10:10.000000") + k * 10 * S + k * 1300 for k in range(9)]


def diag_proc(phase):
    return compact({
        "loadavg": LOAD[phase],
        "meminfo": {k: "%d kB" % v for k, v in MEM[phase].items()},
        "pressure_memory": {"some": "some " + PSI[phase][0], "full": "full " + PSI[phase][1]},
        "vmstat": {k: str(v) for k, v in VM[phase].items()},
    })


def diag_stats(phase):
    pid, start, up = SNAP[phase]
    t = snap_time(phase)
    # two workers share the requests: pid 3121 answers the odd-numbered ones
    done = [f for f in FILLS if f[1] + f[3] * 1000 <= t and f[0] % 2]
    fills = len(done)
    health = sum(1 for k, h in enumerate(HEALTH) if h <= t and k % 2)
    counters = {"diag_stats": 1 if phase == "baseline" else 2 if phase == "midfill" else 3,
                "health": health if phase != "baseline" else 1}
    if phase != "baseline":
        counters["fill"] = fills
        counters["diag_proc"] = 1 if phase == "midfill" else 2
    # the lab's own counter (its profile's app_counters): the 64 MiB files
    # this worker wrote to /tmp/fill, a /fill that failed with ENOSPC wrote none
    return compact({"endpoint_counters": counters,
                    "fill_file_count": sum(1 for f in done if f[2] == 200), "pid": pid,
                    "process_start_time": py_time(start),
                    "request_count": sum(counters.values()), "uptime_seconds": float(up)})


def app_config():
    return {
        "alwaysOn": False, "appCommandLine": GUNICORN, "ftpsState": "Disabled",
        "http20Enabled": False, "linuxFxVersion": "PYTHON|3.11",
        "location": "Korea Central", "minTlsVersion": "1.2", "name": SITE,
        "numberOfWorkers": 1, "resourceGroup": "rg-lab-disk-fx",
        "type": "Microsoft.Web/sites/config", "use32BitWorkerProcess": True,
    }


def app_state():
    return {"hostNames": [HOST], "sku": {"name": "B1", "tier": "Basic"}, "state": "Running"}


def responses_csv():
    return "".join("%d,%d,%.6f\n" % (i, st, (ms * 1000 + 4321 * i % 997) / 1e6)
                   for i, _, st, ms in FILLS).encode()


def http_rows():
    rows = []
    for i, t, st, ms in FILLS:   # logged when the response completes
        rows.append((t + ms * 1000 + 900, 6, "/fill", st, ms - 4 - i % 3, HOST))
    for k, h in enumerate(HEALTH):
        rows.append((h + 4100, 6, "/health", 200, 3 + k % 4, HOST))
    for phase in SNAP:
        t = snap_time(phase)
        rows.append((t - 200_000, 6, "/diag/proc", 200, 168 + len(phase), HOST))
        rows.append((t + 3800, 6, "/diag/stats", 200, 21 + len(phase), HOST))
    # before the run: the start-up probe and a first page; after it, the
    # export's own /health poll
    rows.append((at("2026-06-02T09:00:11.402000"), 6, "/", 200, 14, HOST))
    rows.append((at("2026-06-02T09:00:11.388000"), 6, "/robots933456.txt", 404, 2, HOST))
    rows.append((at("2026-06-02T09:18:40.010000"), 6, "/health", 200, 4, HOST))
    return rows


def console_rows():
    rows = [
        (START_A - 400_000, 7, gtime(START_A - 400_000) + " [3117] [INFO] Starting gunicorn 23.0.0"),
        (START_A - 300_000, 7, gtime(START_A - 300_000) + " [3117] [INFO] Listening at: http://0.0.0.0:8000 (3117)"),
        (START_B, 7, gtime(START_B) + " [3121] [INFO] Booting worker with pid: 3121"),
        (START_A, 7, gtime(START_A) + " [3120] [INFO] Booting worker with pid: 3120"),
    ]
    for i, t, st, ms in FILLS:
        if st != 500:
            continue
        e = t + ms * 1000 - 2000
        rows.append((e, 7, "%s ERROR in app: Exception on /fill [GET]" % ftime(e)))
        rows.append((e + 900, 7, "OSError: [Errno 28] No space left on device: "
                                 "'/tmp/fill/blk-%04d.bin'" % i))
    return rows


def platform_rows():
    t0 = at("2026-06-02T08:59:58.804000")
    return [
        (t0, 7, "Informational", "Starting container: 5c2e81aa90d1_%s." % SITE),
        (t0 + 44_000, 7, "Informational", "Container is running."),
        (t0 + 7_900_000, 7, "Informational", "Site started."),
        (at("2026-06-02T09:11:14.250310"), 7, "Warning",
         "Instance local storage usage is above 90% (/tmp)."),
    ]


HTTP_COLUMNS = [("TimeGenerated", "datetime"), ("CsUriStem", "string"),
                ("ScStatus", "int"), ("TimeTaken", "int"), ("CsHost", "string")]
CONSOLE_COLUMNS = [("TimeGenerated", "datetime"), ("ResultDescription", "string")]
PLATFORM_COLUMNS = [("TimeGenerated", "datetime"), ("Level", "string"),
                    ("Message", "string")]


def files():
    f = {
        "baseline/app-config.json": az(app_config()),
        "baseline/app-state.json": az(app_state()),
        "baseline/diag-proc.json": diag_proc("baseline"),
        "baseline/diag-stats.json": diag_stats("baseline"),
        "baseline/health.json": compact({"status": "ok"}),
        "trigger/fill-responses-%s.csv" % STAMP: responses_csv(),
        "trigger/kql-http-%s.json" % EXPORT_STAMP: kql(HTTP_COLUMNS, http_rows()),
        "trigger/kql-console-%s.json" % FAILED_STAMP: b"",
        "trigger/kql-console-%s.json" % EXPORT_STAMP: kql(CONSOLE_COLUMNS, console_rows()),
        "trigger/kql-platform-%s.json" % EXPORT_STAMP: kql(PLATFORM_COLUMNS, platform_rows()),
    }
    for phase in ("midfill", "postfill"):
        f["trigger/diag-proc-%s-%s.json" % (phase, STAMP)] = diag_proc(phase)
        f["trigger/diag-stats-%s-%s.json" % (phase, STAMP)] = diag_stats(phase)
    return f


def pct(new, old):
    return "%+.1f%%" % (100.0 * (new - old) / old)


def readme():
    ok = [f for f in FILLS if f[2] == 200]
    m = {p: MEM[p]["MemAvailable"] for p in MEM}
    w = VM["postfill"]["pgpgout"] - VM["baseline"]["pgpgout"]
    files_written = {p: json.loads(diag_stats(p))["fill_file_count"] for p in SNAP}
    return ("""# Runs of the disk-full lab

Synthetic run folders of the *disk-full* lab, the second lab profile
(`fixtures/profiles/disk-full/`), which shows that another lab is a new
profile, not a new program: `labverdict report --profile
fixtures/profiles/disk-full fixtures/disk-full-runs/example`. They are
generated: `python3 tools/make-disk-full-fixture.py` rewrites every folder
below and this file, byte for byte (no clock, no randomness) — edit the
script, not the files.

## example

The lab app's `/fill` writes a {mib} MiB file to the instance's local `/tmp`
each call; the client calls it {n} times, one a second, from {start}. The
first {ok} writes succeed ({ok_mib:,} MiB), then the disk is full: calls
{first_fail}-{n} answer 500 at once, each with a Flask `Exception on /fill`
line and an `OSError: [Errno 28] No space left on device` line in the
console log. `/health`, polled every 10 s, and the `/diag/*` snapshots keep
answering 200. The page cache holds the written files, so MemFree falls but
MemAvailable stays near its baseline ({m0:,} / {m1:,} / {m2:,} kB: mid
{p1}, post {p2}); pgpgout grows by {w:,} KiB, swap never moves. One console
export came back empty (`kql-console-{failed}.json`, listed `empty`). The
baseline `/diag/stats` answer comes from worker pid 3120, the later ones
from pid 3121. **Verdict: supported (failure stage)**: every proof criterion
is met, no disproof criterion is, and the 5xx are failure signals.

- Snapshot times: baseline {t0}, mid-fill {t1}, post-fill {t2} (diag-stats
  `process_start_time` + `uptime_seconds`).
- /fill client latency: {ok} × 200 between {lo:.3f} and {hi:.3f} s, {bad} × 500.
- fill_file_count, the app counter of the disk-full profile (the 64 MiB files
  the answering worker wrote; a write that failed counts none): {f0} → {f1} → {f2}
  (pid 3121 answers the odd-numbered `/fill` calls). There is no
  leak_block_count: that is the memory-pressure lab's counter.
""").format(f0=files_written["baseline"], f1=files_written["midfill"],
            f2=files_written["postfill"],mib=FILE_MIB, n=N_FILL, start=iso(FILL_START), ok=N_OK, ok_mib=N_OK * FILE_MIB,
            first_fail=N_OK + 1, m0=m["baseline"], m1=m["midfill"], m2=m["postfill"],
            p1=pct(m["midfill"], m["baseline"]), p2=pct(m["postfill"], m["baseline"]),
            w=w, failed=FAILED_STAMP, t0=iso(snap_time("baseline")),
            t1=iso(snap_time("midfill")), t2=iso(snap_time("postfill")),
            lo=min(f[3] for f in ok) / 1000, hi=max(f[3] for f in ok) / 1000,
            bad=N_FILL - N_OK).encode()


def main(argv):
    out = os.path.abspath(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    run = os.path.join(out, "example")
    if os.path.isdir(run):
        shutil.rmtree(run)
    for rel, data in sorted(files().items()):
        path = os.path.join(run, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    with open(os.path.join(out, "README.md"), "wb") as fh:
        fh.write(readme())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
