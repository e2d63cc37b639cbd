import Alerting
import Foundation
import Publishing
import TestSupport
import Workbench
import XCTest

/// Generic long-format series for two cities × two sectors, 2021-01 … 2024-12, with
/// manufacturing payroll in Changsha 15% down from 2024-10, and a second file 2024-12 …
/// 2025-03 in which it recovers and which revises one 2024-12 figure.
enum PipelineFixture {
    /// 2025-01-01T00:00:00Z (08:00 China Standard Time).
    static let clock = RunClock(now: Date(timeIntervalSince1970: 1_735_689_600), today: Date(timeIntervalSince1970: 1_742_000_000))
    /// The revised 2024-12 figure of 430200 F payroll in the second file.
    static let revised = 30_000.0

    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
    }

    static func month(_ i: Int) -> String { String(format: "%04d-%02d", 2021 + i / 12, i % 12 + 1) }

    /// The value of a cell in month `i` (0 = 2021-01), before any revision.
    static func value(region: String, sector: String, signal: String, _ i: Int, recovered: Bool) -> Double {
        let base = signal == "payroll_headcount" ? 20_000.0 : 400.0
        let seed: UInt64 = ["430100": 0, "430200": 4][region]! + (sector == "C" ? 0 : 2) + (signal == "payroll_headcount" ? 1 : 2)
        var n = Noise(state: seed)
        var noise = 0.0
        for _ in 0...i { noise = n.next() }
        var v = base * (1 + 0.002 * Double(i)) * (1 + 0.03 * sin(2 * Double.pi * Double(i % 12) / 12)) * (1 + 0.01 * noise)
        if region == "430100" && sector == "C" && signal == "payroll_headcount" && i >= 45 && !(recovered && i >= 48) { v *= 0.85 }
        return v.rounded()
    }

    static func csv(months range: Range<Int>, recovered: Bool = false, revise: Bool = false) -> String {
        var rows = ["period,region_code,sector,signal,value"]
        for region in ["430100", "430200"] {
            for sector in ["C", "F"] {
                for signal in ["payroll_headcount", "ui_new_claims"] {
                    for i in range {
                        var v = value(region: region, sector: sector, signal: signal, i, recovered: recovered)
                        if revise && i == 47 && region == "430200" && sector == "F" && signal == "payroll_headcount" { v = revised }
                        rows.append("\(month(i)),\(region),\(sector),\(signal),\(String(format: "%.0f", v))")
                    }
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A workspace as `jobsentry init` makes it (default rules, the manifest key pair and the CAP key and certificate), with the
    /// first file in its inbox.
    static func workspace(_ test: XCTestCase) throws -> Workspace {
        let ws = Workspace(try temporaryDirectory(test).appendingPathComponent("ws").path)
        let fm = FileManager.default
        for d in [ws.root, ws.inbox, ws.outbox, ws.storeDir, ws.keys] { try fm.createDirectory(at: d, withIntermediateDirectories: true) }
        try Data(AlertConfig.defaultText.utf8).write(to: ws.config)
        let pair = Signing.generate()
        try Data(pair.privateKey.utf8).write(to: ws.privateKey)
        try Data(pair.publicKey.utf8).write(to: ws.publicKey)
        try CAPSigner.create(prefix: ws.keys.appendingPathComponent("signing").path)
        try csv(months: 0..<48).write(to: ws.inbox.appendingPathComponent("series-2024.csv"), atomically: true, encoding: .utf8)
        return ws
    }

    static func addSecondFile(_ ws: Workspace) throws {
        try csv(months: 47..<51, recovered: true, revise: true)
            .write(to: ws.inbox.appendingPathComponent("series-2025q1.csv"), atomically: true, encoding: .utf8)
    }
}
