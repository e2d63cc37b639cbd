@testable import Alerting
import Codes
import Foundation
import PanelData
import XCTest

/// The area rules judge a cell built from enterprises on its continuing firms (issue 12: a
/// small firm's closure and a firm's birth are not an area's signal); the matched-sample
/// link relative is the BLS Current Employment Statistics estimator (BLS Handbook of Methods,
/// "Current Employment Statistics: Calculation", the link-relative technique).
final class SkillMatchedSampleTests: XCTestCase {
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    func payrollPanel(_ firms: [EnterpriseSeries], months: Int) -> Panel { Fixture.payrollPanel(firms, months: months) }

    /// Hand-worked links over six months. Firm A: 100, 100, 90, 90, 90, 90. Firm B closes:
    /// 50, 50, 50, then no row (months 3–5). Firm C is born in month 1: 20, 22, 22, 22, 22.
    /// Firm D reports 10, 10, 10, 10, —, 12: its missing month 4 (between two reports) is
    /// carried at 10, as `PayrollNonresponse` imputes it into the cell.
    /// Cell sums: 160, 180, 172, 122, 122, 124.
    /// L₁ = (100 + 50 + 10) / (100 + 50 + 10) = 1 (C is new);
    /// L₂ = (90 + 50 + 22 + 10) / (100 + 50 + 20 + 10) = 172 / 180;
    /// L₃ = (90 + 22 + 10) / (90 + 22 + 10) = 1 (B left: out of the link);
    /// L₄ = (90 + 22 + 10) / (90 + 22 + 10) = 1 (D carried);
    /// L₅ = (90 + 22 + 12) / (90 + 22 + 10) = 124 / 122.
    func testLinkRelativesOverContinuingFirms() {
        let n = 6
        let a = [100.0, 100, 90, 90, 90, 90], b = [50.0, 50, 50, .nan, .nan, .nan]
        let cFirm = [.nan, 20.0, 22, 22, 22, 22], d = [10.0, 10, 10, 10, .nan, 12]
        let firms = [a, b, cFirm, d].enumerated().map { i, h in Fixture.enterprise(id: Fixture.creditCode(i + 1), headcount: h) }
        var panel = payrollPanel(firms, months: n)
        _ = PayrollNonresponse(filling: &panel, enterprises: firms)
        let matched = MatchedSample(panel: panel, enterprises: firms)
        let index = panel.columnIndex
        let expected = [1.0, 172.0 / 180.0, 1.0, 1.0, 124.0 / 122.0]
        for region in ["430102", "430100", "430000"] {
            for sector in ["C", "ALL"] {
                let s = index[SeriesKey(region: region, sector: sector, signal: "payroll_headcount")]!
                XCTAssertTrue(matched.covers(s))
                XCTAssertTrue(matched.link(s, 0).isNaN)
                for t in 1..<n { XCTAssertEqual(matched.link(s, t), expected[t - 1], accuracy: 1e-12, "\(region) \(sector) month \(t)") }
                // The cell as summed (D's month 4 imputed) and its matched index, equal at the
                // judged month and chained back by the links.
                let y = (0..<n).map { panel[$0, s] }
                XCTAssertEqual(y, [160, 180, 172, 122, 122, 124])
                let m = matched.index(s, values: y, through: n - 1)!
                XCTAssertEqual(m[5], 124)
                XCTAssertEqual(m[4], 122, accuracy: 1e-9)
                XCTAssertEqual(m[3], 122, accuracy: 1e-9)
                XCTAssertEqual(m[2], 122, accuracy: 1e-9)
                XCTAssertEqual(m[1], 122 * 180 / 172, accuracy: 1e-9)
                XCTAssertEqual(m[0], 122 * 180 / 172, accuracy: 1e-9)
            }
        }
        // Columns with no enterprise behind them have no matched index.
        let firmCount = index[SeriesKey(region: "430102", sector: "C", signal: "payroll_enterprises")]!
        XCTAssertFalse(matched.covers(firmCount))
        XCTAssertNil(matched.index(firmCount, values: Array(repeating: 1, count: n), through: n - 1))
        // The wage bill is chained the same way (wages = headcount × 6,000 here, so the same links).
        let wages = index[SeriesKey(region: "430102", sector: "C", signal: "payroll_wages")]!
        for t in 1..<n { XCTAssertEqual(matched.link(wages, t), expected[t - 1], accuracy: 1e-12) }
    }

    /// A firm that reports 0 has closed: it is in no link from that month on.
    func testAFirmReportingZeroLeavesTheLink() {
        let firms = [[100.0, 100, 100, 100], [40.0, 40, 0, 0]].enumerated().map { i, h in
            Fixture.enterprise(id: Fixture.creditCode(i + 1), headcount: h)
        }
        let panel = payrollPanel(firms, months: 4)
        let matched = MatchedSample(panel: panel, enterprises: firms)
        let s = panel.columnIndex[SeriesKey(region: "430102", sector: "C", signal: "payroll_headcount")]!
        XCTAssertEqual(matched.link(s, 1), 1)
        XCTAssertEqual(matched.link(s, 2), 1)
        XCTAssertEqual(matched.link(s, 3), 1)
        XCTAssertEqual(matched.index(s, values: (0..<4).map { panel[$0, s] }, through: 3), [100, 100, 100, 100])
    }

    /// A city × sector cell of eight firms: in the judged window a fifth of its staff goes.
    /// When it goes as one firm's closure (the firm stops reporting) neither
    /// `sudden_employment_fall` nor `employment_contraction` on the cell's headcount raises:
    /// its continuing firms held. When the same number of jobs go as cuts at every firm, both may
    /// and `sudden_employment_fall` does.
    func testAClosureIsNotAnAreaFallButTheSameCutAtContinuingFirmsIs() throws {
        let engine = AlertEngine(config: .defaults)
        let cutFrom = months - 3
        func cell(closure: Bool) -> [EnterpriseSeries] {
            (0..<8).map { i in
                // Firm 0 employs 200 of the cell's 900; the others 100 each.
                var h = Fixture.seasonal(months: months, base: i == 0 ? 200 : 100, noiseShare: 0.005, seed: UInt64(i + 1))
                for t in cutFrom..<months {
                    if closure { if i == 0 { h[t] = .nan } } else { h[t] *= 700.0 / 900.0 }
                }
                return Fixture.enterprise(id: Fixture.creditCode(10 + i), headcount: h, sector: "C")
            }
        }
        var others: [EnterpriseSeries] = []
        for (j, sector) in ["D", "E", "F", "G", "H", "I"].enumerated() {
            for i in 0..<8 {
                let h = Fixture.seasonal(months: months, base: 100, noiseShare: 0.005, seed: UInt64(50 + 10 * j + i))
                others.append(Fixture.enterprise(id: Fixture.creditCode(100 + 10 * j + i), headcount: h, sector: sector))
            }
        }
        for closure in [true, false] {
            let all = cell(closure: closure) + others
            let f = try engine.evaluate(panel: payrollPanel(all, months: months), enterprises: all, asOf: asOf)
            // Every signal for sudden_employment_fall; the counts for employment_contraction (a
            // cell's wage bill is not carried forward: `MatchedSample.carriedSignals`).
            let area = f.filter { finding in
                guard finding.raises, finding.subject.scope == .area, finding.subject.sector == "C" else { return false }
                return finding.evidence.rule == "sudden_employment_fall"
                    || finding.evidence.rule == "employment_contraction" && MatchedSample.carriedSignals.contains(finding.evidence.signal)
            }
            let names = area.map { finding in "\(finding.subject.id) \(finding.evidence.rule)" }
            XCTAssertEqual(area.isEmpty, closure, "closure \(closure): " + names.joined(separator: ", "))
            if !closure {
                XCTAssertTrue(area.contains { $0.evidence.rule == "sudden_employment_fall" }, names.joined(separator: ", "))
            }
        }
    }
}
