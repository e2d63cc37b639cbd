import Foundation
import TestSupport
import XCTest

/// `generate` through the real executable.
final class GenerateCommandTests: XCTestCase {
    /// The committed demo is exactly what its README's command produces.
    func testRegeneratesTheCommittedDemoByteForByte() throws {
        let out = try temporaryDirectory(self).appendingPathComponent("demo")
        let r = try runJobSentry(["generate", "--out", out.path, "--seed", "20260401", "--scale", "demo"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("generate: 2500 enterprises"), r.stderr)
        let committed = repositoryRoot.appendingPathComponent("datasets/hunan-demo")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        XCTAssertEqual(names, ["claims.csv.gz", "enterprises.csv", "insurance.csv.gz", "payroll.csv.gz", "regions.csv",
                               "sectors.csv", "survey.csv", "transport.csv.gz", "truth.csv"])
        for name in names {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(name)),
                           try Data(contentsOf: committed.appendingPathComponent(name)),
                           "datasets/hunan-demo/\(name) differs from a fresh run of its README's command")
        }
    }

    func testBadOptionsAreUsageErrors() throws {
        let dir = try temporaryDirectory(self).path
        var r = try runJobSentry(["generate", "--out", dir, "--from", "2021-13"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--from expects YYYY-MM, got \"2021-13\""), r.stderr)
        r = try runJobSentry(["generate", "--out", dir, "--from", "2012-01", "--to", "2016-12"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--from 2012-01 --to 2016-12: the range must be ordered and lie within 2015-01...2030-12"),
                      r.stderr)
        r = try runJobSentry(["generate", "--out", dir, "--scale", "county"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("county"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "nothing written on a usage error")
    }

    func testUnwritableOutputExits73() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let r = try runJobSentry(["generate", "--out", file.path + "/sub", "--enterprises", "300",
                                  "--from", "2022-01", "--to", "2024-12"])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("error: \(file.path)/sub: cannot create directory"), r.stderr)
    }

    func testHelpShowsAnExample() throws {
        let r = try runJobSentry(["generate", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("jobsentry generate --out datasets/hunan-demo --seed 20260401 --scale demo"), r.stdout)
    }
}
