import Codes
import Modeling
import PanelData
import TestSupport
import XCTest

/// Change-point month on textbook cases: a step, a kink and a recent slide added to a
/// seasonal series with N(0, 1) noise (N(0, 0.25²) for the kink: a kink's location is
/// estimated far less sharply than a step's — with σ = 1 and 0.6/month the exact
/// least-squares kink month of this draw is 2 months early), and the clean series itself.
final class ChangeScoresTests: XCTestCase {
    func testStepKinkSlideAndCleanSeries() throws {
        var rng = Rng(seed: 21)
        let T = 84
        let base = (0..<4).map { _ in cleanSeries(&rng, months: T) }
        var step = base[0], kink = cleanSeries(&rng, months: T, sigma: 0.25), slide = base[2]
        for t in 40..<T { step[t] -= 4 }                          // level shift −4σ from month 40
        for t in 30..<T { kink[t] += 0.6 * Double(t - 29) }       // slope +0.6/month (2.4σ) from month 30
        for t in 76..<T { slide[t] -= 0.8 * Double(t - 75) }      // slide −0.8σ/month over the last 8 months
        let fit = try SeasonalTrendSpec.standard.fit(panel([step, kink, slide, base[3]]))
        let scores = try fit.changeScores()
        let c = scores.changes
        XCTAssertEqual(c[0]?.kind, .levelShift)
        XCTAssertEqual(c[0]?.start, 40)
        XCTAssertEqual(c[0]?.period, Period(year: 2019, month: 5))
        XCTAssertEqual(c[0]?.magnitude ?? 0, -4, accuracy: 0.8)
        XCTAssertLessThan(c[0]?.statistic ?? 0, -5)
        XCTAssertEqual(c[1]?.kind, .slopeChange)
        XCTAssertEqual(Double(c[1]?.start ?? 0), 30, accuracy: 1)
        XCTAssertEqual(c[1]?.magnitude ?? 0, 0.6, accuracy: 0.1)
        XCTAssertEqual(c[2]?.kind, .drift)
        XCTAssertEqual(Double(c[2]?.start ?? 0), 76, accuracy: 1)
        XCTAssertNil(c[3], "clean series flagged: \(String(describing: c[3]))")
        XCTAssertLessThan(abs(scores.levelStatistic[3]), 5)
        // The step's months are not spikes once the shift is fitted out.
        XCTAssertLessThan((40..<T).map { abs(scores.adjustedZ(month: $0, series: 0)) }.max()!, 3.5)
    }

    func testScanSpecificationIsValidated() {
        XCTAssertThrowsError(try ChangeScanSpec(driftWindow: 2)) { e in
            XCTAssertEqual("\(e)", "invalid model specification: driftWindow = 2; expected at least minimumAfterSlope")
        }
    }
}
