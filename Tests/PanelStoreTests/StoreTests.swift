import Codes
import Foundation
import GRDB
import Ingest
import PanelData
@testable import PanelStore
import StoreSchema
import TestSupport
import XCTest

final class StoreTests: XCTestCase {
    private var samples: URL { repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources") }
    private func sample(_ n: String) -> String { samples.appendingPathComponent(n).path }

    private func newStore() throws -> (Store, URL) {
        let dir = try temporaryDirectory(self)
        return (try Store(path: dir.appendingPathComponent("store.sqlite").path), dir)
    }

    private func value(_ p: Panel, _ key: SeriesKey, _ period: String) -> Double? {
        guard let s = p.keys.firstIndex(of: key) else { return nil }
        return p[Period(period)! - p.start, s]
    }

    func testEveryKindLandsInThePanelWithRollups() throws {
        let (store, _) = try newStore()
        for f in ["payroll.csv", "insurance.csv", "claims.csv", "transport.csv", "survey.csv", "enterprises.gb18030.csv"] {
            guard case .ingested(_, let r) = try store.ingest(path: sample(f)) else { return XCTFail(f) }
            XCTAssertEqual(r.rejected.count, 0, f)
        }
        XCTAssertEqual(try store.ledger().map(\.kind), [.payroll, .insurance, .claims, .transport, .survey, .enterprises])
        let p = try store.panel()
        XCTAssertEqual(p.start, Period("2016-01"))
        XCTAssertEqual(p.periodCount, 1)
        // Sums of the 15 sample rows of each file.
        XCTAssertEqual(value(p, SeriesKey(region: "430000", sector: "ALL", signal: "payroll_headcount"), "2016-01"), 699)
        XCTAssertEqual(value(p, SeriesKey(region: "430104", sector: "M", signal: "payroll_enterprises"), "2016-01"), 2)
        XCTAssertEqual(value(p, SeriesKey(region: "430000", sector: "ALL", signal: "separation_rate"), "2016-01"), 14.0 / 603.0)
        XCTAssertEqual(value(p, SeriesKey(region: "430100", sector: "ALL", group: "migrant_worker", signal: "ui_new_claims"), "2016-01"), 8)
        XCTAssertEqual(value(p, SeriesKey(region: "430000", sector: "ALL", signal: "surveyed_unemployment_rate"), "2016-01"), 4.4)
        XCTAssertNil(value(p, SeriesKey(region: "430100", sector: "ALL", signal: "surveyed_unemployment_rate"), "2016-01"))
        XCTAssertEqual(value(p, SeriesKey(region: "430100", sector: "ALL", signal: "rail_departures"), "2016-01"), 111770)
        XCTAssertEqual(value(p, SeriesKey(region: "430000", sector: "ALL", signal: "vacancies_per_seeker"), "2016-01"), 52549.0 / 43372.0)
        XCTAssertFalse(p.keys.contains { $0.signal == "enterprises" || $0.signal.hasSuffix("_days") })
        let registry = try store.enterprises()
        XCTAssertEqual(registry.count, 15)
        XCTAssertEqual(registry.first { $0.enterpriseID == "914301020524899606" }?.name, "长沙芙蓉区泰鑫房地产开发有限责任公司")
    }

    func testReingestIsANoOp() throws {
        let (store, _) = try newStore()
        guard case .ingested(let first, _) = try store.ingest(path: sample("payroll.csv")) else { return XCTFail() }
        let before = try store.panel()
        guard case .alreadyIngested(let again) = try store.ingest(path: sample("payroll.csv")) else { return XCTFail("ingested twice") }
        XCTAssertEqual(again, first)
        XCTAssertEqual(try store.ledger().count, 1)
        XCTAssertEqual(try store.panel().values, before.values)
    }

    func testCorrectedFileIsANewVintageAndTheOldOneStaysReadable() throws {
        let (store, dir) = try newStore()
        let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
        let v1 = dir.appendingPathComponent("payroll-2025-03.csv").path
        try (header + "2025-03,914301020524899606,430102,K,88,649464,\n").write(toFile: v1, atomically: true, encoding: .utf8)
        let t1 = Date(timeIntervalSince1970: 1_740_000_000)
        _ = try store.ingest(path: v1, now: t1)
        let v2 = dir.appendingPathComponent("payroll-2025-03-corrected.csv").path
        try (header + "2025-03,914301020524899606,430102,K,80,600000,45\n").write(toFile: v2, atomically: true, encoding: .utf8)
        _ = try store.ingest(path: v2, now: t1.addingTimeInterval(86_400))
        let key = SeriesKey(region: "430102", sector: "K", signal: "payroll_headcount")
        XCTAssertEqual(value(try store.panel(), key, "2025-03"), 80)
        XCTAssertEqual(value(try store.panel(knownAt: .vintage(1)), key, "2025-03"), 88)
        XCTAssertEqual(value(try store.panel(knownAt: .date(t1.addingTimeInterval(3600))), key, "2025-03"), 88)
        XCTAssertEqual(value(try store.panel(), SeriesKey(region: "430000", sector: "ALL", signal: "late_payers"), "2025-03"), 1)
        XCTAssertEqual(try store.panel(knownAt: .date(t1.addingTimeInterval(-1))).seriesCount, 0)
        XCTAssertEqual(try store.enterpriseMonthly().map(\.headcount), [80])
        // Enterprise-months keep their vintages too.
        XCTAssertEqual(try store.enterpriseMonthly(knownAt: .vintage(1)).map(\.headcount), [88])
        XCTAssertEqual(try store.enterpriseSeries(from: Period("2025-03")!, through: Period("2025-03")!, knownAt: .vintage(1))
            .map(\.headcount), [[88]])
        XCTAssertEqual(try store.enterpriseSeries(from: Period("2025-03")!, through: Period("2025-03")!).map(\.daysLate), [[45]])
    }

    /// What a backtest does: read the store once, then for each month take the vintage known
    /// then and slice the enterprise series from memory. A restatement of March arrives after
    /// the March file; the replay of February never sees March, and March sees the restated
    /// figure only through the vintage that brought it.
    func testBacktestSeesEnterpriseFiguresAsKnownAtEachMonth() throws {
        let (store, dir) = try newStore()
        let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
        let id = "914301020524899606"
        let files = [("p-2025-01.csv", "2025-01,\(id),430102,K,100,10000,\n"),
                     ("p-2025-02.csv", "2025-02,\(id),430102,K,100,10000,\n"),
                     ("p-2025-03.csv", "2025-03,\(id),430102,K,40,4000,\n"),
                     ("p-2025-03-restated.csv", "2025-03,\(id),430102,K,45,4500,60\n")]
        for (name, row) in files {
            let f = dir.appendingPathComponent(name).path
            try (header + row).write(toFile: f, atomically: true, encoding: .utf8)
            guard case .ingested = try store.ingest(path: f) else { return XCTFail(name) }
        }
        let facts = try store.snapshot()
        var seen: [String: [Double]] = [:]
        for month in ["2025-01", "2025-02", "2025-03"] {
            let m = Period(month)!
            let known = try XCTUnwrap(facts.vintage(knownAtMonth: m))
            XCTAssertEqual(try store.vintage(knownAtMonth: m), known)
            let panel = try facts.panel(asOf: m, knownAt: known)
            let firms = try facts.enterpriseSeries(from: panel.start, through: m, knownAt: known)
            XCTAssertEqual(firms.map(\.id), [id])
            seen[month] = firms[0].headcount.array
        }
        XCTAssertEqual(seen, ["2025-01": [100], "2025-02": [100, 100], "2025-03": [100, 100, 45]])
        // The March file as first known, before its restatement (vintage 3).
        let march = try facts.enterpriseSeries(from: Period("2025-01")!, through: Period("2025-03")!, knownAt: .vintage(3))
        XCTAssertEqual(march[0].headcount, [100, 100, 40])
        XCTAssertTrue(march[0].daysLate[2].isNaN)
        XCTAssertEqual(march[0].wages, [10000, 10000, 4000])
        XCTAssertEqual(march[0].region, "430102")
        XCTAssertEqual(march[0].sector, "K")
    }

    /// Amounts (wages, arrears) are filed in yuan and summed in fen so sums stay exact; the
    /// panel gives them back in yuan, the unit the enterprise series carry, so a firm's figure
    /// can be added to its cell's (`PayrollNonresponse` does) and evidence prints what was
    /// filed. Expected values are the filed figures summed by hand.
    func testAmountsComeBackInYuanInThePanelAndTheEnterpriseSeries() throws {
        let (store, dir) = try newStore()
        let f = dir.appendingPathComponent("payroll.csv").path
        try ("period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
            + "2025-03,914301020524899606,430102,K,10,1234.56,\n"
            + "2025-03,91430102383031970T,430102,K,5,100.5,\n").write(toFile: f, atomically: true, encoding: .utf8)
        guard case .ingested = try store.ingest(path: f) else { return XCTFail() }
        let facts = try store.snapshot()
        let panel = try facts.panel()
        let firms = try facts.enterpriseSeries(from: panel.start, through: Period("2025-03")!)
        XCTAssertEqual(firms.map { $0.wages[0] }.sorted(), [100.5, 1234.56])
        // 123456 + 10050 fen = 133506 fen = 1335.06 yuan, in the county, the city and the province.
        for region in ["430102", "430100", "430000"] {
            XCTAssertEqual(value(panel, SeriesKey(region: region, sector: "K", signal: "payroll_wages"), "2025-03"), 1335.06, region)
        }
        XCTAssertEqual(try XCTUnwrap(value(panel, SeriesKey(region: "430102", sector: "K", signal: "payroll_wages"), "2025-03")),
                       firms.map { $0.wages[0] }.reduce(0, +), accuracy: 1e-9)
    }

    /// The enterprise series hold their figures as 32-bit integers (wages and arrears in fen);
    /// a wage bill over 21,474,836.47 CNY does not fit and keeps that firm's wages as
    /// `Double`s, through a later file's revision too. Expected values are the filed figures.
    func testEnterpriseFiguresBeyondThirtyTwoBitsComeBackExactly() throws {
        let (store, dir) = try newStore()
        let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
        let first = dir.appendingPathComponent("payroll-1.csv").path, revised = dir.appendingPathComponent("payroll-2.csv").path
        try (header
            + "2025-01,914301020524899606,430102,K,2500,1234.56,3\n"
            + "2025-02,914301020524899606,430102,K,2600,30000000.07,\n"
            + "2025-01,91430102383031970T,430102,K,5,100.5,\n"
            + "2025-02,91430102383031970T,430102,K,5,100.5,40\n").write(toFile: first, atomically: true, encoding: .utf8)
        try (header + "2025-01,914301020524899606,430102,K,2400,2000,\n").write(toFile: revised, atomically: true, encoding: .utf8)
        for f in [first, revised] { guard case .ingested = try store.ingest(path: f) else { return XCTFail(f) } }
        let firms = try store.enterpriseSeries(from: Period("2025-01")!, through: Period("2025-02")!)
        XCTAssertEqual(firms.map(\.id), ["914301020524899606", "91430102383031970T"], "credit-code order")
        XCTAssertEqual(firms[0].wages, [2000, 30_000_000.07])
        XCTAssertEqual(firms[0].headcount, [2400, 2600])
        XCTAssertTrue(firms[0].daysLate[0].isNaN && firms[0].daysLate[1].isNaN, "the revision has no days late; the later month none")
        XCTAssertEqual(firms[1].wages, [100.5, 100.5])
        XCTAssertEqual(firms[1].daysLate[1], 40)
        XCTAssertTrue(firms[1].insured[0].isNaN, "no insurance file")
        XCTAssertEqual(try store.enterpriseSeries(from: Period("2025-01")!, through: Period("2025-02")!, knownAt: .vintage(1))[0].wages,
                       [1234.56, 30_000_000.07], "as known before the revision")
    }

    /// A store of the row layout (schema v1) that holds data is refused with a message that
    /// says what to do; an empty one is upgraded.
    func testStoreOfTheRowLayoutIsRefusedWithAClearMessage() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO ingestion (id, sha256, path, kind, ingested_at, rows_read, accepted, rejected, duplicates)
                VALUES (1, 'ab', 'p.csv', 'payroll', 0, 1, 1, 0, 0);
                INSERT INTO cell VALUES ('payroll', '430102', 'K', 'ALL', '', 'headcount', 24300, 1, 88);
                """)
        }
        try queue.close()
        XCTAssertThrowsError(try Store(path: path)) { e in
            XCTAssertTrue("\(e)".hasPrefix("the store holds 1 ingested file(s) in the row layout of an earlier JobSentry (schema v1)"), "\(e)")
        }
        let empty = dir.appendingPathComponent("empty.sqlite").path
        let q2 = try DatabaseQueue(path: empty)
        try StoreSchema.migrator.migrate(q2, upTo: "v1")
        try q2.close()
        XCTAssertEqual(try Store(path: empty).panel().seriesCount, 0)
    }

    func testAsOfDropsLaterMonths() throws {
        let (store, dir) = try newStore()
        let f = dir.appendingPathComponent("p.csv").path
        try ("period,enterprise_id,region_code,sector,headcount,wages_cny\n"
             + "2025-01,914301020524899606,430102,K,10,100\n2025-02,914301020524899606,430102,K,11,110\n")
            .write(toFile: f, atomically: true, encoding: .utf8)
        _ = try store.ingest(path: f)
        let p = try store.panel(asOf: Period("2025-01"))
        XCTAssertEqual(p.periodCount, 1)
        XCTAssertEqual(try store.panel().periodCount, 2)
    }

    /// The panel as of a month is cut from the vintage's whole panel, which a snapshot builds
    /// once and keeps. It must equal, to the bit, the panel built from the cells through that
    /// month alone: same first month, same last observed month, the same series (a sector
    /// that first reports later, a survey series that starts later, are absent before), the
    /// same values, at every vintage.
    func testPanelAsOfAMonthIsTheSameWhetherCutFromTheWholePanelOrBuiltFromItsCells() throws {
        let (store, dir) = try newStore()
        let payroll = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
        var rows = ""
        for m in 1...6 {
            rows += "2025-0\(m),914301020524899606,430102,K,\(80 + m),\(600_000 + 1_000 * m),\(m == 5 ? "40" : "")\n"
            rows += "2025-0\(m),91430102383031970T,430102,C,\(70 - m),364531,\n"
            // A sector that first reports in April.
            if m >= 4 { rows += "2025-0\(m),914301029785960491,430103,R,\(19 + m),111347,\n" }
        }
        let p1 = dir.appendingPathComponent("payroll.csv").path
        try (payroll + rows).write(toFile: p1, atomically: true, encoding: .utf8)
        _ = try store.ingest(path: p1)
        let survey = dir.appendingPathComponent("survey.csv").path
        try ("period,region_code,group,surveyed_unemployment_rate,youth_unemployment_rate,registered_unemployment_rate,new_urban_jobs,job_vacancies,job_seekers\n"
             + "2025-03,430100,,5.1,,,2962,11985,8846\n2025-05,430100,,5.3,,,2900,11000,9000\n")
            .write(toFile: survey, atomically: true, encoding: .utf8)
        _ = try store.ingest(path: survey)
        // A restatement of March and a new month: a third vintage.
        let p2 = dir.appendingPathComponent("payroll-restated.csv").path
        try (payroll + "2025-03,914301020524899606,430102,K,50,300000,45\n2025-07,91430102383031970T,430102,C,60,364531,\n")
            .write(toFile: p2, atomically: true, encoding: .utf8)
        _ = try store.ingest(path: p2)

        func bits(_ p: Panel) -> [UInt64] { p.values.map(\.bitPattern) }
        let facts = try store.snapshot()
        var compared = 0
        for vintage in Int64(1)...3 {
            let known = KnownAt.vintage(vintage)
            for m in 0..<10 {
                let month = Period("2024-12")! + m
                let cut = try facts.panel(asOf: month, knownAt: known)
                let built = try facts.builtPanel(asOf: month, knownAt: known)
                XCTAssertEqual(cut.start, built.start, "\(month) at vintage \(vintage)")
                XCTAssertEqual(cut.periodCount, built.periodCount, "\(month) at vintage \(vintage)")
                XCTAssertEqual(cut.keys, built.keys, "\(month) at vintage \(vintage)")
                XCTAssertEqual(bits(cut), bits(built), "\(month) at vintage \(vintage)")
                compared += cut.values.count
            }
            XCTAssertEqual(bits(try facts.panel(knownAt: known)), bits(try facts.builtPanel(asOf: nil, knownAt: known)))
        }
        XCTAssertGreaterThan(compared, 0)
        // Before April the R sector and the city survey series are not in the panel; after, they are.
        let march = try facts.panel(asOf: Period("2025-03")!, knownAt: .vintage(1))
        XCTAssertEqual(march.periodCount, 3)
        XCTAssertFalse(march.keys.contains { $0.sector == "R" })
        XCTAssertTrue(try facts.panel(asOf: Period("2025-04")!, knownAt: .vintage(1)).keys.contains { $0.sector == "R" })
        XCTAssertEqual(value(try facts.panel(asOf: Period("2025-06")!), SeriesKey(region: "430102", sector: "K", signal: "payroll_headcount"), "2025-03"), 50)
        XCTAssertEqual(try facts.panel(asOf: Period("2024-12")!).periodCount, 0)
    }

    func testStrictRejectsTheWholeFileAndKeepsTheQuarantine() throws {
        let (store, dir) = try newStore()
        let f = dir.appendingPathComponent("bad.csv").path
        try ("period,enterprise_id,region_code,sector,headcount,wages_cny\n"
             + "2025-01,914301020524899606,430102,K,10,100\n2025-01,914301022135503212,430102,R,-1,100\n")
            .write(toFile: f, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try store.ingest(path: f, strict: true)) { e in
            guard let s = e as? StrictRejection else { return XCTFail("\(e)") }
            XCTAssertTrue(FileManager.default.fileExists(atPath: s.quarantinePath!))
        }
        XCTAssertEqual(try store.ledger().count, 0)
        XCTAssertEqual(try store.panel().seriesCount, 0)
        // Without --strict the good row is stored and the bad one quarantined.
        guard case .ingested(let entry, _) = try store.ingest(path: f) else { return XCTFail() }
        XCTAssertEqual(entry.accepted, 1)
        XCTAssertEqual(entry.rejected, 1)
        let q = try String(contentsOfFile: entry.quarantinePath!, encoding: .utf8)
        XCTAssertTrue(q.contains("3,5,\"expected a non-negative integer in column \"\"headcount\"\", found \"\"-1\"\"\",2025-01,914301022135503212"), q)
    }

    func testEnterpriseMonthlyMergesPayrollAndInsurance() throws {
        let (store, _) = try newStore()
        _ = try store.ingest(path: sample("payroll.csv"))
        _ = try store.ingest(path: sample("insurance.csv"))
        let rows = try store.enterpriseMonthly(enterpriseID: "91430102MAANFC8P69")
        XCTAssertEqual(rows, [EnterpriseMonth(enterpriseID: "91430102MAANFC8P69", period: Period("2016-01")!, region: "430102",
                                              sector: "Q", headcount: 185, wagesCNY: 1_255_026, daysLate: nil, insured: 169,
                                              enrolled: 3, separated: 3, arrearsCNY: nil)])
        XCTAssertEqual(try store.enterpriseMonthly(from: Period("2016-02")).count, 0)
    }
}
