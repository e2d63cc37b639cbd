import Foundation
import TestSupport
import XCTest

/// A small workspace for `run` tests: `SeriesFixture`'s series for two cities × two sectors,
/// 2021-01 … 2024-12, with manufacturing payroll in Changsha dropping 15% from 2024-10 (the
/// injected event), and a follow-up file 2025-01 … 2025-03 in which it recovers.
enum RunFixture {
    static let epoch = ["SOURCE_DATE_EPOCH": "1735689600", "JOBSENTRY_BLAS_AUTOTUNE": "0"]

    /// Rows for months `range` (0 = 2021-01) of `SeriesFixture`, with the surveyed rate;
    /// `recovered` ends the drop.
    static func csv(months range: Range<Int>, recovered: Bool = false) -> String {
        SeriesFixture.csv(months: range, recovered: recovered)
    }

    /// A new workspace with the first file in its inbox.
    static func workspace(_ test: XCTestCase) throws -> URL {
        let dir = try temporaryDirectory(test).appendingPathComponent("ws")
        let r = try runJobSentry(["init", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        try csv(months: 0..<48).write(to: dir.appendingPathComponent("inbox/series-2024.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    static func addRecovery(_ ws: URL) throws {
        try csv(months: 48..<51, recovered: true).write(to: ws.appendingPathComponent("inbox/series-2025q1.csv"), atomically: true, encoding: .utf8)
    }

    static func run(_ ws: URL, _ extra: [String] = [], env: [String: String] = [:]) throws -> ProcessOutput {
        try runJobSentry(["run", "--workspace", ws.path] + extra, environment: epoch.merging(env) { $1 })
    }

    /// Every file under the outbox with its bytes, and the store's alert listing: what a
    /// receiver and an analyst would see.
    static func snapshot(_ ws: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = ws.appendingPathComponent("outbox")
        let e = FileManager.default.enumerator(atPath: root.path)!
        for case let rel as String in e {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &isDir)
            if !isDir.boolValue { out[rel] = try Data(contentsOf: root.appendingPathComponent(rel)) }
        }
        let alerts = try runJobSentry(["alerts", "--workspace", ws.path])
        out["<alerts>"] = Data(alerts.stdout.utf8)
        return out
    }
}
