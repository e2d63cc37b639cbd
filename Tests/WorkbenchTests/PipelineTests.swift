import Alerting
import Codes
import Foundation
import Logging
import PanelData
import PanelStore
import TestSupport
import Workbench
import XCTest

/// The application layer without the binary: input assembly by vintage, the shared
/// evaluate-and-advance step, and `run`'s pipeline publishing exactly that step's alerts.
final class PipelineTests: XCTestCase {
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func value(_ inputs: AlertInputs, _ region: String, _ sector: String, _ month: String) throws -> Double {
        let s = try XCTUnwrap(inputs.panel.columnIndex[SeriesKey(region: region, sector: sector, signal: "payroll_headcount")])
        return inputs.panel[try XCTUnwrap(Period(month)) - inputs.panel.start, s]
    }

    func testInputAssemblyRespectsTheKnownAtVintage() throws {
        let ws = try PipelineFixture.workspace(self)
        try PipelineFixture.addSecondFile(ws)
        let store = try Store(path: ws.store.path)
        for url in try ws.inboxFiles() { _ = try store.ingest(path: url.path, now: PipelineFixture.clock.now) }
        let source = try InputSource(store: store)
        let first = try XCTUnwrap(store.ledger().first { $0.path.hasSuffix("series-2024.csv") }).id
        let original = PipelineFixture.value(region: "430200", sector: "F", signal: "payroll_headcount", 47, recovered: false)

        // Everything ingested: the second file's months and its revision of 2024-12.
        let latest = try source.inputs()
        XCTAssertEqual(latest.lastMonth, Period("2025-03"))
        XCTAssertEqual(try value(latest, "430200", "F", "2024-12"), PipelineFixture.revised)
        // As of 2024-12 with only the first file's vintage: the figure as first published.
        let asFirst = try source.inputs(asOf: Period("2024-12"), knownAt: .vintage(first))
        XCTAssertEqual(asFirst.lastMonth, Period("2024-12"))
        XCTAssertEqual(try value(asFirst, "430200", "F", "2024-12"), original)
        // A backtest's month: the files that existed then (the second one counts from 2024-12).
        let november = try XCTUnwrap(try source.inputs(knownAtMonth: Period("2024-11")!))
        XCTAssertEqual(november.lastMonth, Period("2024-11"))
        XCTAssertEqual(try value(november, "430100", "C", "2024-11"),
                       PipelineFixture.value(region: "430100", sector: "C", signal: "payroll_headcount", 46, recovered: false))
        XCTAssertEqual(try source.inputs(knownAtMonth: Period("2025-02")!)?.lastMonth, Period("2025-02"))
        XCTAssertNil(try source.inputs(knownAtMonth: Period("2020-06")!), "no file was known before its first month")
    }

    func testRunPublishesTheAlertsOfTheSharedStep() throws {
        let ws = try PipelineFixture.workspace(self)
        let config = try ws.loadConfig()
        let pipeline = RunPipeline(ws: ws, config: config, logger: quiet, asOf: nil, clock: PipelineFixture.clock,
                                   generator: "jobsentry test")
        let result = try pipeline.execute()
        XCTAssertTrue(result.published)
        XCTAssertNil(result.ingestFailure)
        XCTAssertEqual(result.bundle.lastPathComponent, "run-0001-2024-12")
        XCTAssertTrue(FileManager.default.fileExists(atPath: result.bundle.appendingPathComponent("public/manifest.json").path))

        let published = try AlertHistory(path: ws.store.path).alerts()
        let step = try Analysis(config: config).step(try InputSource(store: try Store(path: ws.store.path)).inputs(),
                                                     asOf: Period("2024-12")!, sent: PipelineFixture.clock.sent)
        XCTAssertEqual(published.map(\.id), step.alerts.map(\.id))
        XCTAssertEqual(published.map(\.level), step.alerts.map(\.level))
        XCTAssertEqual(published.map(\.status), step.alerts.map(\.status))
        XCTAssertEqual(published.map(\.riskScore), step.alerts.map(\.riskScore))
        XCTAssertTrue(published.allSatisfy { $0.sent == "2025-01-01T08:00:00+08:00" }, "the clock passed in stamps every message")
        // The injected 15% fall in Changsha manufacturing payroll from 2024-10 is flagged.
        XCTAssertTrue(published.contains { $0.id == "A-430100-C-ALL" && $0.status.isOpen }, "\(published.map(\.id))")

        // Nothing new: the same bundle, nothing published.
        let again = try pipeline.execute()
        XCTAssertFalse(again.published)
        XCTAssertEqual(again.bundle.path, result.bundle.path)
    }

    func testBacktestMonthIsTheSharedStepOnWhatWasKnownThen() throws {
        let ws = try PipelineFixture.workspace(self)
        try PipelineFixture.addSecondFile(ws)
        let store = try Store(path: ws.store.path)
        for url in try ws.inboxFiles() { _ = try store.ingest(path: url.path, now: PipelineFixture.clock.now) }
        let source = try InputSource(store: store)
        let month = Period("2024-11")!
        let timeline = try Backtest(source: source, from: month, to: month).replay(config: .defaults, sent: PipelineFixture.clock.sent)
        let known = try XCTUnwrap(try source.inputs(knownAtMonth: month))
        let step = try Analysis(config: .defaults).step(known, asOf: month, sent: PipelineFixture.clock.sent)
        XCTAssertEqual(timeline.map(\.alertID), step.openAlerts.map(\.id))
        XCTAssertTrue(timeline.allSatisfy { $0.asOf == month })
        XCTAssertTrue(timeline.contains { $0.alertID == "A-430100-C-ALL" }, "\(timeline.map(\.alertID))")
    }

    func testAConfigSettingTheBacktestCannotApplyIsAUsageFailure() {
        XCTAssertThrowsError(try Backtest.configurations(.defaults, settings: ["nosuch.clear=1"])) { error in
            XCTAssertEqual((error as? WorkbenchFailure)?.kind, .usage)
            XCTAssertEqual((error as? WorkbenchFailure)?.message, "--set nosuch.clear=1: unknown rule \"nosuch\"; `jobsentry rules` lists them")
        }
        let sweep = try? Backtest.configurations(.defaults, settings: ["employment_contraction.enabled=true,false"])
        XCTAssertEqual(sweep?.map(\.label), ["employment_contraction.enabled=true", "employment_contraction.enabled=false"])
    }
}
