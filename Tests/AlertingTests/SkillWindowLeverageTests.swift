@testable import Alerting
import Codes
import Modeling
import PanelData
import TestSupport
import XCTest

/// `WindowLeverage`: an area rule's in-sample null and its held-out measure on one footing.
final class SkillWindowLeverageTests: XCTestCase {
    /// A single month's form is the quadratic form inside the predictive standard error,
    /// se² = σ²(1 + x_tᵀA⁻¹x_t) (`predictiveStandardErrors`, the textbook prediction variance
    /// of a regression, e.g. Greene, Econometric Analysis, 7th ed., eq. 4-46), and a window's
    /// form of two months lies between the sum of the two and that sum plus twice the
    /// geometric mean (Cauchy–Schwarz on the cross term x_aᵀA⁻¹x_b).
    func testFormsAgreeWithThePredictionVariance() throws {
        let y = Fixture.seasonal(months: 36, base: 5_000, noiseShare: 0.05, seed: 9)
        let fit = try SeasonalTrendSpec(minimumObserved: 21).fit(Fixture.panel([(Fixture.key(signal: "payroll_headcount"), y)]))
        let months = [10, 11, 34, 35]
        let se = try fit.predictiveStandardErrors(months: months)
        let single = try fit.windowQuadraticForms(windows: months.map { [$0] })
        for j in months.indices {
            let q = se[j] * se[j] / (fit.zScale[0] * fit.zScale[0]) - 1
            assertClose(single[j], q, relativeTolerance: 1e-9)
        }
        let pair = try fit.windowQuadraticForms(windows: [[34, 35]])[0]
        let (a, b) = (single[2], single[3])
        XCTAssertGreaterThanOrEqual(pair, 0)
        XCTAssertLessThanOrEqual(pair, a + b + 2 * (a * b).squareRoot() + 1e-9)
        // Neighbouring months at the end of the trend move together: the cross term is positive.
        XCTAssertGreaterThan(pair, a + b)
    }

    /// The property the contraction rule relies on. 300 series of pure noise on 30 months
    /// (a short history: trend, 11 month-of-year and festival terms on 27 fitted months),
    /// the last 3 held out. The window mean of in-sample robust z (what the null used to be)
    /// has a clearly smaller variance than the same mean over the held-out months; the
    /// standardised window sums have the same variance in and out of sample. Measured:
    /// variance ratio in/out 0.31 raw, 1.08 standardised; 7,612 of 7,800 windows kept.
    func testStandardisedWindowsHaveOneVarianceInAndOutOfSample() throws {
        let T = 30, n = 300, w = 2
        let series = (0..<n).map { i in
            (SeriesKey(region: "430100", sector: "S\(i)", signal: "payroll_headcount"),
             Fixture.seasonal(months: T, base: 10_000, noiseShare: 0.05, seed: UInt64(100 + i)))
        }
        let model = try SeriesModel(panel: Fixture.panel(series), horizon: 0, holdout: 3)
        XCTAssertEqual(model.holdout, 3)
        let inSampleEnd = T - model.holdout
        let nullWindows = ((w - 1)..<inSampleEnd).map { Array(($0 - w + 1)...$0) }
        let judged = [T - 2, T - 1]
        let leverage = try XCTUnwrap(WindowLeverage(model: model, windows: nullWindows + [judged]))
        var rawIn: [Double] = [], rawOut: [Double] = [], stdIn: [Double] = [], stdOut: [Double] = []
        for m in 0..<n {
            for window in nullWindows {
                rawIn.append(window.map { model.z($0, m) }.reduce(0, +) / Double(w))
                if let v = leverage.standardized(window, m, model) { stdIn.append(v) }
            }
            rawOut.append(judged.map { model.z($0, m) }.reduce(0, +) / Double(w))
            stdOut.append(try XCTUnwrap(leverage.standardized(judged, m, model)))
        }
        func variance(_ v: [Double]) -> Double {
            let mean = v.reduce(0, +) / Double(v.count)
            return v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)
        }
        let raw = variance(rawIn) / variance(rawOut), standardised = variance(stdIn) / variance(stdOut)
        XCTAssertLessThan(raw, 0.7, "in-sample window means are shrunk by the fit")
        XCTAssertEqual(standardised, 1, accuracy: 0.2, "standardised, in and out of sample agree")
        XCTAssertGreaterThan(Double(stdIn.count), 0.9 * Double(rawIn.count), "few windows are left out of the null")
    }
}
