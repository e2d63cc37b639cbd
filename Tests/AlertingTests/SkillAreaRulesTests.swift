@testable import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// The area rules' false alerts bounded by construction (issue 12, item 5): conformal
/// p-values against the pooled earlier measures, Benjamini–Hochberg over the run's cells, and
/// data breaks held from the job-loss rules.
final class SkillAreaRulesTests: XCTestCase {
    let engine = AlertEngine(config: .defaults)
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    func raised(_ f: [Finding], rule: String) -> [Finding] { f.filter { $0.evidence.rule == rule && $0.raises } }
    func jobLoss(_ f: [Finding]) -> [Finding] { f.filter { $0.raises && $0.subject.scope != .dataQuality } }

    /// The conformal p-value (1 + #{earlier ≥ m}) / (1 + n), counted by hand: earlier
    /// measures 0.5, 1, …, 4.5 (9 positive) and 91 at or below 0, n = 100. Below 11 positive
    /// measures no tail is fitted (Hill needs 10 exceedances above an eleventh).
    func testConformalPValueAgainstEarlierMeasures() {
        var null = AreaRuleNull()
        for i in 1...9 { null.add(0.5 * Double(i), band: 0) }
        for _ in 0..<91 { null.add(-0.3, band: 0) }
        XCTAssertEqual(null.count, 100)
        let p = null.pValues([(measure: 4.0, band: 0), (measure: 2.2, band: 0), (measure: 9.0, band: 0), (measure: -1, band: 0)])
        XCTAssertEqual(p[0], 3.0 / 101, accuracy: 1e-12)   // 4.0 and 4.5 are ≥ 4
        XCTAssertEqual(p[1], 6.0 / 101, accuracy: 1e-12)   // 2.5 … 4.5
        XCTAssertEqual(p[2], 1.0 / 101, accuracy: 1e-12)   // none
        XCTAssertEqual(p[3], 101.0 / 101, accuracy: 1e-12) // all
        // A band with fewer than `bandMinimum` earlier measures is judged against all bands.
        XCTAssertEqual(null.pValues([(measure: 4.0, band: 2)])[0], 3.0 / 101, accuracy: 1e-12)
        // Bands by mean level: under 20, 200, 2,000 and above.
        XCTAssertEqual([5, 20, 199, 1_999, 50_000].map { AreaRuleNull.band(level: $0) }, [0, 1, 1, 2, 3])
    }

    /// Benjamini–Hochberg over m = 10 tests at q = 0.05 (Benjamini & Hochberg 1995, the step-up
    /// rule): p = 0.001, 0.008, 0.039, 0.041 against i·q/m = 0.005, 0.01, 0.015, 0.02: the
    /// largest i with p₍ᵢ₎ ≤ i·q/m is 2, so the first two are rejected (statsmodels
    /// `multipletests(method="fdr_bh")` on these p-values with six more at 1 gives the same).
    func testBenjaminiHochbergStepUp() {
        let r = BenjaminiHochberg.rejections([0.041, 0.001, 0.039, 0.008], tests: 10, rate: 0.05)
        XCTAssertEqual(r, [false, true, false, true])
    }

    /// 160 city × sector cells of heavy-tailed noise (one month in 25 a shock of ±6–12%, a
    /// t-like tail) and no event: the area rules raise at most a handful over the cells,
    /// where a fixed robust-z threshold per cell would raise many; a −25% step that stays in
    /// one cell is still raised.
    func testAreaRulesBoundFalseAlertsOverManyCells() throws {
        var keys: [(SeriesKey, [Double])] = []
        var n = Fixture.Noise(state: 99)
        let cities = ["430100", "430200", "430300", "430400", "430500", "430600", "430700", "430800"]
        let sectors = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"]
        for city in cities {
            for sector in sectors {
                var y = Fixture.seasonal(months: months, base: 2_000, noiseShare: 0.01, seed: UInt64(keys.count + 3))
                for t in 0..<months where n.next() > 0.46 { y[t] *= 1 + (n.next() > 0 ? 1 : -1) * (0.06 + 0.12 * abs(n.next())) }
                keys.append((Fixture.key(city, sector, signal: "payroll_headcount"), y))
            }
        }
        let quiet = try engine.evaluate(panel: Fixture.panel(keys), enterprises: [], asOf: asOf)
        let falseAlerts = jobLoss(quiet)
        XCTAssertLessThanOrEqual(falseAlerts.count, 2, falseAlerts.map { "\($0.subject.id) \($0.evidence.rule) \($0.evidence.measure)" }.joined(separator: "\n"))
        var hit = keys
        for t in (months - 3)..<months { hit[37].1[t] *= 0.75 }
        let f = try engine.evaluate(panel: Fixture.panel(hit), enterprises: [], asOf: asOf)
        let raisedOn = Set(jobLoss(f).map(\.subject.id))
        XCTAssertTrue(raisedOn.contains("A-\(hit[37].0.region)-\(hit[37].0.sector)-ALL"), raisedOn.sorted().joined(separator: " "))
    }

    /// A city's insured count steps to ×0.85 while payroll headcount holds (a change of
    /// definition): the disagreement rule raises its data-quality alert, and no job-loss rule
    /// reads insured or the separation rate over it, in the city's cells or the province's.
    func testADataBreakIsADataQuestionOnly() throws {
        let step = months - 5
        var series: [(SeriesKey, [Double])] = []
        for (region, base) in [("430300", 20_000.0), ("430000", 200_000.0)] {
            let payroll = Fixture.seasonal(months: months, base: base, noiseShare: 0.004, seed: 5)
            var insured = payroll.map { 0.8 * $0 }
            // The province figure moves too little (one city of many) to be found on its own.
            let share = region == "430300" ? 0.85 : 1
            for t in step..<months { insured[t] *= share }
            let separated = Fixture.seasonal(months: months, base: base * 0.02, noiseShare: 0.02, seed: 11)
            let rate = zip(separated, insured).map { 100 * $0 / $1 }
            series += [(Fixture.key(region, "ALL", signal: "payroll_headcount"), payroll), (Fixture.key(region, "ALL", signal: "insured"), insured),
                       (Fixture.key(region, "ALL", signal: "separated"), separated), (Fixture.key(region, "ALL", signal: "separation_rate"), rate)]
        }
        let panel = Fixture.panel(series)
        let breaks = SourceBreaks(panel: panel, config: .defaults, seriesIndex: panel.columnIndex, asOf: asOf,
                                  matched: MatchedSample(panel: panel, enterprises: []))
        XCTAssertEqual(breaks.found.map { "\($0.key) \(Fixture.start + $0.start)" }, ["430300/ALL/ALL/insured \(Fixture.start + step)"])
        let held = panel.keys.indices.filter(breaks.holds).map { panel.keys[$0].description }
        XCTAssertEqual(held, ["430300/ALL/ALL/insured", "430300/ALL/ALL/separation_rate", "430000/ALL/ALL/insured",
                              "430000/ALL/ALL/separation_rate"])
        for asOf in [Fixture.start + step + 1, Fixture.start + step + 3, self.asOf] {
            let f = try engine.evaluate(panel: panel, enterprises: [], asOf: asOf)
            XCTAssertEqual(jobLoss(f).map { "\($0.subject.id) \($0.evidence.rule) \($0.evidence.signal)" }, [], "as of \(asOf)")
        }
        let f = try engine.evaluate(panel: panel, enterprises: [], asOf: Fixture.start + step + 1)
        XCTAssertFalse(raised(f, rule: "payroll_insurance_disagree").isEmpty)
    }
}

extension SkillAreaRulesTests {
    /// A firm's payroll row missing for a month in a cell of three firms: headcount and wage
    /// bill fall together, one report's gap, not two sources agreeing. Held back while it is
    /// the latest month, a spike once the row is back; no job-loss alert either time.
    func testAMissingPayrollRowIsNotCorroboratedByItsOwnWageBill() throws {
        var headcount = Fixture.seasonal(months: months, base: 185, noiseShare: 0.005, seed: 3)
        var wages = headcount.map { $0 * 7_000 }
        headcount[months - 2] -= 119; wages[months - 2] -= 119 * 7_000
        let series = [(Fixture.key("430400", "P", signal: "payroll_headcount"), headcount),
                      (Fixture.key("430400", "P", signal: "payroll_wages"), wages)]
        XCTAssertEqual(OutlierScreen.source(of: "payroll_headcount"), OutlierScreen.source(of: "payroll_wages"))
        XCTAssertNotEqual(OutlierScreen.source(of: "payroll_headcount"), OutlierScreen.source(of: "insured"))
        let pending = try engine.evaluate(panel: Fixture.panel(series.map { ($0.0, Array($0.1[0..<(months - 1)])) }), enterprises: [],
                                          asOf: asOf - 1)
        XCTAssertEqual(jobLoss(pending).map(\.evidence.rule), [])
        let after = try engine.evaluate(panel: Fixture.panel(series), enterprises: [], asOf: asOf)
        XCTAssertEqual(jobLoss(after).map(\.evidence.rule), [])
    }
}
