import Alerting
import Backtesting
import Codes
import Foundation
import GroundTruth
import Logging
import PanelData
import PanelStore
import TestSupport
@testable import Workbench
import XCTest

/// The text `alerts`, `explain`, `scenario` and `backtest` print, built in Workbench. Figures
/// are checked against C's printf (`String(format:)`), the formats the commands used before
/// the text moved here.
final class CommandTextTests: XCTestCase {
    func testSweepTableFiguresAreThoseOfPrintf() {
        let points = [
            SweepPoint(label: "employment_contraction.thresholds.blue=2.5", recall: 0.625, medianLeadToPeak: 2.25,
                       falseAlertsPer100SeriesYears: 1.005),
            SweepPoint(label: "x=3", recall: 1, medianLeadToPeak: -0.0, falseAlertsPer100SeriesYears: 12.345),
            SweepPoint(label: "x=4", recall: 0, medianLeadToPeak: nil, falseAlertsPer100SeriesYears: 0),
        ]
        let lines = SweepPoint.table(points).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 5, "header, three points, and the final newline")
        XCTAssertEqual(lines[0], "sweep                                       recall  median lead to peak  false alerts / 100 series-years")
        for (p, line) in zip(points, lines[1...3]) {
            let lead = p.medianLeadToPeak.map { String(format: "%+.1f", $0) } ?? "n/a"
            let label = p.label.count >= 42 ? p.label : p.label + String(repeating: " ", count: 42 - p.label.count)
            let leadField = lead + String(repeating: " ", count: max(0, 19 - lead.count))
            XCTAssertEqual(line, "\(label) \(String(format: "%6.2f", p.recall))  \(leadField)  \(String(format: "%.2f", p.falseAlertsPer100SeriesYears))")
        }
        XCTAssertTrue(lines[1].contains("  0.62  +2.2 "), "printf rounds the binary value half to even: \(lines[1])")
        XCTAssertTrue(lines[2].contains("  1.00  -0.0 "), lines[2])
        XCTAssertEqual(lines[4], "")
    }

    func testForecastLinesShowEachMonthWithAndWithoutTheShock() {
        let key = SeriesKey(region: "430100", sector: "C", signal: "payroll_headcount")
        let row = ForecastComparison(key: key, start: Period("2025-01")!,
                                     baseline: [Interval(mean: 5.25, lower: 5, upper: 5.5), Interval(mean: 1e-5, lower: 0, upper: 2e-5)],
                                     shocked: [Interval(mean: .nan, lower: .nan, upper: .nan), Interval(mean: 4, lower: 3.5, upper: 4.5)])
        let lines = ForecastComparison.lines([row], horizon: 2)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0], "")
        XCTAssertTrue(lines[1].hasPrefix("forecast (90% interval)"), "PathForecast.level, the one forecast path since 30d29eb")
        XCTAssertEqual(lines[2], "430100/C/ALL/payroll_headcount" + String(repeating: " ", count: 25)
                       + " 2025-01  5.25 [5, 5.5]" + String(repeating: " ", count: 19) + " n/a")
        XCTAssertEqual(lines[3], String(repeating: " ", count: 55) + " 2025-02  1e-05 [0, 2e-05]" + String(repeating: " ", count: 16) + " 4 [3.5, 4.5]")
        XCTAssertEqual(ForecastComparison.lines([], horizon: 3), [])
    }

    func testBacktestLinesCountEventsQuietCasesAndDistinctAlerts() {
        let m = Period("2024-06")!
        func row(_ id: String, _ t: Int) -> TimelineRow {
            TimelineRow(asOf: m + t, alertID: id, rule: "r", level: "blue", status: "new", region: "430100", sector: "C",
                        group: "ALL", enterpriseID: "", score: 1)
        }
        XCTAssertEqual(BacktestText.replayed(months: 3, [row("A", 0), row("A", 1), row("B", 1)]),
                       "replayed 3 months: 3 alert-months, 2 distinct alerts")
        func event(_ type: EventType) -> TruthEvent {
            TruthEvent(id: "E", type: type, region: RegionCode("430100")!, sector: nil, enterpriseID: nil, start: m, end: m, magnitude: 1)
        }
        XCTAssertEqual(BacktestText.heading(from: m, to: m + 2, truth: "truth.csv", events: [event(.massLayoff), event(.quiet), event(.quiet)]),
                       "backtest 2024-06 … 2024-08 against truth.csv: 1 events, 2 quiet cases")
        XCTAssertEqual(BacktestText.heading(from: m, to: m, truth: "t.csv", events: [event(.massLayoff)]),
                       "backtest 2024-06 … 2024-06 against t.csv: 1 events")
    }

    /// The fixture's run: the listing filters by status and level and shows the risk as
    /// printf's %.2f; the explanation opens with the headlines and the history and charts
    /// every piece of evidence that has recent months.
    func testAlertListingAndExplanationOfARun() throws {
        let ws = try PipelineFixture.workspace(self)
        let config = try ws.loadConfig()
        _ = try RunPipeline(ws: ws, config: config, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, asOf: nil,
                            clock: PipelineFixture.clock, generator: "jobsentry test").execute()
        let history = try AlertHistory(path: ws.store.path)
        let all = try history.alerts()
        XCTAssertFalse(all.isEmpty)
        XCTAssertEqual(AlertListing.filter(all, statuses: [], atLeast: nil).map(\.id), all.map(\.id))
        XCTAssertEqual(AlertListing.filter(all, statuses: [.resolved], atLeast: nil), [], "a first run resolves nothing")
        XCTAssertEqual(AlertListing.filter(all, statuses: [], atLeast: .red).map(\.id), all.filter { $0.level == .red }.map(\.id))
        let a = try XCTUnwrap(all.first { $0.id == "A-430100-C-ALL" })
        let cols = AlertListing.line(a, languages: [.en]).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(cols.count, 7)
        XCTAssertEqual(Array(cols[0..<6]), [a.id, "\(a.level.rawValue)(\(a.level.roman))", a.status.rawValue,
                                            String(format: "%.2f", a.riskScore), a.firstRaised, a.headline])

        let lines = AlertExplanation.lines(history: try history.history(of: a.id), config: config, languages: [.zh, .en])
        XCTAssertEqual(Array(lines[0..<3]), [a.headlineZh, a.headline, ""])
        XCTAssertEqual(lines[3], "id \(a.id)   level \(a.level.rawValue) (\(a.level.roman), \(a.level.chinese))   status new   risk \(String(format: "%.2f", a.riskScore))")
        XCTAssertEqual(lines[5], "history: run-0001-2024-12 new \(a.level.rawValue)")
        for e in a.evidence {
            XCTAssertTrue(lines.contains { $0.hasPrefix("• \(e.rule) — ") }, e.rule)
            if !e.recent.isEmpty {
                XCTAssertTrue(lines.contains { $0.hasPrefix("  last \(e.recent.count) months: ") }, e.rule)
            }
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("    ") }, "a terminal chart under the evidence")
        XCTAssertEqual(AlertExplanation.lines(history: [], config: config, languages: [.en]), [])
    }
}
