@testable import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// `payroll_insurance_disagree` on small cells (issue 12): the ratio of insured to payroll
/// headcount is judged on the cell's continuing firms against the pooled earlier months of
/// every cell, and Benjamini–Hochberg bounds the run's alerts.
///
/// The panel is the independent province's diagnosis in small: firms of 8–60 people with
/// heavy-tailed size changes and their own insurance coverage (55–100%), so a cell's ratio
/// moves with which firm grew, and insured counts that follow part of the hires a month
/// late. Five firms per city × sector cell, four cities, six sectors.
final class SkillDataQualityTests: XCTestCase {
    let months = 72
    let cities = ["430102", "430202", "430302", "430402"]
    let sectors = ["C", "E", "F", "G", "H", "I"]
    let rule = "payroll_insurance_disagree"

    /// Only the rule under test (and the model the engine fits anyway).
    var engine: AlertEngine {
        var c = AlertConfig.defaults
        c.rules = c.rules.filter { $0.id == rule }
        return AlertEngine(config: c)
    }

    /// Firms of the calm panel, as the independent province makes them: headcount on an AR(1)
    /// (0.8) of its log with Student-t(3) shocks of scale 0.05, a coverage of its own drawn
    /// from 0.55–1.0, and insured = coverage × (¾ this month's headcount + ¼ last month's),
    /// a quarter of the hires insured a month late.
    func firms(seed: UInt64) -> [EnterpriseSeries] {
        var n = Fixture.Noise(state: seed)
        func normal() -> Double {
            let u = max(n.next() + 0.5, 1e-12), v = n.next() + 0.5
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        func studentT3() -> Double {
            let chi = (0..<3).map { _ in pow(normal(), 2) }.reduce(0, +)
            return normal() / (chi / 3).squareRoot()
        }
        var out: [EnterpriseSeries] = []
        for (ci, county) in cities.enumerated() {
            for (si, sector) in sectors.enumerated() {
                for f in 0..<5 {
                    // Two large firms at the ends of the coverage range, three small ones anywhere in it.
                    let base = f < 2 ? 600 + 900 * (n.next() + 0.5) : 8 + 52 * (n.next() + 0.5)
                    let coverage = f == 0 ? 0.55 + 0.1 * (n.next() + 0.5) : f == 1 ? 0.9 + 0.1 * (n.next() + 0.5)
                        : 0.55 + 0.45 * (n.next() + 0.5)
                    // One firm in four is born after the first 18 months, one in four closes
                    // before the end: insured falls to 0 in its last month, then it leaves both files.
                    let born = f >= 2 && n.next() < -0.25 ? 18 + Int((n.next() + 0.5) * Double(months - 18)) : 0
                    let closes = f >= 2 && n.next() < -0.25 ? 18 + Int((n.next() + 0.5) * Double(months - 18)) : months + 1
                    var dev = 0.0, h: [Double] = [], ins: [Double] = []
                    for t in 0..<months {
                        dev = 0.8 * dev + 0.08 * studentT3()
                        guard t >= born, t < closes else { h.append(.nan); ins.append(.nan); continue }
                        h.append(max(1, (base * exp(dev)).rounded()))
                        let lagged = t == born ? h[t] : h[t - 1]
                        ins.append(t == closes - 1 ? 0 : max(1, (coverage * (0.75 * h[t] + 0.25 * lagged)).rounded()))
                    }
                    let id = Fixture.creditCode(1000 * ci + 10 * si + f)
                    out.append(EnterpriseSeries(id: id, name: "企业\(id.suffix(4))", region: county, sector: sector, isKey: false,
                                                start: Fixture.start, headcount: h, wages: h.map { $0 * 5000 },
                                                daysLate: Array(repeating: 0, count: months), arrears: Array(repeating: 0, count: months),
                                                insured: ins))
                }
            }
        }
        return out
    }

    /// The province, city and county cells (each sector and `ALL`) of payroll headcount and
    /// insured, summed from the firms as the ingest sums them.
    func panel(_ firms: [EnterpriseSeries]) -> Panel {
        var sums: [SeriesKey: [Double]] = [:]
        for e in firms {
            for r in RegionCode(e.region)!.lineage.map(\.description) {
                for sector in [e.sector, "ALL"] {
                    for (signal, v) in [("payroll_headcount", e.headcount.array), ("insured", e.insured.array),
                                        ("payroll_enterprises", e.headcount.map { $0.isNaN ? Double.nan : 1 })] {
                        let k = SeriesKey(region: r, sector: sector, signal: signal)
                        var s = sums[k] ?? Array(repeating: .nan, count: months)
                        for t in 0..<months where !v[t].isNaN { s[t] = s[t].isNaN ? v[t] : s[t] + v[t] }
                        sums[k] = s
                    }
                }
            }
        }
        return Fixture.panel(sums.keys.sorted { $0.description < $1.description }.map { ($0, sums[$0]!) })
    }

    /// Calm small cells with noisy coverage, births and closures: 3 seeds × 12 as-of months
    /// (36 runs of 35 watched cells). The old rule (the cells' summed ratio, |z| ≥ blue on
    /// both months) is crossed in 8 runs. The rule may raise a false alert in a run with
    /// probability at most q = 0.05 (Benjamini–Hochberg under the global null), 1.8 runs
    /// expected of 36; an alert stays raised while its step lasts, so the false alerts are
    /// counted once each (cell and seed), as the backtest counts them. At most 4: for a
    /// Poisson count of mean 1.8, P(≥ 5) ≈ 0.04. Measured: 4 alerts, raised in 5 runs; the
    /// bound is met, not by a wide margin (two large firms at the ends of the coverage range
    /// make a cell heavier-tailed than its band's).
    func testCalmSmallCellsWithNoisyCoverageRaiseAtMostTheBound() throws {
        var runsOverTheLine = 0
        var alerts = Set<String>()
        let blue = AlertConfig.defaults.rules.first { $0.id == rule }!.thresholds.blue
        for seed: UInt64 in [11, 12, 13] {
            let firms = firms(seed: seed), panel = panel(firms)
            let watched = panel.keys.indices.filter { s in
                panel.keys[s].signal == "insured" && panel.keys[s].region.hasSuffix("00")
            }
            for asOf in (months - 12)..<months {
                // The old measure: the summed cells' ratio, no continuing-firm links.
                let summed = watched.contains { s in
                    let k = panel.keys[s]
                    let d = panel.columnIndex[SeriesKey(region: k.region, sector: k.sector, signal: "payroll_headcount")]!
                    return (SourceRatio(panel: panel, matched: MatchedSample(panel: panel, enterprises: []), numerator: s,
                                        denominator: d, through: asOf, referenceMonths: 12, scaleFloor: 0.002)
                        .judged(asOf)?.measure ?? 0) >= blue
                }
                if summed { runsOverTheLine += 1 }
                let f = try engine.evaluate(panel: panel, enterprises: firms, asOf: Fixture.start + asOf)
                for x in f where x.evidence.rule == rule && x.raises { alerts.insert("\(seed) \(x.subject.id)") }
            }
        }
        XCTAssertGreaterThanOrEqual(runsOverTheLine, 6, "the panel must be one the old rule fails on")
        XCTAssertLessThanOrEqual(alerts.count, 4, alerts.sorted().description)
    }

    /// A county's insured count stepping to ×0.85 from one month on, payroll holding, in every
    /// firm of the cell: found in its city's cell once two months show it.
    func testATrueBreakIsStillFound() throws {
        var firms = firms(seed: 21)
        let step = months - 2
        firms = firms.map { e in
            guard e.region == "430202" else { return e }
            var ins = e.insured.array
            for t in step..<months { ins[t] = (ins[t] * 0.85).rounded() }
            return EnterpriseSeries(id: e.id, name: e.name, region: e.region, sector: e.sector, isKey: e.isKey, start: e.start,
                                    headcount: e.headcount.array, wages: e.wages.array, daysLate: e.daysLate.array,
                                    arrears: e.arrears.array, insured: ins)
        }
        let f = try engine.evaluate(panel: panel(firms), enterprises: firms, asOf: Fixture.start + (months - 1))
        let hits = f.filter { $0.evidence.rule == rule && $0.raises }
        XCTAssertTrue(hits.contains { $0.subject.id == "D-430200-ALL-ALL" }, hits.map(\.subject.id).description)
        XCTAssertTrue(hits.allSatisfy { $0.subject.id.hasPrefix("D-4302") || $0.subject.id.hasPrefix("D-430000") },
                      hits.map(\.subject.id).description)
    }

    /// A firm that leaves both files in the same month is job loss, not a data break: its
    /// cell's summed ratio steps (its coverage, 55%, is far from the others' 95%), the ratio on
    /// the continuing firms does not, and no D- alert or source break follows.
    func testAClosureIsNotABreak() throws {
        let T = months, close = months - 3
        var n = Fixture.Noise(state: 31)
        var firms: [EnterpriseSeries] = []
        for f in 0..<5 {
            let big = f == 0
            let base = big ? 400.0 : 60, coverage = big ? 0.55 : 0.95
            var h: [Double] = [], ins: [Double] = []
            for t in 0..<T {
                let alive = !big || t < close
                h.append(alive ? (base * (1 + 0.01 * n.next())).rounded() : .nan)
                ins.append(alive ? (base * coverage * (1 + 0.01 * n.next())).rounded() : .nan)
            }
            let id = Fixture.creditCode(500 + f)
            firms.append(EnterpriseSeries(id: id, name: "企业\(f)", region: "430102", sector: "C", isKey: false, start: Fixture.start,
                                          headcount: h, wages: h.map { $0 * 5000 }, daysLate: Array(repeating: 0, count: T),
                                          arrears: Array(repeating: 0, count: T), insured: ins))
        }
        let p = panel(firms)
        let s = p.columnIndex[SeriesKey(region: "430100", sector: "C", signal: "insured")]!
        let d = p.columnIndex[SeriesKey(region: "430100", sector: "C", signal: "payroll_headcount")]!
        // The cell's own sums: (0.55·400 + 4·57) / 640 = 0.70 before, 0.95 after, 8.5 binomial
        // SDs (√(0.7·0.3/240) = 0.030) off its median: the old rule raised it.
        let summed = SourceRatio(panel: p, matched: MatchedSample(panel: p, enterprises: []), numerator: s, denominator: d,
                                 through: T - 1, referenceMonths: 12, scaleFloor: 0.002)
        XCTAssertEqual(try XCTUnwrap(summed.judged(T - 1)).measure, 8.5, accuracy: 0.5)
        let matched = SourceRatio(panel: p, matched: MatchedSample(panel: p, enterprises: firms), numerator: s, denominator: d,
                                  through: T - 1, referenceMonths: 12, scaleFloor: 0.002)
        XCTAssertLessThan(try XCTUnwrap(matched.judged(T - 1)).measure, 3)
        for asOf in (close + 1)..<T {
            let f = try engine.evaluate(panel: p, enterprises: firms, asOf: Fixture.start + asOf)
            XCTAssertEqual(f.filter { $0.evidence.rule == rule && $0.raises }.map(\.subject.id), [], "as of month \(asOf)")
        }
        let breaks = SourceBreaks(panel: p, config: .defaults, seriesIndex: p.columnIndex, asOf: Fixture.start + (T - 1),
                                  matched: MatchedSample(panel: p, enterprises: firms))
        XCTAssertTrue(breaks.found.isEmpty, breaks.found.map { "\($0.key)" }.description)
    }
}
