#!/usr/bin/env python3
"""labverdict's benchmark (issue 6), run by `make bench`; Python 3 stdlib only.

    bench.py --shared SHARED --build BUILD --lv LV --lv-o0 LV_O0 --bare BARE
             [--rows 500000] [--scale 50000,250000,500000] [--runs 5]
             [--glued 25000,50000,100000,200000]

1. Writes the large runs with SHARED/bench/make-large-run.py into
   BUILD/bench/run-ROWS/ (cached: written again only when the generator or
   its arguments change; the stamp is BUILD/bench/run-ROWS.stamp).
2. Checks that `LV report --format json` and SHARED/bench/reference.py give
   the same numbers on the ROWS run (deltas, leak and heavy n/mean/p95/max/
   5xx, per-endpoint KQL status counts and TimeTaken n/mean/p95/max over the
   whole export, console WORKER TIMEOUT and SIGKILL counts). Counts must be
   equal, p95 and max equal at the reference's 6 printed decimals, means
   within 1e-6 (the reference rounds to 6 decimals).
3. Checks that the report (Markdown and JSON) of the ROWS run is the same
   bytes from the -O0 build (LV_O0) and the -O2 build (LV).
4. Times `LV report` (Markdown to /dev/null), reference.py and the bare yajl
   parse of the KQL HTTP export (BARE): RUNS runs each, interleaved, after
   one untimed warm-up run each; median wall time (measured here), CPU
   time (user + system, from wait4) and peak RSS (GNU time's %M), and the
   ratios against the issue's targets on both times.
5. Times `LV report` at each SCALE row count: time and memory against rows.
6. Times `LV recover` on glued heavy streams of GLUED records (written by
   the generator into BUILD/bench/glued-N/): time per record against size.

Exit status: 0 when the checks pass (the timing targets are printed as met
or not, never fail the run: they depend on the machine), 1 when a check
fails, 2 on a usage or setup problem.
"""
import argparse
import ast
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HTTP_GLOB = re.compile(r"^kql-http-\d{8}T\d{6}Z\.json$")


def die(msg, code=2):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------- the runs

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def make_writable(root):
    """The generator copies the lab artifacts with their read-only modes;
    make the copy writable so that it can be removed (make clean)."""
    for d, dirs, files in os.walk(root):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)


def generate(gen, build, rows, name=None, args=None):
    out = os.path.join(build, "bench", name or "run-%d" % rows)
    stamp_path = out + ".stamp"
    args = args or ["--kql-rows", str(rows)]
    stamp = "generator sha256 %s\nargs %s\n" % (sha256(gen), " ".join(args))
    if os.path.isdir(out) and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read() == stamp:
                return out, False
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    if os.path.exists(out):
        make_writable(out)
        shutil.rmtree(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, gen, out] + args)
    if r.returncode != 0:
        die("%s failed (exit %d)" % (gen, r.returncode), 1)
    make_writable(out)
    with open(stamp_path, "w") as f:
        f.write(stamp)
    print("  wrote %s in %.1f s" % (out, time.perf_counter() - t0))
    return out, True


def heavy_csv(run):
    trig = os.path.join(run, "trigger")
    files = sorted(f for f in os.listdir(trig)
                   if f.startswith("heavy-responses-") and f.endswith(".csv"))
    if not files:
        die("%s: no heavy responses CSV" % run, 1)
    return os.path.join(trig, files[-1])


def http_export(run):
    trig = os.path.join(run, "trigger")
    files = sorted(f for f in os.listdir(trig) if HTTP_GLOB.match(f)
                   and os.path.getsize(os.path.join(trig, f)) > 0)
    if not files:
        die("%s: no KQL HTTP export" % run, 1)
    return os.path.join(trig, files[-1])


# ---------------------------------------------------------------- running

TIME = "/usr/bin/time"   # GNU time (Debian package `time`)


def run_once(argv, out_dir):
    """Run argv under GNU time; return (wall s, CPU s, peak RSS KiB, page
    faults, exit code). The peak RSS comes from `time -f %M`, and the minor
    page faults (pages first touched: about 10 us each on a VM, see
    docs/performance.md) from its %R, both of the child alone; `time`'s
    child is exec'd from
    a small process: a child forked from this Python process would carry
    Python's own RSS in its ru_maxrss (the high-water mark survives exec).
    The wall time is measured here (time's %e has 10 ms steps). The CPU
    time (user + system) is the rusage wait4 gives for `time`, which
    includes the child it waited for; it is what the wall time would be on
    an idle machine, less the waits. The extra fork and exec of `time` is
    the same small cost for every command."""
    rss_file = os.path.join(out_dir, "time.out")
    t0 = time.perf_counter()
    p = subprocess.Popen([TIME, "-f", "%M %R", "-o", rss_file] + argv,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    with open(rss_file) as f:
        lines = f.read().split()
    ok = len(lines) >= 2 and lines[-2].isdigit() and lines[-1].isdigit()
    rss, faults = (int(lines[-2]), int(lines[-1])) if ok else (0, 0)
    return t1 - t0, ru.ru_utime + ru.ru_stime, rss, faults, p.returncode


def capture(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        die("%s exited %d: %s" % (" ".join(argv), r.returncode,
                                  r.stderr.decode(errors="replace")[-400:]), 1)
    return r.stdout


def measure(cmds, runs, out_dir):
    """cmds: {name: argv}. One warm-up run each, then `runs` rounds, the
    commands interleaved. Returns {name: (wall times, CPU times, rss_kib,
    page faults)}."""
    res = {name: ([], [], [], []) for name in cmds}
    for name, argv in cmds.items():
        rc = run_once(argv, out_dir)[4]
        if rc != 0:
            die("%s exited %d" % (" ".join(argv), rc), 1)
    for _ in range(runs):
        for name, argv in cmds.items():
            t, cpu, rss, faults, rc = run_once(argv, out_dir)
            if rc != 0:
                die("%s exited %d" % (" ".join(argv), rc), 1)
            for i, v in enumerate((t, cpu, rss, faults)):
                res[name][i].append(v)
    return res


# ---------------------------------------------------------------- numbers

def parse_reference(text):
    """reference.py's printout -> {key: value text}."""
    out = {}
    summ = re.compile(r"n=(\d+) mean=(\S+) p95=(\S+) max=(\S+)")
    for line in text.splitlines():
        if not line.strip():
            continue
        head = line.split(" ", 1)[0]
        if head in ("midleak", "postheavy"):
            _, key, val = line.split(" ")
            out["delta.%s.%s" % (head, key)] = int(val)
        elif head in ("leak", "heavy"):
            m = re.match(r"^(\w+) " + summ.pattern + r" 5xx=(\d+)$", line)
            if not m:
                die("cannot read the reference line: " + line, 1)
            for k, v in zip(("n", "mean", "p95", "max", "n5xx"), m.groups()[1:]):
                out["client.%s.%s" % (head, k)] = v
        elif head == "kql":
            m = re.match(r"^kql (.*) (\[.*\]) " + summ.pattern + "$", line)
            if not m:
                die("cannot read the reference line: " + line, 1)
            ep = m.group(1)
            status = {str(c): n for c, n in ast.literal_eval(m.group(2))}
            out["kql.%s.status" % ep] = status
            for k, v in zip(("n", "mean", "p95", "max"), m.groups()[2:]):
                out["kql.%s.%s" % (ep, k)] = v
        elif head == "console":
            counts = dict(ast.literal_eval(line[len("console "):]))
            out["console.WORKER TIMEOUT"] = counts["WORKER TIMEOUT"]
            out["console.SIGKILL"] = counts["SIGKILL"]
        else:
            die("unexpected reference line: " + line, 1)
    return out


def value(metrics, name):
    m = metrics.get(name)
    return None if m is None else m.get("value")


def compare(model, ref):
    """Returns (number of values compared, list of disagreements)."""
    metrics = model["metrics"]
    bad, n = [], 0

    def exact(key, lv, rv):
        nonlocal n
        n += 1
        if lv is None or lv != rv:
            bad.append("%s: labverdict %r, reference %r" % (key, lv, rv))

    def printed(key, lv, rv):   # p95, max: the same value at 6 decimals
        nonlocal n
        n += 1
        if lv is None or "%.6f" % lv != rv:
            bad.append("%s: labverdict %r, reference %s" % (key, lv, rv))

    def close(key, lv, rv):     # mean: within the reference's rounding
        nonlocal n
        n += 1
        if lv is None or abs(lv - float(rv)) > 1e-6:
            bad.append("%s: labverdict %r, reference %s" % (key, lv, rv))

    eps = {}
    for s in model.get("kql_http", {}).get("scopes", []):
        if s.get("scope") == "whole":
            eps = {e["endpoint"]: e for e in s["endpoints"]}
    ref_eps = set()
    for key, rv in ref.items():
        if key.startswith("delta."):
            exact(key, value(metrics, key), rv)
        elif key.startswith("client."):
            lv = value(metrics, key)
            if key.endswith((".n", ".n5xx")):
                exact(key, lv, int(rv))
            elif key.endswith(".mean"):
                close(key, lv, rv)
            else:
                printed(key, lv, rv)
        elif key.startswith("kql."):
            ep, what = key[4:].rsplit(".", 1)
            ref_eps.add(ep)
            e = eps.get(ep)
            if e is None:
                n += 1
                bad.append("endpoint %s: not in labverdict's whole-export "
                           "table" % ep)
                continue
            if what == "status":
                st = {}
                for part in e["status_text"].split(", "):
                    c, k = part.split(": ")
                    st[c] = int(k)
                exact(key, st, rv)
            elif what == "n":
                exact(key, e["n"]["value"], int(rv))
            elif what == "mean":
                close(key, e["mean"]["value"], rv)
            else:
                printed(key, e[what]["value"], rv)
        elif key == "console.WORKER TIMEOUT":
            exact(key, value(metrics, "console.whole.worker_timeout"), rv)
        elif key == "console.SIGKILL":
            exact(key, value(metrics, "console.whole.sigkill"), rv)
    extra = sorted(set(eps) - ref_eps)
    if extra:
        n += 1
        bad.append("endpoints only labverdict has: %s" % ", ".join(extra))
    return n, bad


# ---------------------------------------------------------------- output

def mb(kib):
    return kib / 1024.0


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1048576.0)
                    break
    except OSError:
        pass
    return "%s, %d CPUs (nproc %d), %s RAM, %s, Python %s" % (
        cpu, os.cpu_count() or 0, len(os.sched_getaffinity(0)), mem,
        platform.platform(terse=True), platform.python_version())


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--lv", required=True, help="labverdict built with -O2")
    ap.add_argument("--lv-o0", required=True, help="labverdict built with -O0")
    ap.add_argument("--bare", required=True, help="the bare yajl parse")
    ap.add_argument("--rows", type=int, default=500000)
    ap.add_argument("--scale", default="50000,250000,500000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--glued", default="25000,50000,100000,200000",
                    help="glued heavy stream sizes (records) to recover")
    a = ap.parse_args()

    bench_dir = os.path.join(a.shared, "bench")
    gen = os.path.join(bench_dir, "make-large-run.py")
    ref = os.path.join(bench_dir, "reference.py")
    if not os.path.isdir(bench_dir):
        die("%s is absent: the benchmark needs the shared folder's bench/ "
            "(make-large-run.py, reference.py); pass SHARED=/path/to/shared"
            % bench_dir)
    for f in (gen, ref):
        if not os.path.isfile(f):
            die("%s is absent" % f)
    for f in (a.lv, a.lv_o0, a.bare, TIME):
        if not os.access(f, os.X_OK):
            die("%s is not built" % f)
    scale = sorted({int(x) for x in a.scale.split(",") if x.strip()} | {a.rows})
    py = sys.executable
    out_dir = os.path.join(a.build, "bench")
    os.makedirs(out_dir, exist_ok=True)

    print("labverdict benchmark (issue 6)")
    print("machine: " + machine())
    print("load average (1, 5, 15 min) at the start: %s" % loadavg())
    print()
    print("== runs (%s, cached in %s/bench/)" % (os.path.basename(gen), a.build))
    runs = {}
    for rows in scale:
        runs[rows], fresh = generate(gen, a.build, rows)
        if not fresh:
            print("  %s: up to date" % runs[rows])
    glued = sorted({int(x) for x in a.glued.split(",") if x.strip()})
    files = {}   # glued heavy streams: small runs for their heavy CSV
    for recs in glued:
        run, fresh = generate(gen, a.build, 0, "glued-%d" % recs,
                              ["--kql-rows", "1000", "--leak-rows", "10",
                               "--heavy-rows", str(recs)])
        if not fresh:
            print("  %s: up to date" % run)
        files[recs] = heavy_csv(run)
    big = runs[a.rows]
    http = http_export(big)
    print("  %s: KQL HTTP export %.1f MB" % (big, os.path.getsize(http) / 1e6))
    print()

    failed = False
    print("== same numbers as reference.py (%d rows)" % a.rows)
    model = json.loads(capture([a.lv, "report", "--format", "json", big]))
    refout = parse_reference(capture([py, ref, big]).decode())
    n, bad = compare(model, refout)
    if bad:
        failed = True
        print("  FAIL: %d of %d values differ:" % (len(bad), n))
        for b in bad[:40]:
            print("    " + b)
    else:
        print("  ok: %d values agree (deltas, leak and heavy n/mean/p95/max/"
              "5xx, %d endpoints' status counts and TimeTaken n/mean/p95/max "
              "over the whole export, console WORKER TIMEOUT and SIGKILL)"
              % (n, sum(1 for k in refout if k.endswith(".status"))))
        print("      counts exact; p95 and max equal at the reference's 6 "
              "decimals; means within 1e-6")
    print()

    print("== the same bytes from -O0 and -O2 (%d rows)" % a.rows)
    for fmt in ("md", "json"):
        o2 = capture([a.lv, "report", "--format", fmt, big])
        o0 = capture([a.lv_o0, "report", "--format", fmt, big])
        same = o0 == o2
        failed |= not same
        print("  %s: %s (%d bytes, sha256 %s)" % (
            fmt, "identical" if same else "DIFFERENT", len(o2),
            hashlib.sha256(o2).hexdigest()[:16]))
    print()

    print("== time and peak RSS, %d rows: %d runs each, interleaved, median"
          % (a.rows, a.runs))
    cmds = {
        "labverdict report": [a.lv, "report", big],
        "reference.py": [py, ref, big],
        "bare yajl parse": [a.bare, http],
    }
    res = measure(cmds, a.runs, out_dir)
    med = {}
    print("  %-20s %9s %9s %9s %9s %12s %12s" % (
        "", "median s", "min s", "max s", "CPU s", "peak RSS MB", "page faults"))
    for name, (ts, cpus, rss, faults) in res.items():
        med[name] = (statistics.median(ts), statistics.median(cpus),
                     statistics.median(rss))
        print("  %-20s %9.3f %9.3f %9.3f %9.3f %12.1f %12d" % (
            name, med[name][0], min(ts), max(ts), med[name][1],
            mb(med[name][2]), statistics.median(faults)))
    print("  (CPU s: median user + system time, which waiting for a busy "
          "CPU does not inflate)")
    lv_t, lv_cpu, lv_rss = med["labverdict report"]

    def verdict(ok):
        return "met" if ok else "NOT MET"

    print("  %-28s %9s %9s" % ("", "wall", "CPU"))
    speedup = (med["reference.py"][0] / lv_t, med["reference.py"][1] / lv_cpu)
    floor = (lv_t / med["bare yajl parse"][0], lv_cpu / med["bare yajl parse"][1])
    print("  %-28s %8.2fx %8.2fx  (target >= 6x: %s on wall, %s on CPU)" % (
        "reference.py / labverdict", speedup[0], speedup[1],
        verdict(speedup[0] >= 6), verdict(speedup[1] >= 6)))
    print("  %-28s %8.2fx %8.2fx  (target <= 2x: %s on wall, %s on CPU)" % (
        "labverdict / bare parse", floor[0], floor[1],
        verdict(floor[0] <= 2), verdict(floor[1] <= 2)))
    mins = {name: min(r[0]) for name, r in res.items()}
    print("  (fastest runs, wall: reference.py / labverdict %.2fx, labverdict "
          "/ bare parse %.2fx)" % (mins["reference.py"] / mins["labverdict report"],
                                   mins["labverdict report"] / mins["bare yajl parse"]))
    print("  labverdict peak RSS:       %5.1f MB (target <= 32 MB: %s)"
          % (mb(lv_rss), verdict(lv_rss <= 32 * 1024)))
    print("  reference.py peak RSS:     %5.1f MB (%.1fx labverdict's)"
          % (mb(med["reference.py"][2]), med["reference.py"][2] / lv_rss))
    print()

    print("== labverdict report against rows (%d runs each, median; the leak "
          "and heavy CSVs stay at 100,000 records)" % a.runs)
    print("  %9s %10s %9s %9s %12s %10s" % ("KQL rows", "export MB",
                                             "median s", "CPU s",
                                             "peak RSS MB", "MB/s"))
    pts = []
    for rows in scale:
        h = http_export(runs[rows])
        size = os.path.getsize(h) / 1e6
        if rows == a.rows:
            t, cpu, rss = lv_t, lv_cpu, lv_rss
        else:
            r = measure({"r": [a.lv, "report", runs[rows]]}, a.runs,
                        out_dir)["r"]
            t, cpu, rss = (statistics.median(r[0]), statistics.median(r[1]),
                           statistics.median(r[2]))
        pts.append((rows, cpu, rss))
        print("  %9d %10.1f %9.3f %9.3f %12.1f %10.0f" % (
            rows, size, t, cpu, mb(rss), size / cpu))
    if len(pts) >= 2:
        (r0, t0, m0), (r1, t1, m1) = pts[0], pts[-1]
        print("  from %d to %d rows: +%.3f CPU s (%.2f us per added row), "
              "+%.1f MB (%.1f bytes per added row)" % (
                  r0, r1, t1 - t0, (t1 - t0) / (r1 - r0) * 1e6,
                  mb(m1 - m0), (m1 - m0) * 1024.0 / (r1 - r0)))
    if glued:
        print()
        print("== recovery of a glued heavy stream against records "
              "(labverdict recover, %d runs each, median)" % a.runs)
        print("  %9s %8s %9s %9s %12s %14s" % (
            "records", "file MB", "median s", "CPU s", "peak RSS MB",
            "CPU us/record"))
        per = []
        for recs in glued:
            f = files[recs]
            r = measure({"r": [a.lv, "recover", f]}, a.runs, out_dir)["r"]
            t, cpu, rss = (statistics.median(r[0]), statistics.median(r[1]),
                           statistics.median(r[2]))
            per.append(cpu / recs * 1e6)
            print("  %9d %8.1f %9.3f %9.3f %12.1f %14.2f" % (
                recs, os.path.getsize(f) / 1e6, t, cpu, mb(rss), per[-1]))
        print("  time per record from the smallest to the largest: %.2f -> "
              "%.2f us (linear when flat; includes printing every record)"
              % (per[0], per[-1]))
        print()

    print("load average at the end: %s (a busy machine slows every "
          "command; the ratios are taken from interleaved runs)" % loadavg())
    print()
    if failed:
        print("bench: a check FAILED (see above)")
        return 1
    print("bench: checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
