import Foundation
import TestSupport
import XCTest

final class RunCommandTests: XCTestCase {
    func testInjectedDropAlertsThenNothingNewThenRecoveryResolves() throws {
        let ws = try RunFixture.workspace(self)
        let first = try RunFixture.run(ws)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, ws.appendingPathComponent("outbox/run-0001-2024-12").path + "\n")
        let alerts = try runJobSentry(["alerts", "--workspace", ws.path, "--status", "new"])
        let line = try XCTUnwrap(alerts.stdout.split(separator: "\n").first { $0.hasPrefix("A-430100-C-ALL\t") }, alerts.stdout)
        XCTAssertTrue(line.contains("Payroll headcount 15% below expected since 2024-10 — Changsha, Manufacturing"), String(line))
        XCTAssertFalse(alerts.stdout.contains("A-430200-"), "the other city has no event: \(alerts.stdout)")
        let explain = try runJobSentry(["explain", "A-430100-C-ALL", "--workspace", ws.path])
        XCTAssertTrue(explain.stdout.contains("change began 2024-10"), explain.stdout)
        XCTAssertTrue(explain.stdout.contains("●"), "explain draws a chart")

        // Nothing new: no new bundle, no new alert.
        let second = try RunFixture.run(ws)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("nothing new since the last run"), second.stderr)
        let runs = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("outbox").path).filter { $0.hasPrefix("run-") }
        XCTAssertEqual(runs, ["run-0001-2024-12"])

        // New data ending the event resolves its alert.
        try RunFixture.addRecovery(ws)
        let third = try RunFixture.run(ws)
        XCTAssertEqual(third.status, 0, third.stderr)
        let resolved = try runJobSentry(["alerts", "--workspace", ws.path, "--status", "resolved"])
        XCTAssertTrue(resolved.stdout.contains("A-430100-C-ALL\t"), resolved.stdout + resolved.stderr)
        let cap = try String(contentsOf: ws.appendingPathComponent("outbox/run-0002-2025-03/public/cap/A-430100-C-ALL.xml"), encoding: .utf8)
        XCTAssertTrue(cap.contains("<msgType>Cancel</msgType>"))
        XCTAssertTrue(cap.contains("<references>jobsentry@hrss.hunan.gov.cn,A-430100-C-ALL-m1,2025-01-01T08:00:00+08:00</references>"), cap)
        XCTAssertEqual(try String(contentsOf: ws.appendingPathComponent("outbox/LATEST"), encoding: .utf8), "run-0002-2025-03\n")
    }

    func testVerifyThroughTheCLI() throws {
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let bundle = ws.appendingPathComponent("outbox/run-0001-2024-12/public")
        let key = ws.appendingPathComponent("keys/signing.pub").path
        let ok = try runJobSentry(["verify", bundle.path, "--public-key", key])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let csv = bundle.appendingPathComponent("alerts.csv")
        var data = try Data(contentsOf: csv)
        data[data.count / 2] ^= 0x20
        try data.write(to: csv)
        let bad = try runJobSentry(["verify", bundle.path, "--public-key", key])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("FAIL alerts.csv: SHA-256"), bad.stderr)
        let missing = try runJobSentry(["verify", ws.path, "--public-key", key])
        XCTAssertEqual(missing.status, 66)
    }

    func testEveryCAPFileOfARunValidates() throws {
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let caps = FileManager.default.enumerator(atPath: ws.appendingPathComponent("outbox").path)!
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") }.map { ws.appendingPathComponent("outbox/" + $0).path }
        XCTAssertFalse(caps.isEmpty)
        let xsd = repositoryRoot.appendingPathComponent("schemas/CAP-v1.2.xsd").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xmllint", "--noout", "--schema", xsd] + caps
        p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testASecondRunWaitsForNoOneAndExits75() throws {
        let ws = try RunFixture.workspace(self)
        // This test process holds the lock, as a running `run` would.
        let fd = open(ws.appendingPathComponent(".jobsentry.lock").path, O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        let blocked = try RunFixture.run(ws)
        XCTAssertEqual(blocked.status, 75)
        XCTAssertTrue(blocked.stderr.contains("holds the workspace lock; not starting"), blocked.stderr)
        flock(fd, LOCK_UN); close(fd)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
    }

    func testTwoConcurrentRunsNeverBothProceed() throws {
        let ws = try RunFixture.workspace(self)
        let release = ws.appendingPathComponent("release")
        let first = Process()
        first.executableURL = URL(fileURLWithPath: jobsentryPath)
        first.arguments = ["run", "--workspace", ws.path]
        first.environment = ProcessInfo.processInfo.environment.merging(RunFixture.epoch) { $1 }
            .merging(["JOBSENTRY_WAIT_AT": "locked:\(release.path)"]) { $1 }
        first.standardOutput = FileHandle.nullDevice; first.standardError = FileHandle.nullDevice
        try first.run()
        // Wait until the first run holds the lock (it writes its pid into the lock file).
        let lock = ws.appendingPathComponent(".jobsentry.lock")
        while ((try? String(contentsOf: lock, encoding: .utf8)) ?? "").isEmpty { usleep(10_000) }
        let second = try RunFixture.run(ws)
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("another run (pid \(first.processIdentifier))"), second.stderr)
        FileManager.default.createFile(atPath: release.path, contents: nil)
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
    }

    func testSIGKILLAtAnyPointThenTheNextRunEndsInTheSameState() throws {
        let base = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(base).status, 0)
        try RunFixture.addRecovery(base)
        let parent = base.deletingLastPathComponent()
        func copy(_ name: String) throws -> URL {
            let to = parent.appendingPathComponent(name)
            try FileManager.default.copyItem(at: base, to: to)
            return to
        }
        let reference = try copy("reference")
        XCTAssertEqual(try RunFixture.run(reference).status, 0)
        let expected = try RunFixture.snapshot(reference)
        XCTAssertTrue(expected.keys.contains("run-0002-2025-03/public/manifest.sig"))
        for point in ["locked", "ingested", "bundle-written", "published", "committed"] {
            let ws = try copy("crash-\(point)")
            let killed = try RunFixture.run(ws, env: ["JOBSENTRY_CRASH_AT": point])
            XCTAssertEqual(killed.status, SIGKILL, "killed at \(point)")
            let before = try RunFixture.snapshot(ws)
            XCTAssertEqual(before["LATEST"], Data("run-0001-2024-12\n".utf8), "receivers still see the previous run after a kill at \(point)")
            let again = try RunFixture.run(ws)
            XCTAssertEqual(again.status, 0, "\(point): \(again.stderr)")
            let got = try RunFixture.snapshot(ws)
            XCTAssertEqual(got.keys.sorted(), expected.keys.sorted(), "files after a kill at \(point)")
            for (k, v) in expected where got[k] != v { XCTFail("\(k) differs after a kill at \(point)") }
        }
    }

    func testAsOfBeforeTheLastRunIsAUsageError() throws {
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let r = try RunFixture.run(ws, ["--as-of", "2024-06"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("as-of 2024-06 is before the last run's 2024-12 (run-0001-2024-12); runs go forward in time"), r.stderr)
        XCTAssertEqual(try RunFixture.run(ws, ["--as-of", "2024-13"]).status, 64)
    }

    func testJSONLogsAndMissingWorkspace() throws {
        let ws = try RunFixture.workspace(self)
        let r = try RunFixture.run(ws, ["--log-format", "json"])
        XCTAssertEqual(r.status, 0)
        for line in r.stderr.split(separator: "\n") {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(obj?["msg"], String(line))
        }
        XCTAssertTrue(r.stderr.contains("\"msg\":\"published\""), r.stderr)
        let none = try runJobSentry(["run", "--workspace", ws.appendingPathComponent("nope").path])
        XCTAssertEqual(none.status, 66)
        try "schema: 1\n".write(to: ws.appendingPathComponent("jobsentry.yaml"), atomically: true, encoding: .utf8)
        let badConfig = try RunFixture.run(ws)
        XCTAssertEqual(badConfig.status, 78)
        XCTAssertTrue(badConfig.stderr.contains("jobsentry.yaml:1:1: missing key \"lifecycle\" at top level"), badConfig.stderr)
    }

    func testAnUnreadableInboxFileIsReportedAndTheRestProcessed() throws {
        let ws = try RunFixture.workspace(self)
        try "what,is,this\n1,2,3\n".write(to: ws.appendingPathComponent("inbox/notes.csv"), atomically: true, encoding: .utf8)
        let r = try RunFixture.run(ws)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot ingest notes.csv"), r.stderr)
        XCTAssertTrue(r.stderr.contains("1 inbox file(s) could not be ingested: notes.csv; the rest was processed"), r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ws.appendingPathComponent("outbox/run-0001-2024-12/public/manifest.json").path))
    }

    func testRulesAndHelp() throws {
        let r = try runJobSentry(["rules"])
        XCTAssertEqual(r.status, 0)
        for id in ["surveyed_rate_ceiling", "registered_rate_ceiling", "sahm_rise", "employment_contraction", "claims_separations_surge",
                   "mass_layoff", "wage_days_late", "festival_outflow_shortfall", "payroll_insurance_disagree"] {
            XCTAssertTrue(r.stdout.contains("\n\(id)  ["), id)
        }
        XCTAssertTrue(r.stdout.contains("levels: blue ≥ 0, yellow ≥ 0.3, orange ≥ 0.6, red ≥ 1; clear below -0.2; ceiling 5.5"), r.stdout)
        for cmd in ["run", "init", "rules", "alerts", "explain", "keygen", "verify"] {
            let h = try runJobSentry([cmd, "--help"])
            XCTAssertTrue(h.stdout.contains("Example:") && h.stdout.contains("jobsentry \(cmd)"), "\(cmd) --help has an example")
        }
    }

    func testKeygenNeverOverwrites() throws {
        let dir = try temporaryDirectory(self)
        let prefix = dir.appendingPathComponent("k").path
        XCTAssertEqual(try runJobSentry(["keygen", "--out", prefix]).status, 0)
        let attrs = try FileManager.default.attributesOfItem(atPath: prefix + ".key")
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let again = try runJobSentry(["keygen", "--out", prefix])
        XCTAssertEqual(again.status, 73)
        XCTAssertTrue(again.stderr.contains("exists; not overwriting a key"))
    }
}
