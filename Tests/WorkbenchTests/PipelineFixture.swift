import Alerting
import Foundation
import Publishing
import TestSupport
import Workbench
import XCTest

/// `SeriesFixture`'s long-format series for two cities × two sectors, 2021-01 … 2024-12, with
/// manufacturing payroll in Changsha 15% down from 2024-10, and a second file 2024-12 …
/// 2025-03 in which it recovers and which revises one 2024-12 figure.
enum PipelineFixture {
    /// 2025-01-01T00:00:00Z (08:00 China Standard Time).
    static let clock = RunClock(now: Date(timeIntervalSince1970: 1_735_689_600), today: Date(timeIntervalSince1970: 1_742_000_000))
    /// The revised 2024-12 figure of 430200 F payroll in the second file.
    static let revised = 30_000.0

    /// The value of a cell in month `i` (0 = 2021-01), before any revision.
    static func value(region: String, sector: String, signal: String, _ i: Int, recovered: Bool) -> Double {
        SeriesFixture.value(region: region, sector: sector, signal: signal, i, recovered: recovered)
    }

    /// `SeriesFixture`'s cells (no surveyed rate) for months `range`; `revise` sets the 2024-12
    /// payroll of 430200 F to `revised`.
    static func csv(months range: Range<Int>, recovered: Bool = false, revise: Bool = false) -> String {
        SeriesFixture.csv(months: range, recovered: recovered, surveyedRate: false) { region, sector, signal, i in
            revise && i == 47 && region == "430200" && sector == "F" && signal == "payroll_headcount" ? revised : nil
        }
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
