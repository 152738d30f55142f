"""Issue 13's bad-input cases through the installed CLI, each classified.

Runs 29 invocations (scenario files that try to write outside the output folder, sizes far
over the caps, non-ASCII codes, impossible model values, unwritable ``--out`` paths, years
outside coverage...) against ``CHECKOUT/.venv/bin/alliancelab`` in a temporary folder with
its own ``ALLIANCELAB_HOME``, under an 8 GiB address-space limit and a 90 s time-out, and
classifies each as ``clean`` (exit 1, one ``ErrorType: message``), ``traceback``,
``accepted`` (exit 0) or ``timeout``; ``+side-effect`` marks a case that wrote outside its
folder or left a temporary file. Prints one line a case and the counts.

Usage: ``python tools/hardening_cases.py CHECKOUT [RESULTS.json]``
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve()  # checkout
BIN = str(ROOT / ".venv/bin/alliancelab")
WORK = Path(tempfile.mkdtemp(prefix="harden-"))
HOME = WORK / "home"
HOME.mkdir()
ENV = dict(os.environ, ALLIANCELAB_HOME=str(HOME), COLUMNS="200")


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))


def run(argv, env=None, cwd=None, timeout=90):
    try:
        p = subprocess.run(
            [BIN, *argv],
            capture_output=True,
            text=True,
            env=env or ENV,
            cwd=cwd or WORK,
            timeout=timeout,
            preexec_fn=limit,
        )
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def classify(rc, out, err):
    if rc == "timeout":
        return "timeout"
    if "Traceback" in err or "Traceback" in out or rc not in (0, 1):
        return "traceback"
    if rc == 0:
        return "accepted"
    if re.match(r"^[A-Za-z]+(Error|Exception): ", err.strip()) or re.search(r"Error: ", err):
        return "clean" if len(err) < 5000 else "clean-but-huge"
    return "other-exit1"


def scen(name, body):
    p = WORK / f"{name}.toml"
    p.write_text(textwrap.dedent(body))
    return str(p)


BASE = """
[scenario]
name = "{name}"
[base]
year = 2022
region = "europe"
[[edits]]
type = "join"
state = "Finland"
alliance = "nato"
[run]
n = {n}
seed = 0
window = {window}
{extra}
"""


def sc(tag, name="t", n=200, window=0, extra=""):
    return scen(tag, BASE.format(name=name, n=n, window=window, extra=extra))


cases = []


def case(cid, argv, expect="error", check=None):
    cases.append((cid, argv, expect, check))


# 1 traversal
outside = WORK.parent / "harden-escape-x"
case(
    "1a scenario name ../../x",
    ["scenario", "run", sc("trav1", name="../../harden-escape-x"), "--no-report"],
    check=lambda: (
        not (WORK / "../../harden-escape-x").resolve().exists()
        and not (WORK / "out/../../harden-escape-x").resolve().exists()
    ),
)
absdir = WORK.parent / "harden-abs-escape"
case(
    "1b scenario name absolute",
    ["scenario", "run", sc("trav2", name=str(absdir)), "--no-report"],
    check=lambda: not absdir.exists(),
)
# 2 bounds
case("2a alignment --starts 1e8", ["simulate", "alignment", "--starts", "100000000"])
case("2b policy --n 1e8", ["policy", "-r", "europe", "-y", "2024", "--n", "100000000"])
case(
    "2c case-study --window 100000",
    ["case-study", "nato-2023-finland", "--window", "100000", "--out", str(WORK / "cs")],
)
case("2d scenario window=100000", ["scenario", "run", sc("win", window=100000), "--no-report"])
case("2e scenario --n 1e12", ["scenario", "run", sc("n1"), "--n", "1000000000000", "--no-report"])
case(
    "2f simulate escalation --n 1e12",
    [
        "simulate",
        "escalation",
        "--year",
        "1914",
        "--challenger",
        "300",
        "--target",
        "345",
        "--n",
        "1000000000000",
    ],
)
case("2g transition --horizon 1e8", ["simulate", "transition", "--horizon", "100000000"])
case("2h scenario n=9e18", ["scenario", "run", sc("n2", n=9000000000000000000), "--no-report"])
case(
    "2i arms_race years=1e9",
    [
        "scenario",
        "run",
        sc("ar", extra='[models.arms_race]\na="Russia"\nb="Finland"\nyears = 1000000000\n'),
        "--no-report",
    ],
)
case(
    "2j bargaining precision=1e9",
    [
        "scenario",
        "run",
        sc("bp", extra='[models.bargaining]\na="Russia"\nb="Finland"\nprecision = 1e9\n'),
        "--no-report",
    ],
)
case(
    "2k bargaining c_b=inf",
    [
        "scenario",
        "run",
        sc("bc", extra='[models.bargaining]\na="Russia"\nb="Finland"\nc_b = inf\n'),
        "--no-report",
    ],
)
case(
    "2l transition horizon=1e8 (scenario)",
    [
        "scenario",
        "run",
        sc(
            "ts",
            extra=(
                '[models.transition]\nleader="Russia"\nchallenger="Germany"\nhorizon = 100000000\n'
            ),
        ),
        "--no-report",
    ],
)
case(
    "2m capability edit scale=1e308",
    [
        "scenario",
        "run",
        scen(
            "cap",
            BASE.format(name="c", n=200, window=0, extra="").replace(
                'type = "join"\nstate = "Finland"\nalliance = "nato"',
                'type = "capability"\nstate = "Finland"\nscale = 1e308',
            ),
        ),
        "--no-report",
    ],
)
# 3 tracebacks
case("3a states --region ²", ["states", "--region", "²"])
case(
    "3b brief --region 2,²",
    ["brief", "--region", "2,²", "--year", "2024", "--out", str(WORK / "b.html")],
)
case("3c states --region Arabic-Indic 2", ["states", "--region", "٢"])
case(
    "3d scenario rates=[x]", ["scenario", "run", sc("rates", extra="[run]\n"), "--no-report"]
)  # placeholder replaced below
(WORK / "existing_dir").mkdir()
case(
    "3e brief --out EXISTING_DIR",
    ["brief", "--region", "europe", "--year", "2024", "--out", str(WORK / "existing_dir")],
    check=lambda: not list((WORK).glob("*.tmp")) and not list((WORK / "existing_dir").glob("*")),
)
ro = WORK / "ro"
ro.write_text("not a folder")  # root ignores modes: a file as parent is unwritable for anyone
case(
    "3f measure --out unwritable",
    ["measure", "--region", "europe", "--years", "2000", "--out", str(ro / "m.csv")],
)
case(
    "3g scenario --out unwritable",
    ["scenario", "run", sc("ro1"), "--out", str(ro / "s"), "--no-report"],
)
case("3h policy --n 0", ["policy", "-r", "europe", "-y", "2024", "--n", "0"])
homefile = WORK / "homefile"
homefile.write_text("x")
case(
    "3i ALLIANCELAB_HOME is a file",
    ["data", "list"],
)
# 5 surprises
case("5a measure --years 1700", ["measure", "--region", "europe", "--years", "1700"])
case("5b measure --years 2030", ["measure", "--region", "europe", "--years", "2030"])
case("5c policy --top -1", ["policy", "-r", "europe", "-y", "2024", "--top", "-1"])
case("5d alignment --seed -3", ["simulate", "alignment", "--seed", "-3"])
case("5e arms-race --end 99999", ["simulate", "arms-race", "--end", "99999"])

# fix 3d: rates inside [run]
p = WORK / "rates.toml"
p.write_text(
    BASE.format(name="r", n=200, window=0, extra="").replace(
        "window = 0", 'window = 0\nrates = ["x"]'
    )
)

results = []
for cid, argv, _expect, check in cases:
    env = ENV
    if cid.startswith("3i"):
        env = dict(ENV, ALLIANCELAB_HOME=str(homefile))
    rc, out, err = run(argv, env=env)
    k = classify(rc, out, err)
    extra = ""
    if check is not None:
        ok = check()
        if not ok:
            extra = " WROTE-OUTSIDE/LEFTOVER"
            k = k + "+side-effect"
    tail = (err.strip().splitlines() or [""])[-1][:160]
    results.append({"id": cid, "class": k, "rc": rc, "tail": tail, "errlen": len(err)})
    print(f"{cid:40s} {k:22s} rc={rc} {tail}{extra}", flush=True)
print(Counter(r["class"] for r in results))
if len(sys.argv) > 2:
    Path(sys.argv[2]).write_text(json.dumps(results, indent=1))
shutil.rmtree(absdir, ignore_errors=True)
shutil.rmtree((WORK / "../../harden-escape-x").resolve(), ignore_errors=True)
