import Foundation
import TestSupport
import XCTest

/// Issue 15 through the real executable: future months, withdrawing a vintage, writers and
/// readers side by side, permissions, and README's exit-code table.
final class HardeningCLITests: XCTestCase {
    private func write(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func testAFarFutureRowIsQuarantinedAndAWrongVintageCanBeWithdrawn() throws {
        let ws = try RunFixture.workspace(self)
        let today = ["JOBSENTRY_TODAY": "2025-03-20"]
        XCTAssertEqual(try RunFixture.run(ws, env: today).status, 0)
        // A 2099 row among good ones: rejected to the quarantine with the reason, the rest kept.
        try RunFixture.addRecovery(ws)
        let q1 = ws.appendingPathComponent("inbox/series-2025q1.csv")
        try write(try String(contentsOf: q1, encoding: .utf8) + "2099-01,430100,C,payroll_headcount,1\n", to: q1)
        let second = try RunFixture.run(ws, env: today)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.hasSuffix("outbox/run-0002-2025-03\n"), second.stdout)
        XCTAssertTrue(second.stderr.contains("expected a month no later than 2025-04 (the current month plus the tolerance for early files) in column \"period\", found \"2099-01\""), second.stderr)
        let quarantine = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("store/jobsentry.sqlite.quarantine").path)
        XCTAssertEqual(quarantine.count, 1)
        XCTAssertTrue(try String(contentsOf: ws.appendingPathComponent("store/jobsentry.sqlite.quarantine/\(quarantine[0])"), encoding: .utf8)
            .contains("2099-01,430100,C,payroll_headcount,1"))

        // The same row stored anyway (a clock set wrong), then withdrawn.
        let store = ws.appendingPathComponent("store/jobsentry.sqlite").path
        let typo = ws.appendingPathComponent("typo.csv")
        try write("period,region_code,sector,signal,value\n2099-01,430100,C,payroll_headcount,1\n", to: typo)
        let wrong = try runJobSentry(["ingest", "--store", store, typo.path], environment: ["JOBSENTRY_TODAY": "2099-01-01"])
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertEqual(try RunFixture.run(ws, ["--as-of", "2099-02"], env: today).status, 64)
        let hijacked = try RunFixture.run(ws, env: today)
        XCTAssertTrue(hijacked.stdout.hasSuffix("outbox/run-0003-2099-01\n"), hijacked.stdout + hijacked.stderr)

        let withdraw = try runJobSentry(["ingest", "--store", store, "--withdraw", typo.path])
        XCTAssertEqual(withdraw.status, 0, withdraw.stderr)
        XCTAssertTrue(withdraw.stdout.hasPrefix("withdrew vintage 3 (\(typo.path), sha256 "), withdraw.stdout)
        XCTAssertTrue(withdraw.stdout.hasSuffix(": 1 fact blocks, 0 registry entries removed\n"), withdraw.stdout)
        let again = try runJobSentry(["ingest", "--store", store, typo.path], environment: ["JOBSENTRY_TODAY": "2099-01-01"])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("was ingested as vintage 3 and withdrawn; nothing changed"), again.stderr)
        XCTAssertEqual(try runJobSentry(["ingest", "--store", store, "--withdraw", typo.path]).status, 65)

        // The next run goes back to the real latest month and says why.
        let back = try RunFixture.run(ws, env: today)
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.hasSuffix("outbox/run-0004-2025-03\n"), back.stdout)
        XCTAssertTrue(back.stderr.contains("the last run judged 2099-01, after the latest data now held (2025-03); going back to 2025-03"), back.stderr)
        let manifest = try String(contentsOf: ws.appendingPathComponent("outbox/run-0004-2025-03/public/manifest.json"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("typo.csv"), "a withdrawn vintage is no input of the run")
    }

    func testRunJudgesNoMonthAfterTheMainSourcesData() throws {
        let ws = try RunFixture.workspace(self)
        // A survey-only series running two months ahead of payroll.
        try write("period,region_code,sector,signal,value\n2025-01,430100,ALL,surveyed_unemployment_rate,4.4\n2025-02,430100,ALL,surveyed_unemployment_rate,4.5\n",
                  to: ws.appendingPathComponent("inbox/survey-ahead.csv"))
        let r = try RunFixture.run(ws)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("outbox/run-0001-2024-12\n"), r.stdout)
        let ahead = try RunFixture.run(ws, ["--as-of", "2025-02"])
        XCTAssertEqual(ahead.status, 64)
        XCTAssertTrue(ahead.stderr.contains("as-of 2025-02 is after 2024-12, the latest month with payroll or insurance data"), ahead.stderr)
    }

    func testTwoIngestsOfOneFileOnANewStoreNeverFail() throws {
        let dir = try temporaryDirectory(self)
        let file = repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/payroll.csv").path
        for round in 0..<5 {
            let store = dir.appendingPathComponent("s\(round).sqlite").path
            let procs = try (0..<2).map { _ -> (Process, Pipe) in
                let p = Process(), err = Pipe()
                p.executableURL = URL(fileURLWithPath: jobsentryPath)
                p.arguments = ["ingest", "--store", store, file]
                p.standardError = err; p.standardOutput = FileHandle.nullDevice
                try p.run()
                return (p, err)
            }
            var messages: [String] = []
            for (p, err) in procs {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                XCTAssertEqual(p.terminationStatus, 0, text)
                messages.append(text)
            }
            XCTAssertEqual(messages.filter { $0.contains("stored as vintage 1") }.count, 1, "\(messages)")
            XCTAssertEqual(messages.filter { $0.contains("already ingested as vintage 1") }.count, 1, "\(messages)")
        }
    }

    func testAnIngestWaitsForTheStoreLockThenExits75() throws {
        let dir = try temporaryDirectory(self)
        let store = dir.appendingPathComponent("s.sqlite").path
        let fd = open(store + ".lock", O_RDWR | O_CREAT, 0o600)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        let file = repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/claims.csv").path
        let started = Date()
        let r = try runJobSentry(["ingest", "--store", store, "--lock-timeout", "0.5", file])
        XCTAssertEqual(r.status, 75)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.5)
        XCTAssertTrue(r.stderr.contains("another writer (pid ?) holds \(store).lock after 0.5 s; try later"), r.stderr)
        flock(fd, LOCK_UN); close(fd)
        XCTAssertEqual(try runJobSentry(["ingest", "--store", store, file]).status, 0)
    }

    /// Analyst commands copy the store with SQLite's backup API while writers commit: 50
    /// rounds of an `ingest` and a `report --out` started together, none of which may fail.
    func testReadersBesideWritersFiftyTimes() throws {
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let store = ws.appendingPathComponent("store/jobsentry.sqlite").path
        let dir = try temporaryDirectory(self)
        func launch(_ args: [String]) throws -> (Process, Pipe) {
            let p = Process(), err = Pipe()
            p.executableURL = URL(fileURLWithPath: jobsentryPath)
            p.arguments = args
            p.environment = ProcessInfo.processInfo.environment.merging(RunFixture.epoch) { $1 }
            p.standardError = err; p.standardOutput = FileHandle.nullDevice
            try p.run()
            return (p, err)
        }
        for i in 0..<50 {
            // Each writer stores a new vintage: a one-month correction with its own bytes.
            let f = dir.appendingPathComponent("fix-\(i).csv")
            try write("period,region_code,sector,signal,value\n2024-06,430200,F,ui_new_claims,\(400 + i)\n", to: f)
            let procs = [try launch(["ingest", "--store", store, f.path]),
                         try launch(["report", "--workspace", ws.path, "--out", dir.appendingPathComponent("r\(i).html").path])]
            for (p, err) in procs {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                XCTAssertEqual(p.terminationStatus, 0, "round \(i) \(p.arguments![0]): \(text)")
            }
        }
        let check = try runProcess("/usr/bin/env", ["sqlite3", store, "PRAGMA integrity_check"])
        if check.status == 0 { XCTAssertEqual(check.stdout, "ok\n") }
    }

    func testWorkspaceStoreKeysQuarantineAndBundlesAreOwnerOnly() throws {
        let ws = try RunFixture.workspace(self)
        try write("period,region_code,sector,signal,value\n2024-12,430100,C,x,oops\n2024-12,430100,C,x,1\n", to: ws.appendingPathComponent("inbox/x.csv"))
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        func mode(_ rel: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: ws.appendingPathComponent(rel).path)[.posixPermissions] as! NSNumber).intValue
        }
        for d in ["", "store", "keys", "outbox", "outbox/run-0001-2024-12/restricted", "outbox/run-0001-2024-12/public/cap",
                  "store/jobsentry.sqlite.quarantine"] {
            XCTAssertEqual(try mode(d), 0o700, d)
        }
        for f in ["store/jobsentry.sqlite", "keys/signing.key", "outbox/run-0001-2024-12/restricted/alerts.csv",
                  "outbox/run-0001-2024-12/restricted/manifest.json", "jobsentry.yaml"] {
            XCTAssertEqual(try mode(f), 0o600, f)
        }
        let q = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("store/jobsentry.sqlite.quarantine").path)
        XCTAssertEqual(try mode("store/jobsentry.sqlite.quarantine/\(q[0])"), 0o600)
        // A group that shares the outbox.
        XCTAssertEqual(try RunFixture.run(ws, ["--outbox-umask", "027", "--as-of", "2024-12", "--csv-bom"]).status, 0)
        XCTAssertEqual(try mode("outbox"), 0o750)
        XCTAssertEqual(try mode("outbox/run-0002-2024-12/restricted"), 0o750)
        XCTAssertEqual(try mode("outbox/run-0002-2024-12/restricted/alerts.csv"), 0o640)
        XCTAssertEqual(try mode("store/jobsentry.sqlite"), 0o600)
        XCTAssertEqual(try RunFixture.run(ws, ["--outbox-umask", "8"]).status, 64)
    }

    /// Every code of README's exit-code table, produced by a command that should produce it.
    func testEveryCodeOfTheREADMETable() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "## Exit codes")[1].components(separatedBy: "\n\n")[1]
        let documented = Set(table.split(separator: "\n").compactMap { line -> Int32? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.first.flatMap { Int32($0) }
        })
        let dir = try temporaryDirectory(self)
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let store = dir.appendingPathComponent("s.sqlite").path
        let header = dir.appendingPathComponent("header-only.csv")
        try write("period,region_code,sector,signal,value\n", to: header)
        let payroll = repositoryRoot.appendingPathComponent("Tests/IngestTests/Resources/payroll.csv").path
        let loop = dir.appendingPathComponent("loop.csv").path
        XCTAssertEqual(symlink(loop, loop), 0)
        let noConfig = dir.appendingPathComponent("no-config")
        try FileManager.default.createDirectory(at: noConfig, withIntermediateDirectories: true)
        let garbage = dir.appendingPathComponent("garbage.sqlite")
        try write(String(repeating: "not a database ", count: 400), to: garbage)
        let bundle = dir.appendingPathComponent("bundle")
        try FileManager.default.copyItem(at: ws.appendingPathComponent("outbox/run-0001-2024-12/public"), to: bundle)
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("manifest.json"))
        let lockFD = open(ws.appendingPathComponent(".jobsentry.lock").path, O_RDWR)
        defer { close(lockFD) }

        let cases: [(Int32, String, () throws -> ProcessOutput)] = [
            (0, "rules of a workspace", { try runJobSentry(["rules", "--workspace", ws.path]) }),
            (64, "an unknown option", { try runJobSentry(["ingest", "--no-such-option", payroll]) }),
            (65, "a header and no row", { try runJobSentry(["ingest", "--store", store, header.path]) }),
            (65, "--kind against the header", { try runJobSentry(["ingest", "--store", store, "--kind", "survey", payroll]) }),
            (65, "a bundle without manifest.json", {
                try runJobSentry(["verify", bundle.path, "--public-key", ws.appendingPathComponent("keys/signing.pub").path]) }),
            (66, "a missing input file", { try runJobSentry(["ingest", "--store", store, dir.appendingPathComponent("absent.csv").path]) }),
            (66, "a symlink loop", { try runJobSentry(["ingest", "--store", store, loop]) }),
            (70, "a store that is not a database", { try runJobSentry(["report", "--store", garbage.path, "--out", dir.appendingPathComponent("r.html").path]) }),
            (73, "a store in a folder that does not exist", { try runJobSentry(["ingest", "--store", dir.appendingPathComponent("no/such/dir/s.sqlite").path, payroll]) }),
            (75, "the workspace lock held", {
                XCTAssertEqual(flock(lockFD, LOCK_EX | LOCK_NB), 0)
                defer { flock(lockFD, LOCK_UN) }
                return try RunFixture.run(ws) }),
            (78, "run: no jobsentry.yaml", { try runJobSentry(["run", "--workspace", noConfig.path]) }),
            (78, "rules: no jobsentry.yaml", { try runJobSentry(["rules", "--workspace", noConfig.path]) }),
        ]
        for (code, what, command) in cases {
            let r = try command()
            XCTAssertEqual(r.status, code, "\(what): \(r.stderr)")
        }
        XCTAssertEqual(Set(cases.map(\.0)), documented, "every documented code is exercised, and only those")
        XCTAssertEqual(try runJobSentry(["ingest", "--store", store, payroll]).status, 0, "nothing of the failed files was recorded")
    }
}
