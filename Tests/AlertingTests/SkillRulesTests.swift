import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// The rules that keep alerts honest on data the project did not make (issue 12): seasons
/// are not events, outliers and breaks are data questions, layoffs are tested with a false-
/// discovery bound, and slow broad declines are seen.
final class SkillRulesTests: XCTestCase {
    let engine = AlertEngine(config: .defaults)
    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    func raised(_ f: [Finding], rule: String) -> [Finding] { f.filter { $0.evidence.rule == rule && $0.raises } }
    func jobLoss(_ f: [Finding]) -> [Finding] { f.filter { $0.raises && $0.subject.scope != .dataQuality } }

    /// A youth rate with a July–August graduation peak of 4 points every year: the Sahm rule
    /// on the adjusted rate stays quiet in July, and fires on a rise that is not seasonal.
    func testGraduationSeasonIsNotASahmRise() throws {
        var n = Fixture.Noise(state: 21)
        let youth = (0..<months).map { t -> Double in
            let m = (Fixture.start + t).month
            return 14 + (m == 7 ? 4 : m == 8 ? 3 : 0) + 0.2 * n.next()
        }
        let july = Period(year: 2024, month: 7) - Fixture.start
        let key = Fixture.key("430100", "ALL", signal: "youth_unemployment_rate")
        let f = try engine.evaluate(panel: Fixture.panel([(key, Array(youth[0...july]))]), enterprises: [],
                                    asOf: Fixture.start + july)
        XCTAssertTrue(raised(f, rule: "sahm_rise").isEmpty, f.map { "\($0.evidence.rule) \($0.evidence.detail)" }.joined(separator: "\n"))
        // The same series with a real rise of 1.5 points over the last three months.
        var risen = youth
        for t in (months - 3)..<months { risen[t] += 0.5 * Double(t - (months - 4)) }
        let g = try engine.evaluate(panel: Fixture.panel([(key, risen)]), enterprises: [], asOf: asOf)
        let hit = try XCTUnwrap(raised(g, rule: "sahm_rise").first)
        XCTAssertEqual(hit.evidence.measure, 1.0, accuracy: 0.25, "adjusted 3-month average 1 point above its low")
        XCTAssertEqual(hit.evidence.measureName, "points_above_12_month_low_seasonally_adjusted")
    }

    /// One month of headcount ×10 (a keying error): no job-loss finding that month or the
    /// next, and a data-quality finding instead.
    func testOneMonthKeyingErrorIsADataQuestionOnly() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        let key = Fixture.key(signal: "payroll_headcount")
        y[months - 2] *= 10
        // Latest month: held back, a data-quality finding.
        let pending = try engine.evaluate(panel: Fixture.panel([(key, Array(y[0..<(months - 1)]))]), enterprises: [],
                                          asOf: asOf - 1)
        XCTAssertEqual(jobLoss(pending).map(\.evidence.rule), [])
        let dq = try XCTUnwrap(raised(pending, rule: "single_month_outlier").first)
        XCTAssertEqual(dq.subject.id, "D-430100-C-ALL")
        XCTAssertTrue(dq.evidence.detail.contains("held back"), dq.evidence.detail)
        // A month later it came back: a spike, still no job-loss finding (the fall back to
        // normal is not a contraction or a sudden fall).
        let after = try engine.evaluate(panel: Fixture.panel([(key, y)]), enterprises: [], asOf: asOf)
        XCTAssertEqual(jobLoss(after).map(\.evidence.rule), [])
        XCTAssertTrue(raised(after, rule: "single_month_outlier").first?.evidence.detail.contains("one-month error") ?? false)
        // ×0.1 the same.
        var low = Fixture.seasonal(months: months, base: 10_000)
        low[months - 2] *= 0.1
        XCTAssertEqual(jobLoss(try engine.evaluate(panel: Fixture.panel([(key, low)]), enterprises: [], asOf: asOf)).count, 0)
    }

    /// A real fall of 40% that stays is withheld in its first month (one figure, unconfirmed)
    /// and raised the month after; with claims jumping the same month it is corroborated and
    /// raised at once.
    func testALastingFallIsRaisedOnceConfirmedOrCorroborated() throws {
        var y = Fixture.seasonal(months: months, base: 10_000)
        for t in (months - 2)..<months { y[t] *= 0.6 }
        let key = Fixture.key(signal: "payroll_headcount")
        let first = try engine.evaluate(panel: Fixture.panel([(key, Array(y[0..<(months - 1)]))]), enterprises: [], asOf: asOf - 1)
        XCTAssertTrue(raised(first, rule: "employment_contraction").isEmpty, "one unconfirmed figure")
        let second = try engine.evaluate(panel: Fixture.panel([(key, y)]), enterprises: [], asOf: asOf)
        XCTAssertEqual(raised(second, rule: "employment_contraction").first?.evidence.level, .red)
        var claims = Fixture.seasonal(months: months, base: 500, seed: 7)
        claims[months - 2] *= 4
        let both = try engine.evaluate(panel: Fixture.panel([(key, Array(y[0..<(months - 1)])),
                                                             (Fixture.key(signal: "ui_new_claims"), Array(claims[0..<(months - 1)]))]),
                                       enterprises: [], asOf: asOf - 1)
        XCTAssertFalse(raised(both, rule: "employment_contraction").isEmpty, "two sources jump together: corroborated")
    }

    /// Mass layoffs: a ×10 spike that reverts, a newborn firm's ramp-up and a firm that
    /// expands and stays are not layoffs; a cut that persists is, once confirmed.
    func testLayoffNeedsAPersistingCutFromAnOrdinaryLevel() throws {
        var spike = Array(repeating: 400.0, count: months)
        spike[months - 3] = 4000
        var expands = Array(repeating: 400.0, count: months)
        for t in (months - 8)..<months { expands[t] = t < months - 4 ? 460 : 608 }
        var newborn = [Double](repeating: .nan, count: months)
        for t in (months - 8)..<months { newborn[t] = [10, 40, 90, 150, 120, 160, 140, 150][t - (months - 8)] }
        var cut = Array(repeating: 400.0, count: months)
        cut[months - 2] = 300; cut[months - 1] = 300
        let es = [Fixture.enterprise(id: Fixture.creditCode(1), headcount: spike),
                  Fixture.enterprise(id: Fixture.creditCode(2), headcount: expands),
                  Fixture.enterprise(id: Fixture.creditCode(3), headcount: newborn),
                  Fixture.enterprise(id: Fixture.creditCode(4), headcount: cut)]
        let f = try engine.evaluate(panel: Fixture.panel([]), enterprises: es, asOf: asOf)
        XCTAssertEqual(raised(f, rule: "mass_layoff").map(\.subject.enterpriseID), [Fixture.creditCode(4)])
        XCTAssertEqual(raised(f, rule: "mass_layoff").first?.evidence.measure, 5, "max(100/20, 25%/10%)")
        // The same cut as the latest month: not yet confirmed.
        var fresh = cut
        fresh[months - 2] = 400
        let g = try engine.evaluate(panel: Fixture.panel([]), enterprises: [Fixture.enterprise(id: Fixture.creditCode(4), headcount: fresh)],
                                    asOf: asOf)
        XCTAssertTrue(raised(g, rule: "mass_layoff").isEmpty)
    }

    /// 2,000 firms with heavy-tailed monthly turnover (Student t, 3 df, 2% of staff) and no
    /// layoff: tail months that pass the legal and 3σ floors do not persist or are not rare
    /// against the firms' earlier months, so the run's false layoff alerts stay near zero;
    /// one real 30% cut among them is found.
    func testFalseLayoffAlertsAreBoundedAcrossManyFirms() throws {
        var rng = Fixture.Noise(state: 99)
        func t3() -> Double {
            // Student t with 3 df from normals by Box–Muller: z / sqrt(chi2_3 / 3).
            func normal() -> Double {
                let u1 = max(rng.next() + 0.5, 1e-12), u2 = rng.next() + 0.5
                return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            }
            let z = normal(), c = (0..<3).map { _ in normal() }.map { $0 * $0 }.reduce(0, +)
            return z / (c / 3).squareRoot()
        }
        var es: [EnterpriseSeries] = []
        for i in 0..<2000 {
            let base = 60 + Double(i % 40) * 20
            // Turnover around the firm's level: a month's noise does not persist.
            var h = [Double]()
            for _ in 0..<months { h.append(max(5, base * (1 + 0.02 * t3())).rounded()) }
            es.append(Fixture.enterprise(id: Fixture.creditCode(i), headcount: h))
        }
        var real = es[7].headcount.array
        for t in (months - 2)..<months { real[t] = (real[months - 3] * 0.7).rounded() }
        es[7] = Fixture.enterprise(id: Fixture.creditCode(7), headcount: real)
        let f = try engine.evaluate(panel: Fixture.panel([]), enterprises: es, asOf: asOf)
        let hits = raised(f, rule: "mass_layoff").compactMap(\.subject.enterpriseID)
        XCTAssertTrue(hits.contains(Fixture.creditCode(7)), "the real 30% cut")
        XCTAssertLessThanOrEqual(hits.count, 3, "false layoff alerts among 2,000 heavy-tailed firms: \(hits.count)")
    }

    /// A province-wide shock cuts every firm of a county by 12% in the same month and they stay
    /// there: that is the area rules' question, and a layoff test on each firm would find
    /// every firm's cut unusual against its own past at once. Measured beyond the common cut
    /// of its peers (the county's median, 48 of 400), only the firm that cut 40% is a layoff:
    /// net 160 − 48 = 112 people, max(112/20, 28%/10%) = 5.6 multiples of the legal threshold.
    func testACommonShockIsNotALayoffAtEveryFirm() throws {
        var rng = Fixture.Noise(state: 7)
        var es: [EnterpriseSeries] = []
        for i in 0..<40 {
            var h = (0..<months).map { _ in (400 * (1 + 0.005 * rng.next())).rounded() }
            let cut = i == 0 ? 0.40 : 0.12
            for t in (months - 2)..<months { h[t] = (400 * (1 - cut)).rounded() }
            es.append(Fixture.enterprise(id: Fixture.creditCode(i), headcount: h))
        }
        let f = try engine.evaluate(panel: Fixture.panel([]), enterprises: es, asOf: asOf)
        let hits = raised(f, rule: "mass_layoff")
        XCTAssertEqual(hits.compactMap(\.subject.enterpriseID), [Fixture.creditCode(0)])
        XCTAssertEqual(hits.first?.evidence.measure ?? 0, 5.6, accuracy: 0.15, "(160 − 48) / 20, less a usual cut of a person or two")
        XCTAssertEqual(hits.first?.evidence.expected ?? 0, 352, accuracy: 3, "400 less the peers' 48")
    }

    /// A slow, broad decline (−4% over 12 months of a smooth series, year over year negative)
    /// is a downturn; a steady series and a series that grows are not.
    func testSlowDeclineIsADownturn() throws {
        var y = Fixture.seasonal(months: months, base: 50_000, noiseShare: 0.002, seed: 3)
        for t in (months - 12)..<months { y[t] *= 1 - 0.04 * Double(t - (months - 13)) / 12 }
        let key = Fixture.key("430000", "ALL", signal: "payroll_headcount")
        let f = try engine.evaluate(panel: Fixture.panel([(key, y)]), enterprises: [], asOf: asOf)
        let hit = try XCTUnwrap(raised(f, rule: "employment_downturn").first)
        XCTAssertEqual(hit.evidence.measureName, "robust_sd_below_12_month_high_seasonally_adjusted")
        XCTAssertTrue(hit.evidence.detail.contains("below its 12-month high"), hit.evidence.detail)
        let calm = try engine.evaluate(panel: Fixture.panel([(key, Fixture.seasonal(months: months, base: 50_000, noiseShare: 0.002, seed: 3))]),
                                       enterprises: [], asOf: asOf)
        XCTAssertTrue(raised(calm, rule: "employment_downturn").isEmpty)
    }

    /// Quarterly and annual generic series from 1950 with region codes outside GB/T 2260 are
    /// areas of their own and are judged without error.
    func testAnyHistoryAnyPlace() throws {
        let T = 480, start = Period(year: 1950, month: 1)
        var n = Fixture.Noise(state: 3)
        var monthly: [Double] = [], quarterly: [Double] = []
        for t in 0..<T {
            let season: Double = 30 * sin(2 * Double.pi * Double(t % 12) / 12)
            monthly.append(1000 + 0.5 * Double(t) + season + 5 * n.next())
            quarterly.append(t % 3 == 2 ? 5 + 0.2 * n.next() : Double.nan)
        }
        let panel = Panel(start: start, periodCount: T,
                          keys: [SeriesKey(region: "US", sector: "sic056", signal: "payroll_employment"),
                                 SeriesKey(region: "CA-ON", sector: "TOTAL", signal: "unemployment_rate")],
                          values: monthly + quarterly)
        let f = try engine.evaluate(panel: panel, enterprises: [], asOf: start + (T - 1))
        XCTAssertEqual(jobLoss(f).map(\.subject.id), [])
    }

    /// A watched series with too few observed months is named with its reason, not dropped.
    func testUnfittedSeriesAreNamed() throws {
        let full = Fixture.seasonal(months: months, base: 10_000)
        let short = (0..<months).map { $0 < months - 10 ? Double.nan : 5_000.0 }
        let p = Fixture.panel([(Fixture.key(signal: "payroll_headcount"), full),
                               (Fixture.key("430200", "C", signal: "payroll_headcount"), short)])
        let e = try engine.evaluation(panel: p, enterprises: [], asOf: asOf)
        XCTAssertEqual(e.unfitted.map(\.name), ["430200/C/ALL/payroll_headcount"])
        XCTAssertEqual(e.unfitted.first?.reason, "only 10 observed months; at least 24 are needed to fit trend and season")
    }
}
