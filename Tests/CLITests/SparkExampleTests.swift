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

    func testSparkPipeMapReduceEqualsSingleRun() throws {
        guard (try? python(["-c", "import pyspark"]))?.0 == 0 else {
            throw XCTSkip("pyspark is not installed (pip install pyspark); the Spark example is not checked")
        }
        let dir = try temporaryDirectory(self)
        let input = repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/payroll-small.csv").path
        let out = dir.appendingPathComponent("spark.csv").path
        let (status, log) = try python([repositoryRoot.appendingPathComponent("scripts/spark/aggregate_payroll.py").path,
                                        "--jobsentry", jobsentryPath, "--partitions", "3", "--out", out, input])
        XCTAssertEqual(status, 0, log)
        let single = try runJobSentry(["aggregate", input, "--rollup", "--out", "-"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), single.stdout)
    }
}
