import Codes
import Reporting
import TestSupport
import XCTest

final class ReportingTests: XCTestCase {
    func testSparklineScalesBetweenMinAndMax() {
        XCTAssertEqual(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline.render([5, nil, 5]), "▁ ▁")
        XCTAssertEqual(Sparkline.render([]), "")
    }

    private func model() -> ReportModel {
        let start = Period("2024-01")!
        let points = (0..<12).map { i in
            ReportModel.Point(period: start + i, observed: 100 - (i >= 8 ? 15 : 0) + Double(i % 3),
                              expected: 100, lower: 95, upper: 105, flagged: i >= 8)
        }
        let chart = ReportModel.Chart(title: "payroll_headcount 431300/C", points: points, changeMonth: start + 8)
        let alert = ReportModel.AlertSection(
            id: "contraction-431300-C", level: .orange, headline: "娄底 manufacturing payroll <falling> 15%",
            place: "娄底市 431300", sector: "C", status: "new", charts: [chart],
            evidence: [.init(signal: "payroll_headcount", period: "2024-09", observed: "85", expected: "100",
                             interval: "95–105", score: "-6.1")])
        return ReportModel(title: "JobSentry early warning", asOf: Period("2024-12")!,
                           cityLevels: [RegionCode("431300")!: .orange], alerts: [alert])
    }

    func testReportIsSelfContainedWithMapCountsChartAndEvidence() {
        let html = HTMLReport.render(model())
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("http://") && html.contains("src="), "no external resources")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertEqual(html.components(separatedBy: "class=\"tile\"").count - 1, 14, "one tile per city")
        XCTAssertTrue(html.contains("data-region=\"431300\" data-level=\"orange (II)\""))
        XCTAssertTrue(html.contains("<polygon class=\"band\""))
        XCTAssertEqual(html.components(separatedBy: "class=\"flag\"").count - 1, 4)
        XCTAssertTrue(html.contains("change 2024-09"))
        XCTAssertTrue(html.contains("&lt;falling&gt;"), "text is escaped")
        XCTAssertTrue(html.contains("<td>payroll_headcount</td><td>2024-09</td><td>85</td>"))
    }

    func testChartWithTooFewMonthsSaysSo() {
        let c = ReportModel.Chart(title: "x", points: [.init(period: Period("2024-01")!, observed: 1, expected: 1)])
        XCTAssertEqual(SVGChart.render(c), "<p class=\"nochart\">x: not enough months to chart.</p>")
    }
}
