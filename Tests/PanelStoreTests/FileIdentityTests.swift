import Codes
import Foundation
import PanelData
@testable import PanelStore
import TestSupport
import XCTest

/// The stat shortcut before hashing an inbox file (`Store.digest(path:)`): an unchanged file
/// is not read again, a changed one always is.
final class FileIdentityTests: XCTestCase {
    private let header = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
    private let key = SeriesKey(region: "430102", sector: "K", signal: "payroll_headcount")

    private func headcount(_ store: Store) throws -> Double? {
        let p = try store.panel()
        guard let s = p.keys.firstIndex(of: key) else { return nil }
        return p[Period("2025-03")! - p.start, s]
    }

    /// Sets the modification time of `path` (nanoseconds since 1970), as `touch -d` would.
    private func setModified(_ path: String, _ ns: Int64) throws {
        var times = [timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000)),
                     timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
    }

    /// Waits until the file's times are old enough to be trusted.
    private func settle() {
        Thread.sleep(forTimeInterval: Double(Store.identitySettleNanoseconds) / 1e9 + 0.2)
    }

    func testAnUnchangedFileIsNotHashedAgainAndARewriteWithTheSameSizeAndTimeIsCaught() throws {
        let dir = try temporaryDirectory(self)
        let store = try Store(path: dir.appendingPathComponent("store.sqlite").path)
        let file = dir.appendingPathComponent("payroll-2025-03.csv").path
        try (header + "2025-03,914301020524899606,430102,K,88,649464,\n").write(toFile: file, atomically: false, encoding: .utf8)
        let before = try XCTUnwrap(FileIdentity(path: file))
        settle()

        guard case .ingested(let first, _) = try store.ingest(path: file) else { return XCTFail("not ingested") }
        let again = try store.digest(path: file)
        XCTAssertTrue(again.recorded, "an unchanged file is not hashed again")
        XCTAssertEqual(again.sha256, first.sha256)
        guard case .alreadyIngested(let seen) = try store.ingest(path: file) else { return XCTFail("ingested twice") }
        XCTAssertEqual(seen, first)

        // Rewritten in place: same inode, same size, the old modification time put back.
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: file))
        try h.write(contentsOf: Data((header + "2025-03,914301020524899606,430102,K,89,649464,\n").utf8))
        try h.close()
        try setModified(file, before.modified)
        let after = try XCTUnwrap(FileIdentity(path: file))
        XCTAssertEqual([after.device, after.inode, after.size, after.modified], [before.device, before.inode, before.size, before.modified])
        XCTAssertNotEqual(after.changed, before.changed, "the status-change time moves on every write")

        let changed = try store.digest(path: file)
        XCTAssertFalse(changed.recorded, "a changed file is hashed again")
        XCTAssertNotEqual(changed.sha256, first.sha256)
        guard case .ingested(let second, _) = try store.ingest(path: file) else { return XCTFail("the change was not seen") }
        XCTAssertEqual(second.id, first.id + 1)
        XCTAssertEqual(try headcount(store), 89)
    }

    func testAFileJustWrittenIsHashedUntilItsTimesAreOldEnough() throws {
        let dir = try temporaryDirectory(self)
        let store = try Store(path: dir.appendingPathComponent("store.sqlite").path)
        let file = dir.appendingPathComponent("payroll-2025-03.csv").path
        try (header + "2025-03,914301020524899606,430102,K,88,649464,\n").write(toFile: file, atomically: false, encoding: .utf8)
        guard case .ingested = try store.ingest(path: file) else { return XCTFail("not ingested") }
        // Written within the last second: another write in the same clock tick would leave
        // the same times, so the identity is not trusted yet.
        XCTAssertFalse(try store.digest(path: file).recorded)
        settle()
        guard case .alreadyIngested = try store.ingest(path: file) else { return XCTFail("ingested twice") }
        XCTAssertTrue(try store.digest(path: file).recorded)
        // A copy under another name is a new identity: hashed, found in the ledger, then recorded.
        let copy = dir.appendingPathComponent("copy.csv").path
        try FileManager.default.copyItem(atPath: file, toPath: copy)
        XCTAssertFalse(try store.digest(path: copy).recorded)
    }
}
