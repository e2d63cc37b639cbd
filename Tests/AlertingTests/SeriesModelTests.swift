@testable import Alerting
import Codes
import Modeling
import PanelData
import TestSupport
import XCTest

/// The latest months are judged out of sample: against the fit with them masked, in its
/// predictive standard error.
final class SeriesModelTests: XCTestCase {
    let months = 48

    func testHeldOutMonthsAreJudgedAgainstTheMaskedFit() throws {
        let y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.05, seed: 4)
        let panel = Fixture.panel([(Fixture.key(signal: "payroll_headcount"), y)])
        let model = try SeriesModel(panel: panel, horizon: 0, holdout: 3)
        XCTAssertEqual(model.holdout, 3)
        XCTAssertTrue(model.isHeldOut(months - 3) && !model.isHeldOut(months - 4))
        var masked = y
        for t in (months - 3)..<months { masked[t] = .nan }
        let spec = try SeasonalTrendSpec(minimumObserved: 21)
        let ref = try spec.fit(Fixture.panel([(Fixture.key(signal: "payroll_headcount"), masked)]))
        let se = try ref.predictiveStandardErrors(months: [months - 3, months - 2, months - 1])
        for (j, t) in ((months - 3)..<months).enumerated() {
            // Same fit on the same data: equal to rounding.
            assertClose(model.expected(t, 0), ref.fitted[t], relativeTolerance: 1e-12)
            assertClose(model.scale(t, 0), se[j], relativeTolerance: 1e-12)
            XCTAssertGreaterThan(se[j], ref.zScale[0], "extrapolation adds parameter uncertainty")
        }
        assertClose(model.scale(10, 0), ref.zScale[0], relativeTolerance: 1e-12)
    }

    func testARecentFallIsNotAbsorbedByTheTrend() throws {
        // 1.4% noise (uniform ±2.5%), then a fall of 8% in the last three months. Fitted on
        // every month the trend bends towards the fall; judged out of sample it is not.
        var y = Fixture.seasonal(months: months, base: 10_000, noiseShare: 0.05, seed: 4)
        for t in (months - 3)..<months { y[t] *= 0.92 }
        let panel = Fixture.panel([(Fixture.key(signal: "payroll_headcount"), y)])
        let inSample = try SeriesModel(panel: panel, horizon: 0, holdout: 0)
        let outOfSample = try SeriesModel(panel: panel, horizon: 0, holdout: 3)
        XCTAssertEqual(inSample.holdout, 0)
        func shortfall(_ m: SeriesModel) -> Double { -(m.z(months - 2, 0) + m.z(months - 1, 0)) / 2 }
        // Measured: 2.4 in sample (no alert), 4.1 out of sample.
        XCTAssertGreaterThan(shortfall(outOfSample), shortfall(inSample) + 0.5)
        XCTAssertGreaterThanOrEqual(shortfall(outOfSample), 3, "blue for the contraction rule")
    }
}
