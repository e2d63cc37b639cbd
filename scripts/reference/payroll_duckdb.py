"""Reference aggregate for IngestTests: a small payroll file and DuckDB's GROUP BY of it.

Run from the repository root:  python3 scripts/reference/payroll_duckdb.py
Writes Tests/IngestTests/Resources/payroll-small.csv (the input) and
Tests/IngestTests/Resources/payroll-small.duckdb.csv (DuckDB's answer).
Library versions used for the committed files: Python 3.11.7, duckdb 2.0.1.
"""
import random

import duckdb

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(body):
    """Completes a 17-character body with its GB 32100-2015 check character."""
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def main():
    rng = random.Random(20260329)
    counties = ["430102", "430104", "430111", "430121", "430202", "430211", "430302", "431003", "433101"]
    sectors = list("ABCDEFGHIJKLMNOPQRST")
    enterprises = []
    for i in range(300):
        region = rng.choice(counties)
        body = "91" + region + "".join(rng.choice(ALPHABET) for _ in range(9))
        enterprises.append((uscc(body), region, rng.choice(sectors), rng.randint(3, 400)))
    inp = "Tests/IngestTests/Resources/payroll-small.csv"
    with open(inp, "w") as f:
        f.write("period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n")
        for month in range(1, 7):
            for code, region, sector, size in enterprises:
                if rng.random() < 0.05:
                    continue  # not every enterprise reports every month
                head = max(0, size + rng.randint(-10, 10))
                wages = head * rng.randint(3000, 12000)
                r = rng.random()
                late = "" if r < 0.5 else str(rng.choice([0, 5, 30, 31, 45, 90]))
                f.write(f"2025-{month:02d},{code},{region},{sector},{head},{wages},{late}\n")
    out = "Tests/IngestTests/Resources/payroll-small.duckdb.csv"
    duckdb.sql(f"""
        COPY (
          SELECT period, region_code, sector,
                 count(DISTINCT enterprise_id) AS enterprises,
                 sum(headcount) AS headcount,
                 sum(wages_cny) AS wages_cny,
                 count(*) FILTER (WHERE days_late > 30) AS late_payers
          FROM read_csv('{inp}', types = {{'region_code': 'VARCHAR', 'period': 'VARCHAR', 'days_late': 'INTEGER'}})
          GROUP BY period, region_code, sector
          ORDER BY period, region_code, sector
        ) TO '{out}' (HEADER, DELIMITER ',')
    """)


if __name__ == "__main__":
    main()
