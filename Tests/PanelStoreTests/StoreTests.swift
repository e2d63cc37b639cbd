import Codes
import Foundation
import Ingest
import PanelData
import PanelStore
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
