import Foundation
import TestSupport
import XCTest

/// A small workspace for `run` tests: generic long-format series for two cities × two
/// sectors, 2021-01 … 2024-12, with manufacturing payroll in Changsha dropping 15% from
/// 2024-10 (the injected event), and a follow-up file 2025-01 … 2025-03 in which it recovers.
enum RunFixture {
    static let epoch = ["SOURCE_DATE_EPOCH": "1735689600", "JOBSENTRY_BLAS_AUTOTUNE": "0"]

    /// Linear congruential noise in [-0.5, 0.5), the same on every platform.
    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
    }

    static func period(_ i: Int) -> String { String(format: "%04d-%02d", 2021 + i / 12, i % 12 + 1) }

    /// Rows for months `range` (0 = 2021-01); `recovered` ends the drop.
    static func csv(months range: Range<Int>, recovered: Bool = false) -> String {
        var rows = ["period,region_code,sector,signal,value"]
        var seed: UInt64 = 7
        for region in ["430100", "430200"] {
            for sector in ["C", "F"] {
                for (signal, base) in [("payroll_headcount", 20_000.0), ("ui_new_claims", 400.0)] {
                    seed += 1
                    var n = Noise(state: seed)
                    for i in 0..<range.upperBound {
                        let season = 1 + 0.03 * sin(2 * Double.pi * Double(i % 12) / 12)
                        var v = base * (1 + 0.002 * Double(i)) * season * (1 + 0.01 * n.next())
                        if region == "430100" && sector == "C" && signal == "payroll_headcount" && i >= 45 && !(recovered && i >= 48) {
                            v *= 0.85
                        }
                        if range.contains(i) { rows.append("\(period(i)),\(region),\(sector),\(signal),\(String(format: "%.0f", v))") }
                    }
                }
            }
            var n = Noise(state: seed + 100)
            for i in range {
                rows.append("\(period(i)),\(region),ALL,surveyed_unemployment_rate,\(String(format: "%.2f", 4.5 + 0.1 * n.next()))")
            }
        }
        return rows.joined(separator: "\n") + "\n"
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
