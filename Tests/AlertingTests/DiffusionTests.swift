import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// Business-cycle turns across sectors (issue 12 item 3): employment diffusion judged against
/// its own history, and the downturn rule judged against a series' own drift.
final class DiffusionTests: XCTestCase {
    let engine = AlertEngine(config: .defaults)
    let rule = "employment_diffusion"

    func raised(_ f: [Finding], rule: String) -> [Finding] { f.filter { $0.evidence.rule == rule && $0.raises } }

    /// Eight sectors of a city, ten years of growth, season and independent noise; in the
    /// last `falling` months the first `sectors` of them lose 1% a month (the textbook
    /// recession: output falls in most industries at once).
    func area(months: Int = 120, sectors: Int, falling: Int = 6, seed: UInt64 = 7) -> Panel {
        let codes = ["A", "B", "C", "D", "E", "F", "G", "H"]
        return Fixture.panel(codes.enumerated().map { i, code in
            var y = Fixture.seasonal(months: months, base: 10_000 * Double(i + 1), noiseShare: 0.004, seed: seed + UInt64(i))
            if i < sectors {
                for t in (months - falling)..<months { y[t] *= 1 - 0.01 * Double(t - (months - falling) + 1) }
            }
            return (Fixture.key("430100", code, signal: "payroll_headcount"), y)
        })
    }

    /// The month a fall becomes broad raises: the share of sectors that fell over 3 months is
    /// 1 for the first time in ten years. (Later months of the same fall are ranked against
    /// its own earlier months too, so the alert is then held open by `clear` rather than
    /// raised again.)
    func testBroadFallIsRaised() throws {
        let p = area(sectors: 8, falling: 2)
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: p.start + (p.periodCount - 1))
        let hit = try XCTUnwrap(raised(f, rule: rule).first, f.map { "\($0.evidence.rule) \($0.evidence.detail)" }.joined(separator: "\n"))
        XCTAssertEqual(hit.subject.id, "A-430100-ALL-ALL")
        XCTAssertEqual(hit.evidence.observed, 1, "every sector fell over 3 months")
        XCTAssertEqual(hit.evidence.measureName, "conformal_rank_of_share_falling")
        // No earlier month had all 8 falling: p = 1/(1 + n) with n = the earlier months whose
        // share is defined (3-month average and 3-month change: from the 6th month on).
        let n = Double(p.periodCount - 1 - 5)
        XCTAssertEqual(hit.evidence.measure, 1 - 1 / (1 + n), accuracy: 1e-12)
        XCTAssertTrue(hit.evidence.detail.hasPrefix("8 of 8 sectors (100%) saw seasonally adjusted"), hit.evidence.detail)
    }

    /// Two of eight sectors in decline is an industry story, not a turn: no diffusion alert.
    func testNarrowFallIsNotRaised() throws {
        let p = area(sectors: 2)
        let f = try engine.evaluate(panel: p, enterprises: [], asOf: p.start + (p.periodCount - 1))
        XCTAssertEqual(raised(f, rule: rule).map(\.subject.id), [])
    }

    /// The bound by construction: calm months (no sector falling beyond its noise) raise at
    /// most about 1 − blue = 2% of the time. Judged at each of the last 48 months of 6
    /// independent calm areas (288 area-months; the bound allows 5.8 on average).
    func testCalmAreasRaiseAtTheStatedRate() throws {
        var raisedMonths = 0, judged = 0
        for seed in stride(from: UInt64(100), to: 160, by: 10) {
            let p = area(sectors: 0, seed: seed)
            for t in (p.periodCount - 48)..<p.periodCount {
                let f = try engine.evaluate(panel: p, enterprises: [], asOf: p.start + t)
                judged += 1
                if !raised(f, rule: rule).isEmpty { raisedMonths += 1 }
            }
        }
        XCTAssertEqual(judged, 288)
        XCTAssertLessThanOrEqual(raisedMonths, 12, "2% of 288 is 5.8; a binomial 99.9% bound is 14 even for independent months")
    }

    /// Too few sectors (fewer than `minimum_sectors`), or too short a history, says nothing.
    func testNeedsSectorsAndHistory() throws {
        let p = area(sectors: 8)
        let four = Panel(start: p.start, periodCount: p.periodCount, keys: Array(p.keys.prefix(4)),
                         values: Array(p.values.prefix(4 * p.periodCount)))
        XCTAssertEqual(try engine.evaluate(panel: four, enterprises: [], asOf: p.start + (p.periodCount - 1)).filter { $0.evidence.rule == rule }.count, 0)
        let short = area(months: 60, sectors: 8)
        XCTAssertEqual(try engine.evaluate(panel: short, enterprises: [], asOf: short.start + 59).filter { $0.evidence.rule == rule }.count, 0,
                       "54 earlier shares are fewer than minimum_history 60")
    }

    /// An industry in secular decline (−3% a year for ten years, season and noise) is on its
    /// own path, not in a downturn; the same series with a further 6% fall in its last 9
    /// months is. Without the drift (`drift_months` 0) the steady decline's drawdown passes
    /// blue: the drift is what takes it out of the measure. (What is left to hold it then is
    /// the rule's own null: the drawdown is as deep at most earlier months of the decline, so
    /// its rank among them is about uniform and it raises about q of the months, the bound.)
    func testSecularDeclineIsNotADownturn() throws {
        let months = 120
        var n = Fixture.Noise(state: 11)
        let steady = (0..<months).map { t -> Double in
            50_000 * (1 - 0.0025 * Double(t)) * (1 + 0.03 * sin(2 * Double.pi * Double(t % 12) / 12)) * (1 + 0.002 * n.next())
        }
        let key = Fixture.key("430000", "ALL", signal: "payroll_headcount")
        let asOf = Fixture.start + (months - 1)
        XCTAssertEqual(raised(try engine.evaluate(panel: Fixture.panel([(key, steady)]), enterprises: [], asOf: asOf),
                              rule: "employment_downturn").count, 0)
        let noDrift = try AlertConfig.defaults.setting("employment_downturn.drift_months=0")
        let plain = try AlertEngine(config: noDrift).evaluate(panel: Fixture.panel([(key, steady)]), enterprises: [], asOf: asOf)
            .filter { $0.evidence.rule == "employment_downturn" }
        XCTAssertEqual(plain.count, 1, "a plain drawdown measures the secular decline past clear")
        XCTAssertGreaterThanOrEqual(plain.first?.evidence.measure ?? 0, 3, "past blue")
        var turn = steady
        for t in (months - 9)..<months { turn[t] *= 1 - 0.06 * Double(t - (months - 10)) / 9 }
        XCTAssertEqual(raised(try engine.evaluate(panel: Fixture.panel([(key, turn)]), enterprises: [], asOf: asOf),
                              rule: "employment_downturn").count, 1)
    }
}
