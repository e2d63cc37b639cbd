"""Rewrites the checksum block and the events table of datasets/hunan-demo/README.md
from the files next to it (run after regenerating the demo). Python 3 standard library only."""
import csv, hashlib, pathlib, re

d = pathlib.Path(__file__).resolve().parent.parent / "datasets" / "hunan-demo"
readme = (d / "README.md").read_text(encoding="utf-8")
files = sorted(p for p in d.iterdir() if p.name.endswith((".csv", ".csv.gz")))
sums = "\n".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in files)
readme = re.sub(r"(SHA-256 of the committed files:\n\n```\n).*?(\n```)", lambda m: m.group(1) + sums + m.group(2),
                readme, flags=re.S)
rows = list(csv.reader((d / "truth.csv").open(encoding="utf-8")))
table = "\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                  + ["| " + " | ".join(r) + " |" for r in rows[1:]])
readme = re.sub(r"(Events in this seed:\n\n).*?(\n\n)", lambda m: m.group(1) + table + m.group(2), readme, flags=re.S)
(d / "README.md").write_text(readme, encoding="utf-8")
