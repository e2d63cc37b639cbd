import Foundation
import TestSupport
import XCTest

/// The Spark example (scripts/spark/aggregate_payroll.py) gives the single-machine result.
final class SparkExampleTests: XCTestCase {
    /// python3's exit status and what it wrote to standard error (Spark logs there).
    private func python(_ args: [String]) throws -> (Int32, String) {
        let r = try runProcess("/usr/bin/env", ["python3"] + args)
        return (r.status, r.stderr)
    }

    /// Both splits: whole files per task (the default) and Spark-read lines piped to `aggregate`.
    func testSparkMapReduceEqualsSingleRunWithEitherSplit() throws {
        guard (try? python(["-c", "import pyspark"]))?.0 == 0 else {
            throw XCTSkip("pyspark is not installed (pip install pyspark); the Spark example is not checked")
        }
        let dir = try temporaryDirectory(self)
        // The six months of the resource as three files of two months: three tasks for the whole-files split.
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/payroll-small.csv"),
                              encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst()
        let inputs = try [["2025-01", "2025-02"], ["2025-03", "2025-04"], ["2025-05", "2025-06"]].map { months in
            let url = dir.appendingPathComponent("payroll-\(months[0]).csv")
            let rows = lines.filter { line in months.contains { line.hasPrefix($0 + ",") } }
            XCTAssertFalse(rows.isEmpty)
            try ([header] + rows).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let single = try runJobSentry(["aggregate"] + inputs + ["--rollup", "--out", "-"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertFalse(single.stdout.isEmpty)
        for split in ["files", "lines"] {
            let out = dir.appendingPathComponent("spark-\(split).csv").path
            let (status, log) = try python([repositoryRoot.appendingPathComponent("scripts/spark/aggregate_payroll.py").path,
                                            "--jobsentry", jobsentryPath, "--partitions", "3", "--split", split,
                                            "--out", out] + inputs)
            XCTAssertEqual(status, 0, "\(split): \(log)")
            XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), single.stdout, split)
        }
    }
}
