"""Generates a payroll file for the ingest benchmark: ROWS rows of
period,enterprise_id,region_code,sector,headcount,wages_cny,days_late
for 100,000 enterprises (valid credit codes) over consecutive months, the way a
provincial social-insurance agency would export them (month by month, one row per
enterprise). Deterministic (seed 7).

    python3 scripts/bench/make_payroll.py ROWS OUT.csv
"""
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CITIES = ["4301", "4302", "4303", "4304", "4305", "4306", "4307", "4308", "4309", "4310", "4311", "4312", "4313", "4331"]


def uscc(body):
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(7)
    n_ent = min(100_000, rows)
    counties = [c + f"{k:02d}" for c in CITIES for k in range(2, 11)]  # 126 counties
    sectors = "ABCDEFGHIJKLMNOPQRST"
    prefixes, sizes = [], []
    for _ in range(n_ent):
        region = rng.choice(counties)
        body = "91" + region + "".join(rng.choice(ALPHABET) for _ in range(9))
        prefixes.append(f",{uscc(body)},{region},{rng.choice(sectors)},")
        sizes.append(rng.randint(3, 500))
    lates = ["", "", "", "0", "5", "12", "31", "45", "90"]
    with open(out, "w", buffering=1 << 22) as f:
        f.write("period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n")
        written, month = 0, 0
        while written < rows:
            y, m = 2015 + month // 12, month % 12 + 1
            period = f"{y}-{m:02d}"
            chunk = []
            for i in range(min(n_ent, rows - written)):
                h = sizes[i] + rng.randint(-3, 3)
                h = h if h > 0 else 1
                chunk.append(f"{period}{prefixes[i]}{h},{h * rng.randint(3000, 12000)},{lates[rng.randint(0, 8)]}\n")
            f.writelines(chunk)
            written += len(chunk)
            month += 1


if __name__ == "__main__":
    main()
