import Foundation
import TestSupport
import XCTest

/// `ingest` and `panel export` through the real executable, including a crash midway.
final class IngestCommandTests: XCTestCase {
    private var samples: URL { repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources") }

    func testIngestSummaryReingestAndPanelExport() throws {
        let dir = try temporaryDirectory(self)
        let store = dir.appendingPathComponent("s.sqlite").path
        let files = ["payroll.csv.gz", "insurance.csv", "claims.csv", "survey.csv"].map { samples.appendingPathComponent($0).path }
        let first = try runJobSentry(["ingest", "--store", store] + files)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("ingest: \(files[0]): payroll, 15 rows read, 15 accepted, 0 rejected, 0 duplicates replaced; stored as vintage 1; read as gzip"), first.stderr)
        let again = try runJobSentry(["ingest", "--store", store, files[0]])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("ingest: \(files[0]): already ingested as vintage 1"), again.stderr)
        XCTAssertTrue(again.stderr.contains("nothing changed"), again.stderr)

        let out = dir.appendingPathComponent("panel.csv").path
        let export = try runJobSentry(["panel", "export", "--store", store, "--out", out])
        XCTAssertEqual(export.status, 0, export.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("period,region_code,sector,group,signal,value\n"))
        XCTAssertTrue(text.contains("\n2016-01,430000,ALL,ALL,payroll_headcount,699\n"), text)
        XCTAssertTrue(text.contains("\n2016-01,430100,ALL,migrant_worker,ui_new_claims,8\n"), text)
        XCTAssertTrue(export.stderr.contains("panel export: "), export.stderr)
    }

    func testRejectedRowsGoToQuarantineAndStrictExits65() throws {
        let dir = try temporaryDirectory(self)
        let store = dir.appendingPathComponent("s.sqlite").path
        let f = dir.appendingPathComponent("p.csv").path
        try "period,enterprise_id,region_code,sector,headcount,wages_cny\n2016-01,914301020524899606,430102,K,88,649464\n2016-01,91430102383031970T,43010X,C,77,364531\n"
            .write(toFile: f, atomically: true, encoding: .utf8)
        let strict = try runJobSentry(["ingest", "--store", store, "--strict", f])
        XCTAssertEqual(strict.status, 65, strict.stderr)
        XCTAssertTrue(strict.stderr.contains("\(f):3:3: expected a 6-digit administrative division code"), strict.stderr)
        XCTAssertTrue(strict.stderr.contains("strict mode stores nothing of this file"), strict.stderr)
        let ok = try runJobSentry(["ingest", "--store", store, f])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stderr.contains("2 rows read, 1 accepted, 1 rejected (quarantine: \(store).quarantine/p.csv."), ok.stderr)
        XCTAssertTrue(ok.stderr.contains("stored as vintage 1"), ok.stderr)
    }

    /// A payroll file big enough that its transaction takes a while, with valid codes.
    private func bigPayroll(_ path: String, rows: Int) throws {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        var text = "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n"
        for i in 0..<rows {
            var body = Array("91430102")
            var v = i
            for _ in 0..<9 { body.append(alphabet[v % 31]); v /= 31 }
            var sum = 0
            for (k, c) in body.enumerated() { sum += alphabet.firstIndex(of: c)! * weights[k] }
            body.append(alphabet[(31 - sum % 31) % 31])
            text += "2020-01,\(String(body)),430102,\(["A", "C", "F"][i % 3]),\(10 + i % 50),\(5000 * (10 + i % 50)),\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testKillDuringIngestLeavesTheStoreAsBefore() throws {
        let dir = try temporaryDirectory(self)
        let store = dir.appendingPathComponent("s.sqlite").path
        let small = samples.appendingPathComponent("payroll.csv").path
        XCTAssertEqual(try runJobSentry(["ingest", "--store", store, small]).status, 0)
        let before = try runJobSentry(["panel", "export", "--store", store, "--out", "-"])
        let big = dir.appendingPathComponent("big.csv").path
        try bigPayroll(big, rows: 80_000)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: jobsentryPath)
        p.arguments = ["ingest", "--store", store, big]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // The rollback journal exists only while a write transaction is open: kill then.
        let journal = store + "-journal"
        var sawJournal = false
        for _ in 0..<60_000 where p.isRunning {
            if FileManager.default.fileExists(atPath: journal) { sawJournal = true; break }
            usleep(500)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertTrue(sawJournal, "the ingest finished before it could be killed mid-transaction")
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)

        let after = try runJobSentry(["panel", "export", "--store", store, "--out", "-"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(after.stdout, before.stdout)
        // The ledger did not record the killed file: ingesting it now stores it as vintage 2.
        let retry = try runJobSentry(["ingest", "--store", store, big])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertTrue(retry.stderr.contains("80000 accepted, 0 rejected, 0 duplicates replaced; stored as vintage 2"), retry.stderr)
    }
}
