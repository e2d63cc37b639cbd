import Codes
import Foundation
import Ingest
import PanelData
import PanelStore
import TestSupport
import XCTest

/// Issue 15: the ledger records what was stored, a vintage can be withdrawn, the schema
/// is created once however many processes open a new store, and snapshots are consistent.
final class StoreHardeningTests: XCTestCase {
    private let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"

    private func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    private func value(_ p: Panel, _ key: SeriesKey, _ period: String) -> Double? {
        guard let s = p.keys.firstIndex(of: key), let t = Optional(Period(period)! - p.start), t >= 0, t < p.periodCount else { return nil }
        let v = p[t, s]
        return v.isNaN ? nil : v
    }

    func testAFileWithNoStoredRowIsNotRecordedSoItsCorrectionCanFollow() throws {
        let dir = try temporaryDirectory(self)
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let headerOnly = try write(header, "h.csv", in: dir)
        XCTAssertThrowsError(try store.ingest(path: headerOnly)) { e in
            XCTAssertEqual(e as? IngestError, .noValidRow(file: headerOnly, rowsRead: 0, quarantine: nil))
            XCTAssertEqual("\(e)", "\(headerOnly):2:0: a header and no data row; expected at least one valid row, so nothing was stored")
        }
        let allBad = try write(header + "2025-03,914301020524899606,43010X,K,88,649464,\n", "bad.csv", in: dir)
        XCTAssertThrowsError(try store.ingest(path: allBad)) { e in
            guard case let .noValidRow(_, n, q)? = e as? IngestError else { return XCTFail("\(e)") }
            XCTAssertEqual(n, 1)
            // The rejected row is still kept in the quarantine.
            XCTAssertTrue(try! String(contentsOfFile: q!, encoding: .utf8).contains("43010X"))
        }
        XCTAssertEqual(try store.ledger().count, 0)
        // The file read as the wrong kind is refused before anything is recorded, and the
        // right reading afterwards is not "already ingested".
        let good = try write(header + "2025-03,914301020524899606,430102,K,88,649464,\n", "p.csv", in: dir)
        XCTAssertThrowsError(try store.ingest(path: good, options: IngestOptions(kind: .survey)))
        guard case .ingested = try store.ingest(path: good) else { return XCTFail("the good file was refused") }
    }

    func testWithdrawingAVintageBringsTheEarlierFiguresBackAndIsRecorded() throws {
        let dir = try temporaryDirectory(self)
        let store = try Store(path: dir.appendingPathComponent("s.sqlite").path)
        let v1 = try write(header + "2025-03,914301020524899606,430102,K,88,649464,\n", "v1.csv", in: dir)
        let v2 = try write(header + "2025-03,914301020524899606,430102,K,80,600000,\n2099-01,914301020524899606,430102,K,1,1,\n", "v2.csv", in: dir)
        _ = try store.ingest(path: v1)
        guard case .ingested(let e2, _) = try store.ingest(path: v2) else { return XCTFail() }
        let key = SeriesKey(region: "430102", sector: "K", signal: "payroll_headcount")
        XCTAssertEqual(try store.panel().periodCount, Period("2099-01")! - Period("2025-03")! + 1)

        let w = try store.withdraw(String(e2.sha256.prefix(10)), now: Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(w.entry.id, 2)
        XCTAssertEqual(w.blocks, 2, "the file's cell block and its one enterprise block")
        let p = try store.panel()
        XCTAssertEqual(p.start + (p.periodCount - 1), Period("2025-03"), "the 2099 month is gone")
        XCTAssertEqual(value(p, key, "2025-03"), 88, "vintage 1 is in force again")
        XCTAssertEqual(try store.enterpriseMonthly().map(\.headcount), [88], "and so are its enterprise-months")
        XCTAssertEqual(try store.ledger().map(\.withdrawnAt), [nil, Date(timeIntervalSince1970: 1_800_000_000)])
        // The withdrawn bytes stay known: not ingested again from an inbox.
        guard case .alreadyIngested(let again) = try store.ingest(path: v2) else { return XCTFail("withdrawn file re-ingested") }
        XCTAssertNotNil(again.withdrawnAt)
        XCTAssertThrowsError(try store.withdraw(v2)) { e in XCTAssertTrue("\(e)".contains("was already withdrawn"), "\(e)") }
        XCTAssertThrowsError(try store.withdraw("00000000")) { e in XCTAssertTrue("\(e)".contains("no vintage in the ledger"), "\(e)") }
        // By path: the file's SHA-256 names the vintage.
        XCTAssertEqual(try store.withdraw(v1).entry.id, 1)
        XCTAssertEqual(try store.panel().seriesCount, 0)
    }

    func testManyConnectionsCreatingOneNewStoreAtOnceAllSucceed() throws {
        let dir = try temporaryDirectory(self)
        for round in 0..<10 {
            let path = dir.appendingPathComponent("new-\(round).sqlite").path
            let failures = LockedList()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try Store(path: path) } catch { failures.append("\(error)") }
            }
            XCTAssertEqual(failures.items, [], "round \(round)")
            XCTAssertEqual(try Store(path: path).ledger(), [])
        }
    }

    func testSnapshotIsAConsistentCopyAndLeavesTheSourceAlone() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        _ = try store.ingest(path: try write(header + "2025-03,914301020524899606,430102,K,88,649464,\n", "v1.csv", in: dir))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try Store.snapshot(of: path, to: copy)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try Store(path: copy).ledger(), try store.ledger())
        XCTAssertThrowsError(try Store.snapshot(of: dir.appendingPathComponent("absent.sqlite").path, to: copy + "2")) { e in
            XCTAssertTrue("\(e)".hasPrefix("cannot open store"), "\(e)")
        }
    }
}

/// Strings appended from several threads.
final class LockedList: @unchecked Sendable {  // `list` is read and written under `lock` only
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
