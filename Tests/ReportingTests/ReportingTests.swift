import Codes
import Presentation
import Reporting
import TestSupport
import XCTest

final class ReportingTests: XCTestCase {
    func testTerminalChartPlotsObservedOverExpectedBetweenMinAndMax() {
        // lo 0, hi 10 over 3 rows: 0 → bottom, 5 → middle, 10 → top; an observed point hides
        // the expected one in the same cell; the axis labels are the extremes.
        XCTAssertEqual(TerminalChart.render(observed: [0, 5, 10], expected: [0, 10, 5], rows: 3), [
            "10       │ ·●",
            "         │ ●·",
            "0        │●  ",
        ])
        XCTAssertEqual(TerminalChart.render(observed: [3, 3], expected: [3, .nan]), [], "a flat series has no scale")
    }

    func testSparklineScalesBetweenMinAndMax() {
        XCTAssertEqual(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline.render([5, nil, 5]), "▁ ▁")
        XCTAssertEqual(Sparkline.render([]), "")
    }

    /// Two alerts: an orange one in a county of Loudi (with a chart), a blue one in Changsha.
    static func model(languages: [Language] = [.zh, .en]) -> ReportModel {
        let start = Period("2024-01")!
        let points = (0..<12).map { i in
            ReportModel.Point(period: start + i, observed: 41_000 - (i >= 8 ? 6_000 : 0) + Double(i % 3),
                              expected: 41_000, lower: 39_500, upper: 42_500, flagged: i >= 8)
        }
        let chart = ReportModel.Chart(title: "发薪人数 · A-431321-C-ALL", unit: .people, points: points, changeMonth: start + 8)
        let row = EvidenceText(signal: "payroll_headcount", period: "2024-09", observed: 35_000, expected: 41_000,
                               lower: -1_200, upper: 42_500, intervalLevel: 0.95, measure: 6.1, measureName: "robust_z_shortfall", .zh)
        let orange = ReportModel.AlertSection(
            id: "A-431321-C-ALL", level: .orange, headlines: ["发薪人数低于预期15% <falling>", "Payroll headcount 15% below expected"],
            place: "双峰县 制造业", region: "431321", sector: "C", sectorName: "制造业", rules: ["employment_contraction"],
            status: "new", riskScore: 31.5, charts: [chart], evidence: [row])
        let blue = ReportModel.AlertSection(
            id: "A-430100-I-ALL", level: .blue, headlines: ["新申领人数高于预期40%", "New claims 40% above expected"],
            place: "长沙市 信息传输软件和信息技术服务业", region: "430100", sector: "I", sectorName: "信息传输软件和信息技术服务业",
            rules: ["claims_separations_surge"], status: "continuing", riskScore: 12, charts: [], evidence: [])
        return ReportModel(title: "JobSentry early warning", asOf: Period("2024-12")!, languages: languages, alerts: [orange, blue])
    }

    func testReportIsSelfContainedWithMapsCountsChartAndEvidence() {
        let html = HTMLReport.render(Self.model())
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("src=\""), "no external resources")
        XCTAssertFalse(html.contains("href=\"http") || html.contains("url(http") || html.contains("@import"), "nothing fetched")
        XCTAssertEqual(html.components(separatedBy: "<path class=\"place\"").count - 1, 14 + 122, "14 cities and 122 counties")
        XCTAssertTrue(html.contains("data-region=\"431300\" data-name=\"娄底市\" data-level=\"orange\""), "the county's alert colours its city")
        XCTAssertTrue(html.contains("data-region=\"431321\" data-name=\"娄底市双峰县\" data-level=\"orange\""), "and the county itself")
        XCTAssertTrue(html.contains("data-region=\"430100\" data-name=\"长沙市\" data-level=\"blue\""))
        XCTAssertTrue(html.contains("data-region=\"430181\" data-name=\"长沙市浏阳市\" data-level=\"none\""), "a city's alert leaves its counties")
        XCTAssertTrue(html.contains("<ul class=\"legend\">"))
        XCTAssertTrue(html.contains("<polygon class=\"band\""))
        XCTAssertEqual(html.components(separatedBy: "class=\"flag\"").count - 1, 4)
        XCTAssertTrue(html.contains("&lt;falling&gt;"), "text is escaped")
        XCTAssertTrue(html.contains("<td>发薪人数</td><td>2024年9月</td><td class=\"num\">35,000人</td><td class=\"num\">41,000人</td><td class=\"num\">95%: 0人 – 42,500人</td><td>低于预期 6.1σ</td>"),
                      "evidence in readers' units, the interval clipped at zero and its level beside it")
        XCTAssertTrue(html.contains("<p class=\"second\" lang=\"en-US\">Payroll headcount 15% below expected</p>"), "second language under the first")
        XCTAssertTrue(html.contains("<td>制造业</td>"), "sectors by name")
    }

    func testChartPointsCarryMonthObservedExpectedAndInterval() {
        let html = HTMLReport.render(Self.model())
        XCTAssertTrue(html.contains("data-tip=\"2024年9月 · 观测 35,002人 · 预期 41,000人 · 95%区间 39,500人 – 42,500人\""), html)
        XCTAssertEqual(html.components(separatedBy: "class=\"pt\"").count - 1, 12, "one hover target per month")
    }

    func testFiltersHaveTheAlertsValuesAndSectionsCarryThem() {
        let html = HTMLReport.render(Self.model())
        XCTAssertTrue(html.contains("<div id=\"controls\" hidden>"), "controls appear only with the script")
        XCTAssertTrue(html.contains("<option value=\"431300\">娄底市</option>"))
        XCTAssertTrue(html.contains("<option value=\"I\">信息传输软件和信息技术服务业</option>"))
        XCTAssertTrue(html.contains("<option value=\"employment_contraction\">"))
        XCTAssertTrue(html.contains("id=\"A-431321-C-ALL\" data-level=\"orange\" data-rank=\"3\" data-region=\"431321\" data-city=\"431300\" data-county=\"431321\" data-sector=\"C\""))
        XCTAssertTrue(html.contains("@media print"), "a print stylesheet")
    }

    func testEnglishOnlyReport() {
        let html = HTMLReport.render(Self.model(languages: [.en]))
        XCTAssertTrue(html.contains("<html lang=\"en-US\">"))
        XCTAssertTrue(html.contains("As of 2024-12 · 2 open alerts"))
        XCTAssertTrue(html.contains("data-name=\"Loudi\""))
        XCTAssertFalse(html.contains("在办预警"))
    }

    func testChartWithTooFewMonthsSaysSo() {
        let c = ReportModel.Chart(title: "x", points: [.init(period: Period("2024-01")!, observed: 1, expected: 1)])
        XCTAssertEqual(SVGChart.render(c), "<p class=\"nochart\">x: not enough months to chart.</p>")
    }

    /// The compiled-in tables are what scripts/maps/swift_tables.py makes of the committed CSV.
    func testMapTablesMatchTheCommittedCSV() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("datasets/maps/hunan.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.filter { $0[1] == "city" }.count, 14)
        XCTAssertEqual(rows.filter { $0[1] == "county" }.count, 122)
        let html = HunanMap.render(.county, levels: [:], counts: [:])
        for r in rows where r[1] == "county" {
            let name = RegionName.text(String(r[0]), .zh)
            XCTAssertTrue(name.hasSuffix(String(r[3])), name)
            XCTAssertTrue(html.contains("data-region=\"\(r[0])\" data-name=\"\(name)\" data-level=\"none\" d=\"\(r[7])\""), "county \(r[0])")
            XCTAssertTrue(RegionName.text(String(r[0]), .en).hasPrefix(String(r[4]) + ", "))
        }
    }
}
