"""Refresh the dashboard's vendored JavaScript/CSS/TopoJSON from the npm registry.

The web dashboard (``alliancelab serve``) loads no file from a CDN: every library it uses
is committed under ``src/alliancelab/web/static/vendor/`` with a manifest
(``MANIFEST.json``: name, version, licence, sha256 of each file). ``pip install`` and CI
need no Node; only this script does, to refresh the files::

    python tools/vendor_web.py            # fetch the pinned versions, rewrite the manifest
    python tools/vendor_web.py --check    # verify the committed files against the manifest

It runs ``npm pack NAME@VERSION`` in a temporary folder (npm's own client and registry
settings), extracts the listed files and their licence, and writes their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "alliancelab" / "web" / "static" / "vendor"

#: npm package -> (version, licence, {file in the package: file under vendor/})
PACKAGES: dict[str, tuple[str, str, dict[str, str]]] = {
    "cytoscape": (
        "3.35.0",
        "MIT",
        {
            "dist/cytoscape.min.js": "cytoscape/cytoscape.min.js",
            "LICENSE": "cytoscape/LICENSE",
        },
    ),
    "swagger-ui-dist": (
        "5.35.0",
        "Apache-2.0",
        {
            "swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui/swagger-ui.css",
            "favicon-32x32.png": "swagger-ui/favicon-32x32.png",
            "LICENSE": "swagger-ui/LICENSE",
        },
    ),
    "world-atlas": (
        "2.0.2",
        "ISC",
        {
            "countries-110m.json": "world-atlas/countries-110m.json",
            "LICENSE": "world-atlas/LICENSE",
        },
    ),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> dict[str, object]:
    """Download the pinned packages with ``npm pack`` and copy their files into vendor/."""
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, licence, files) in PACKAGES.items():
            out = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            tgz = Path(tmp) / out.splitlines()[-1]
            with tarfile.open(tgz) as tf:
                for src, dst in files.items():
                    member = tf.extractfile(f"package/{src}")
                    if member is None:
                        raise SystemExit(f"{name}@{version} has no {src}")
                    target = VENDOR / dst
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(member.read())
                    entries.append(
                        {
                            "name": name,
                            "version": version,
                            "licence": licence,
                            "source": f"npm:{name}@{version}/{src}",
                            "file": dst,
                            "sha256": sha256(target),
                        }
                    )
    return {"generated_by": "tools/vendor_web.py", "files": entries}


def check() -> int:
    """Compare the committed files with the manifest; 0 when all match."""
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text())
    bad = 0
    for e in manifest["files"]:
        path = VENDOR / e["file"]
        if not path.exists() or sha256(path) != e["sha256"]:
            print(f"mismatch: {e['file']}")
            bad += 1
    print(f"{len(manifest['files']) - bad} file(s) match, {bad} differ")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify, do not download")
    args = ap.parse_args()
    if args.check:
        return check()
    manifest = fetch()
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(manifest['files'])} file(s) and {VENDOR / 'MANIFEST.json'}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
