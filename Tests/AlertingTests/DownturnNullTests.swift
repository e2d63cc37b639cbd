import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// `employment_downturn` judged against its own null (issue 12 item 5): the drawdown is
/// ranked against the same statistic at every earlier month of the series (a conformal
/// p-value), and a run's series pass Benjamini–Hochberg at q = 0.1 together.
final class DownturnNullTests: XCTestCase {
    let engine = AlertEngine(config: .defaults)

    func raised(_ f: [Finding]) -> Set<String> {
        Set(f.filter { $0.evidence.rule == "employment_downturn" && $0.raises }.map(\.subject.sector))
    }
    func found(_ f: [Finding]) -> Set<String> {
        Set(f.filter { $0.evidence.rule == "employment_downturn" }.map(\.subject.sector))
    }

    /// A smooth series whose last 12 months fell 4% (a 1%-a-quarter drawdown, year over year
    /// negative): with a calm history of 108 earlier months the drawdown is the deepest it has
    /// had, p = 1/(1 + n) < 0.01, and it is raised. The same series whose history holds two
    /// earlier falls of 8% that recovered has had this drawdown often: about 20 earlier
    /// months at least as deep, p ≈ 0.2, so it is found (its measure is past `clear`) but
    /// not raised: a fall the series often has is not a turn in it.
    func testADrawdownTheSeriesOftenHadIsNotRaised() throws {
        let T = 120
        var calm = Fixture.seasonal(months: T, base: 50_000, noiseShare: 0.002, seed: 4)
        for t in (T - 12)..<T { calm[t] *= 1 - 0.04 * Double(t - (T - 13)) / 12 }
        var swings = calm
        for start in [30, 66] {
            for t in start..<(start + 24) {
                let u = Double(t - start)
                swings[t] *= 1 - 0.08 * (u < 12 ? u / 12 : (24 - u) / 12)
            }
        }
        let key = Fixture.key("430000", "C", signal: "payroll_headcount")
        let asOf = Fixture.start + (T - 1)
        let a = try engine.evaluate(panel: Fixture.panel([(key, calm)]), enterprises: [], asOf: asOf)
        XCTAssertEqual(raised(a), ["C"])
        let b = try engine.evaluate(panel: Fixture.panel([(key, swings)]), enterprises: [], asOf: asOf)
        XCTAssertEqual(found(b), ["C"], "the drawdown is still measured past clear")
        XCTAssertEqual(raised(b), [], "but ranks among the series' own earlier drawdowns")
    }

    /// Benjamini–Hochberg over the run's series: 60 months, so a drawdown deeper than all
    /// 47 earlier months has p = 1/48 ≈ 0.021. One such series among twelve needs
    /// p ≤ 0.1/12 ≈ 0.008 and is not raised; twelve falling together pass (p₍₁₂₎ ≤ 0.1),
    /// the breadth of a recession.
    func testOneSeriesAloneNeedsMoreThanManyTogether() throws {
        let T = 60
        let sectors = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"]
        func series(_ i: Int, falling: Bool) -> (SeriesKey, [Double]) {
            var y = Fixture.seasonal(months: T, base: 50_000, noiseShare: 0.002, seed: UInt64(10 + i))
            if falling { for t in (T - 12)..<T { y[t] *= 1 - 0.04 * Double(t - (T - 13)) / 12 } }
            return (Fixture.key("430000", sectors[i], signal: "payroll_headcount"), y)
        }
        let asOf = Fixture.start + (T - 1)
        let alone = try engine.evaluate(panel: Fixture.panel(sectors.indices.map { series($0, falling: $0 == 0) }),
                                        enterprises: [], asOf: asOf)
        XCTAssertEqual(found(alone), ["A"])
        XCTAssertEqual(raised(alone), [])
        let all = try engine.evaluate(panel: Fixture.panel(sectors.indices.map { series($0, falling: true) }),
                                      enterprises: [], asOf: asOf)
        XCTAssertEqual(raised(all), Set(sectors))
    }
}
