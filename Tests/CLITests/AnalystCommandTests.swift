import Foundation
import TestSupport
import XCTest

/// scenario, backtest and report through the real executable, on the `RunFixture` workspace
/// (two cities × two sectors, Changsha manufacturing payroll falling 15% from 2024-10).
final class AnalystCommandTests: XCTestCase {
    private func ranWorkspace() throws -> URL {
        let ws = try RunFixture.workspace(self)
        let r = try RunFixture.run(ws)
        XCTAssertEqual(r.status, 0, r.stderr)
        return ws
    }

    private func sha256(_ url: URL) throws -> String {
        try runProcess("/usr/bin/sha256sum", [url.path]).stdout.split(separator: " ").first.map(String.init) ?? ""
    }

    func testPayrollShockRaisesTheExpectedAlertOnlyThereAndLeavesTheStoreAlone() throws {
        let ws = try ranWorkspace()
        let store = ws.appendingPathComponent("store/jobsentry.sqlite")
        let before = try sha256(store)
        let r = try runJobSentry(["scenario", "--workspace", ws.path,
                                  "--shock", "region=430200,sector=F,signal=payroll_headcount,change=-15%,from=2024-11"],
                                 environment: RunFixture.epoch)
        XCTAssertEqual(r.status, 0, r.stderr)
        let changes = r.stdout.split(separator: "\n").filter { $0.hasPrefix("new ") || $0.hasPrefix("escalated ") || $0.hasPrefix("resolved ") }
        // The shocked city and sector gets its contraction alert; whatever else changes is in
        // the same city (its regional stress), nothing in Changsha.
        XCTAssertTrue(changes.contains { $0.contains("A-430200-F-ALL") && $0.contains("Payroll headcount") && $0.contains("below expected") }, r.stdout)
        XCTAssertTrue(changes.allSatisfy { $0.hasPrefix("new ") && $0.contains("-430200-") }, r.stdout)
        XCTAssertTrue(r.stdout.contains("430200/F/ALL/payroll_headcount"), "forecast of the shocked selection: \(r.stdout)")
        XCTAssertEqual(try sha256(store), before, "the store's bytes are unchanged")

        let zero = try runJobSentry(["scenario", "--workspace", ws.path,
                                     "--shock", "region=430200,sector=F,signal=payroll_headcount,change=0%"],
                                    environment: RunFixture.epoch)
        XCTAssertEqual(zero.status, 0, zero.stderr)
        XCTAssertTrue(zero.stdout.contains("no alert changes"), zero.stdout)
        XCTAssertEqual(try sha256(store), before)
    }

    func testScenarioFileAndBadShocks() throws {
        let ws = try ranWorkspace()
        let file = ws.appendingPathComponent("scenarios.yaml")
        try """
        scenarios:
          - name: zhuzhou-retail
            description: Zhuzhou retail loses 15%
            shocks:
              - region=430200,sector=F,signal=payroll_headcount,change=-15%,from=2024-11
          - name: nothing
            shocks:
              - {region: 430200, signal: payroll_headcount, change: 0%}
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try runJobSentry(["scenario", "--workspace", ws.path, "--file", file.path, "--name", "zhuzhou-retail"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("scenario zhuzhou-retail: Zhuzhou retail loses 15%\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("A-430200-F-ALL"), r.stdout)

        // --out: the shocked run's bundles, signed, marked as an exercise.
        let out = ws.appendingPathComponent("what-if")
        let written = try runJobSentry(["scenario", "--workspace", ws.path, "--file", file.path, "--name", "zhuzhou-retail",
                                        "--out", out.path], environment: RunFixture.epoch)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertTrue(written.stdout.hasSuffix("scenario bundles: \(out.path)/public, \(out.path)/restricted\n"), written.stdout)
        for audience in ["public", "restricted"] {
            let verified = try runJobSentry(["verify", out.appendingPathComponent(audience).path,
                                             "--public-key", ws.appendingPathComponent("keys/signing.pub").path])
            XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        }
        let summary = try String(contentsOf: out.appendingPathComponent("restricted/summary.txt"), encoding: .utf8)
        XCTAssertTrue(summary.contains("EXERCISE — a what-if scenario, not a warning: scenario zhuzhou-retail: Zhuzhou retail loses 15%: region=430200,sector=F,signal=payroll_headcount,change=-15%,from=2024-11"), summary)
        let cap = try String(contentsOf: out.appendingPathComponent("restricted/cap/A-430200-F-ALL.xml"), encoding: .utf8)
        XCTAssertTrue(cap.contains("<identifier>scenario-2024-12-A-430200-F-ALL-m1</identifier>"), cap)
        XCTAssertTrue(cap.contains("<status>Exercise</status>"), cap)
        XCTAssertTrue(cap.contains("<note>What-if scenario, not a warning: scenario zhuzhou-retail"), cap)
        let again = try runJobSentry(["scenario", "--workspace", ws.path, "--file", file.path, "--name", "zhuzhou-retail", "--out", out.path])
        XCTAssertEqual(again.status, 73)
        XCTAssertTrue(again.stderr.contains("already exists; --out writes a new directory"), again.stderr)

        let ambiguous = try runJobSentry(["scenario", "--workspace", ws.path, "--file", file.path])
        XCTAssertEqual(ambiguous.status, 64)
        XCTAssertEqual(ambiguous.stderr, "error: \(file.path) holds 2 scenarios; choose one with --name (zhuzhou-retail, nothing)\n")
        let bad = try runJobSentry(["scenario", "--workspace", ws.path, "--shock", "region=4302,signal=x,change=-1%"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("invalid shock \"region=4302,signal=x,change=-1%\": region must be a 6-digit division code"), bad.stderr)
    }

    func testBacktestTimelineAndSkill() throws {
        let ws = try ranWorkspace()
        let truth = ws.appendingPathComponent("truth.csv")
        try "event_id,type,region_code,sector,enterprise_id,start,end,magnitude\nE1,sector_downturn,430100,C,,2024-10,2024-12,0.15\n"
            .write(to: truth, atomically: true, encoding: .utf8)
        let timeline = ws.appendingPathComponent("timeline.csv")
        let r = try runJobSentry(["backtest", "--workspace", ws.path, "--from", "2024-07", "--to", "2024-12",
                                  "--truth", truth.path, "--out", timeline.path], environment: RunFixture.epoch)
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try String(contentsOf: timeline, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.first, "as_of,alert_id,rule,level,status,region_code,sector,group,enterprise_id,score")
        let first = try XCTUnwrap(rows.first { $0.contains(",A-430100-C-ALL,") }, rows.joined(separator: "\n"))
        XCTAssertTrue(first.hasPrefix("2024-10,A-430100-C-ALL,employment_contraction,"), String(first))
        // Peak of a downturn is two months after its start (2024-12); first alert 2024-10.
        XCTAssertTrue(r.stdout.contains("sector_downturn                  1         1    1.00        0  +2.0          rate did not move"), r.stdout)

        let sweep = try runJobSentry(["backtest", "--workspace", ws.path, "--from", "2024-09", "--to", "2024-12",
                                      "--truth", truth.path, "--set", "employment_contraction.enabled=true,false"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let lines = sweep.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("employment_contraction.enabled=true ") && $0.contains("  1.00  ") }, sweep.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("employment_contraction.enabled=false ") }, sweep.stdout)
        let badSet = try runJobSentry(["backtest", "--workspace", ws.path, "--from", "2024-09", "--to", "2024-12", "--set", "nosuch.clear=1"])
        XCTAssertEqual(badSet.status, 64)
        XCTAssertEqual(badSet.stderr, "error: --set nosuch.clear=1: unknown rule \"nosuch\"; `jobsentry rules` lists them\n")
    }

    func testAlertsAndExplainReadABareStoreAndDrawSparklines() throws {
        let ws = try ranWorkspace()
        let store = ws.appendingPathComponent("store/jobsentry.sqlite").path
        let r = try runJobSentry(["alerts", "--store", store])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("A-430100-C-ALL\t") }, r.stdout)
        let spark = try XCTUnwrap(line.split(separator: "\t").last)
        XCTAssertTrue(spark.allSatisfy { "▁▂▃▄▅▆▇█ ".contains($0) } && spark.count >= 12, "a sparkline column: \(line)")
        let e = try runJobSentry(["explain", "A-430100-C-ALL", "--store", store])
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertTrue(e.stdout.contains("change began 2024-10"), e.stdout)
    }

    func testExplainAndAlertsStopOnABrokenWorkspaceConfig() throws {
        let ws = try ranWorkspace()
        try "schema: 1\n".write(to: ws.appendingPathComponent("jobsentry.yaml"), atomically: true, encoding: .utf8)
        // Never the built-in rules in place of the workspace's: the config error, with its place.
        for args in [["explain", "A-430100-C-ALL", "--workspace", ws.path], ["alerts", "--workspace", ws.path]] {
            let r = try runJobSentry(args)
            XCTAssertEqual(r.status, 78, "\(args[0]): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("jobsentry.yaml:1:1: missing key \"lifecycle\" at top level"), r.stderr)
            XCTAssertEqual(r.stdout, "", args[0])
        }
        // A month option that is not YYYY-MM is a usage error before anything is read.
        let badMonth = try runJobSentry(["report", "--workspace", ws.path, "--as-of", "2024-13", "--out", "x.html"])
        XCTAssertEqual(badMonth.status, 64)
        XCTAssertTrue(badMonth.stderr.contains("The value '2024-13' is invalid for '--as-of <YYYY-MM>'"), badMonth.stderr)
    }

    func testReportIsSelfContainedAndRendersInChromium() throws {
        let ws = try ranWorkspace()
        let html = ws.appendingPathComponent("report.html")
        let r = try runJobSentry(["report", "--workspace", ws.path, "--out", html.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(text.contains("class=\"map map-city\"") && text.contains("class=\"map map-county\""), "city and county maps")
        XCTAssertTrue(text.contains("id=\"A-430100-C-ALL\""), "a section for the alert")
        XCTAssertTrue(text.contains("<polyline class=\"observed\""), "the alert's series is charted")
        XCTAssertTrue(text.contains("<polygon class=\"band\""), "with its prediction band")
        XCTAssertEqual(text.components(separatedBy: "<script").count - 1, 1, "one inline script")
        XCTAssertFalse(text.contains("src=\"http"), "nothing fetched")

        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("CI must have chromium (scripts/install-deps.sh)") }
            throw XCTSkip("chromium not installed")
        }
        // Chromium's own parse of the page: the DOM after layout, and a screenshot.
        func chromiumRun(_ args: [String]) throws -> (Int32, String) {
            let r = try runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--user-data-dir=\(ws.path)/chromium"] + args)
            return (r.status, r.stdout)
        }
        let (status, dom) = try chromiumRun(["--dump-dom", html.absoluteString])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(dom.components(separatedBy: "<path class=\"place\"").count - 1, 14 + 122, "the maps' cities and counties survive Chromium's parser")
        XCTAssertTrue(dom.contains("<svg") && dom.contains("class=\"chart\""), "at least one chart")
        let png = ws.appendingPathComponent("report.png")
        _ = try chromiumRun(["--screenshot=\(png.path)", "--window-size=1200,1600", html.absoluteString])
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG screenshot")
        XCTAssertGreaterThan(bytes.count, 20_000, "the screenshot has content, not a blank page")
    }
}
