@testable import Alerting
import Codes
import Foundation
import PanelData
import XCTest

/// What the hard profile's remaining false alerts came from (issue 12): a firm's missing
/// payroll row read as a fall of its cell, cells of one or two firms judged as areas, a net
/// flow's "times expected" near zero, and a data-quality screen over thousands of series
/// without a bound on its false alerts.
final class SkillDataGapsTests: XCTestCase {
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }
    /// The cells a firm of county 430102, sector C is summed into.
    let lineageCells = ["430102", "430100", "430000"].flatMap { r in ["C", "ALL"].map { (region: r, sector: $0) } }

    /// The payroll cells a set of firms sums into (`Fixture.payrollPanel`).
    func payrollPanel(_ firms: [EnterpriseSeries]) -> Panel { Fixture.payrollPanel(firms, months: months) }

    /// Three firms in county 430102, sector C. Firm 2's row is missing in month 40 (it reports
    /// in 39 and 41) and in the latest month; firm 3's in months 50 and 51 (two running) and in
    /// its first month. Imputed: firm 2's months 40 and 59 (the latest), with its last report
    /// carried (no change assumed); not firm 3's two-month gap (a closure would look the same
    /// once the second month is in) nor a first month (nothing to carry).
    func testPayrollNonresponseCarriesTheLastReportIntoEveryCellAbove() {
        let full1 = (0..<months).map { 100 + Double($0) }, full2 = (0..<months).map { 40 + Double($0 % 3) }
        let full3 = Array(repeating: 7.0, count: months)
        var h2 = full2, h3 = full3
        h2[40] = .nan; h2[59] = .nan
        h3[50] = .nan; h3[51] = .nan; h3[0] = .nan
        let firms = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: full1),
                     Fixture.enterprise(id: Fixture.creditCode(2), headcount: h2),
                     Fixture.enterprise(id: Fixture.creditCode(3), headcount: h3)]
        var panel = payrollPanel(firms)
        let fill = PayrollNonresponse(filling: &panel, enterprises: firms)
        XCTAssertEqual(fill.imputed, 2)
        XCTAssertEqual(fill.imputedLatest, 1)
        let index = panel.columnIndex
        for (region, sector) in lineageCells {
            do {
                let hc = index[SeriesKey(region: region, sector: sector, signal: "payroll_headcount")]!
                let wages = index[SeriesKey(region: region, sector: sector, signal: "payroll_wages")]!
                let count = index[SeriesKey(region: region, sector: sector, signal: "payroll_enterprises")]!
                // Month 40: firm 2 carries its month-39 headcount (40 + 39 % 3 = 40) and wages.
                XCTAssertEqual(panel[40, hc], full1[40] + full2[39] + full3[40], "\(region)/\(sector)")
                XCTAssertEqual(panel[40, wages], (full1[40] + full2[39] + full3[40]) * 6000, "\(region)/\(sector)")
                XCTAssertEqual(panel[40, count], 3)
                // The latest month: firm 2 carries month 58.
                XCTAssertEqual(panel[59, hc], full1[59] + full2[58] + full3[59])
                // Firm 3's two-month gap and first month stay as received.
                XCTAssertEqual(panel[50, hc], full1[50] + full2[50])
                XCTAssertEqual(panel[51, hc], full1[51] + full2[51])
                XCTAssertEqual(panel[0, hc], full1[0] + full2[0])
                XCTAssertEqual(panel[50, count], 2)
            }
        }
    }

    /// Insurance rows missing at random are imputed by the same function as payroll rows: firm
    /// 2 files no insurance row in month 30 (it does in 29 and 31) and none in the latest month,
    /// firm 3 none in months 20 and 21 (two running); their payroll rows are complete. Imputed:
    /// firm 2's `insured` of month 29 into month 30 and of month 58 into 59, in its county, city
    /// and province, sector C and ALL; not firm 3's gap; payroll cells untouched.
    func testInsuranceNonresponseIsImputedLikePayroll() {
        let h1 = Array(repeating: 80.0, count: months), h2 = Array(repeating: 30.0, count: months)
        let h3 = Array(repeating: 12.0, count: months)
        let full1 = (0..<months).map { 75 + Double($0 % 4) }, full2 = (0..<months).map { 28 + Double($0 % 2) }
        var ins2 = full2, ins3 = Array(repeating: 11.0, count: months)
        ins2[30] = .nan; ins2[59] = .nan; ins3[20] = .nan; ins3[21] = .nan
        var firms = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: h1),
                     Fixture.enterprise(id: Fixture.creditCode(2), headcount: h2),
                     Fixture.enterprise(id: Fixture.creditCode(3), headcount: h3)]
        firms[0].insured = MonthlyValues(full1); firms[1].insured = MonthlyValues(ins2); firms[2].insured = MonthlyValues(ins3)
        var panel = payrollPanel(firms)
        var keys = panel.keys, values = panel.values
        for r in ["430102", "430100", "430000"] {
            for sector in ["C", "ALL"] {
                keys.append(SeriesKey(region: r, sector: sector, signal: "insured"))
                values += (0..<months).map { t in [full1[t], ins2[t], ins3[t]].filter { !$0.isNaN }.reduce(0, +) }
            }
        }
        panel = Panel(start: panel.start, periodCount: months, keys: keys, values: values)
        let before = panel
        let fill = PayrollNonresponse(filling: &panel, enterprises: firms)
        XCTAssertEqual(fill.imputed, 0, "no payroll row is missing")
        XCTAssertEqual(fill.imputedInsured, 2)
        XCTAssertEqual(fill.imputedInsuredLatest, 1)
        let index = panel.columnIndex
        for (r, sector) in lineageCells {
            do {
                let s = index[SeriesKey(region: r, sector: sector, signal: "insured")]!
                XCTAssertEqual(panel[30, s], full1[30] + full2[29] + 11, "\(r)/\(sector)")
                XCTAssertEqual(panel[59, s], full1[59] + full2[58] + 11)
                XCTAssertEqual(panel[20, s], full1[20] + full2[20], "a two-month gap stays as received")
                let hc = index[SeriesKey(region: r, sector: sector, signal: "payroll_headcount")]!
                XCTAssertEqual(panel.series(hc), before.series(hc))
            }
        }
    }

    /// A one-firm cell whose only firm misses a month is NaN in that month as received; imputed,
    /// it carries the firm's figures.
    func testPayrollNonresponseFillsACellLeftEmpty() {
        var h = (0..<months).map { 30 + Double($0 % 5) }
        h[45] = .nan
        let firm = Fixture.enterprise(id: Fixture.creditCode(9), headcount: h, region: "430202", sector: "Q")
        var panel = payrollPanel([firm])
        let s = panel.columnIndex[SeriesKey(region: "430202", sector: "Q", signal: "payroll_headcount")]!
        XCTAssertTrue(panel[45, s].isNaN)
        _ = PayrollNonresponse(filling: &panel, enterprises: [firm])
        XCTAssertEqual(panel[45, s], h[44])
    }

    /// Cells counted by the enterprises that reported a headcount in the last 12 months: 430102/C
    /// has 2 (one of them closed 8 months ago, still counted), 430102/D has 5; the firm that left
    /// 14 months ago is not counted. With the disclosure minimum 3, C is a firm cell at county,
    /// city and province level; D and the all-sector cells (7) are areas; a cell with no
    /// enterprise behind it (claims by group, a generic series) is never held.
    func testCellsOfFewerFirmsThanTheDisclosureMinimumAreLeftToTheEnterpriseRules() {
        var closed8 = Array(repeating: 20.0, count: months), closed14 = Array(repeating: 20.0, count: months)
        for t in (months - 8)..<months { closed8[t] = .nan }
        for t in (months - 14)..<months { closed14[t] = .nan }
        var firms = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: Array(repeating: 50, count: months), sector: "C"),
                     Fixture.enterprise(id: Fixture.creditCode(2), headcount: closed8, sector: "C"),
                     Fixture.enterprise(id: Fixture.creditCode(3), headcount: closed14, sector: "C")]
        for i in 0..<5 {
            firms.append(Fixture.enterprise(id: Fixture.creditCode(10 + i), headcount: Array(repeating: 80, count: months), sector: "D"))
        }
        let cells = FirmCells(enterprises: firms, asOf: asOf, minimumEnterprises: 3)
        for region in ["430102", "430100", "430000"] {
            XCTAssertTrue(cells.holds(SeriesKey(region: region, sector: "C", signal: "payroll_headcount")), region)
            XCTAssertTrue(cells.holds(SeriesKey(region: region, sector: "C", signal: "insured")), region)
            XCTAssertFalse(cells.holds(SeriesKey(region: region, sector: "D", signal: "payroll_headcount")), region)
            XCTAssertFalse(cells.holds(SeriesKey(region: region, sector: "ALL", signal: "payroll_headcount")), region)
        }
        XCTAssertFalse(cells.holds(SeriesKey(region: "430200", sector: "ALL", group: "migrant_worker", signal: "ui_new_claims")))
        XCTAssertFalse(FirmCells(enterprises: [], asOf: asOf, minimumEnterprises: 3)
            .holds(SeriesKey(region: "430102", sector: "C", signal: "payroll_headcount")))
        XCTAssertFalse(FirmCells(enterprises: firms, asOf: asOf, minimumEnterprises: 1)
            .holds(SeriesKey(region: "430102", sector: "C", signal: "payroll_headcount")))
    }

    /// A two-firm cell whose larger firm cuts 40% for good: no area rule raises on the cell (the
    /// firm's cut is `mass_layoff`'s to judge); the same cut spread over a cell of six firms is
    /// raised as an area contraction.
    func testAreaRulesDoNotJudgeATwoFirmCell() throws {
        let engine = AlertEngine(config: .defaults)
        func firms(_ n: Int, sector: String, cutFrom: Int) -> [EnterpriseSeries] {
            (0..<n).map { i in
                var h = Fixture.seasonal(months: months, base: 400, noiseShare: 0.005, seed: UInt64(i + 1))
                for t in cutFrom..<months { h[t] *= 0.6 }
                return Fixture.enterprise(id: Fixture.creditCode(100 * n + i), headcount: h, sector: sector)
            }
        }
        for (n, expectRaised) in [(2, false), (6, true)] {
            let cell = firms(n, sector: "C", cutFrom: months - 3)
            let others = (0..<6).flatMap { j in firms(3, sector: ["D", "E", "F", "G", "H", "I"][j], cutFrom: months) }
            let all = cell + others
            let f = try engine.evaluate(panel: payrollPanel(all), enterprises: all, asOf: asOf)
            let area = f.filter { $0.raises && $0.subject.scope == .area && $0.subject.sector == "C" }
            XCTAssertEqual(!area.isEmpty, expectRaised, "\(n) firms: " + area.map { "\($0.subject.id) \($0.evidence.rule)" }.joined(separator: ", "))
        }
    }

    /// 300 city × sector cells of heavy-tailed noise (one month in 12 off by ±15–60%): the
    /// single-month outlier screen holds many months back, but the data-quality alerts it
    /// raises are bounded by Benjamini–Hochberg over the run's tests (a few at most), and a
    /// keying error (headcount ×10 in the month before the latest, back the next month) is
    /// still raised. A net flow that swings through zero (inflow minus outflow) is not judged
    /// at all: its "times expected" means nothing near zero.
    func testSingleMonthOutliersAreBoundedAndAKeyingErrorStillRaises() throws {
        let engine = AlertEngine(config: .defaults)
        var series: [(SeriesKey, [Double])] = []
        var n = Fixture.Noise(state: 4242)
        let sectors = (0..<20).map { String(UnicodeScalar(UInt8(65 + $0))) }
        for c in 1...15 {
            for sector in sectors {
                var y = Fixture.seasonal(months: months, base: 300, noiseShare: 0.01, seed: UInt64(series.count + 7))
                for t in 0..<months where n.next() > 0.42 { y[t] *= 1 + (n.next() > 0 ? 1 : -1) * (0.15 + 0.9 * abs(n.next())) }
                series.append((SeriesKey(region: String(430000 + 100 * c), sector: sector, signal: "insured"), y))
            }
        }
        let net = (0..<months).map { t in 200 * sin(2 * Double.pi * Double(t) / 12) + 30 * Double(t % 5) - 60 }
        series.append((SeriesKey(region: "430100", sector: "ALL", signal: "mobile_net_outflow"), net))
        let outliers = { (f: [Finding]) in f.filter { $0.evidence.rule == "single_month_outlier" && $0.raises } }
        let quiet = outliers(try engine.evaluate(panel: Fixture.panel(series), enterprises: [], asOf: asOf))
        XCTAssertLessThanOrEqual(quiet.count, 3, quiet.map { "\($0.subject.id) \($0.evidence.measure)" }.joined(separator: "\n"))
        XCTAssertFalse(quiet.contains { $0.evidence.signal == "mobile_net_outflow" })
        var keyed = series
        keyed[123].1[months - 2] *= 10
        let raised = outliers(try engine.evaluate(panel: Fixture.panel(keyed), enterprises: [], asOf: asOf))
        let k = keyed[123].0
        XCTAssertTrue(raised.contains { $0.subject.id == "D-\(k.region)-\(k.sector)-ALL" },
                      raised.map { "\($0.subject.id) \($0.evidence.measure)" }.joined(separator: "\n"))
    }
}
