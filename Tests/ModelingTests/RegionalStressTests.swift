import LinearAlgebra
import Modeling
import XCTest

/// The stress monitor's control limits on a textbook case where the truth is known:
/// independent N(0, 1) series, so every new month is in control and a limit at α should be
/// crossed in a share α of them.
final class RegionalStressTests: XCTestCase {
    /// 120 series against 60 reference months (p ≥ n, a region's usual shape: 100+ series,
    /// five to eight years), 400 new months, 1% limits, 20 draws. Measured: the theoretical
    /// (phase-II) SPE limit is crossed in 100% of new months (and the T² limit, too wide, in
    /// 0%), the cross-validated ones in 2.6% (T²) and 0.8% (SPE). The test asks ≤ 4% for
    /// both cross-validated limits and ≥ 50% for one of the theoretical ones.
    func testCrossValidatedLimitsHoldTheirFalseAlarmRateWhenSeriesOutnumberMonths() throws {
        let p = 120, n = 60, fresh = 400, draws = 20
        var state: UInt64 = 17
        func normal() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u1 = max(Double(state >> 11) / Double(1 << 53), 1e-300)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u2 = Double(state >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        var crossed = (cvT2: 0, cvSPE: 0, thT2: 0, thSPE: 0)
        for _ in 0..<draws {
            var z = Matrix(rows: n + fresh, cols: p)
            for i in z.storage.indices { z.storage[i] = normal() }
            let cv = try RegionalStress(residuals: z, members: Array(0..<p), reference: 0..<n)
            let th = try RegionalStress(residuals: z, members: Array(0..<p), reference: 0..<n,
                                        spec: try RegionalStressSpec(limits: .theoretical))
            for t in n..<(n + fresh) {
                if cv.t2[t] > cv.t2Limit { crossed.cvT2 += 1 }
                if cv.spe[t] > cv.speLimit { crossed.cvSPE += 1 }
                if th.t2[t] > th.t2Limit { crossed.thT2 += 1 }
                if th.spe[t] > th.speLimit { crossed.thSPE += 1 }
            }
        }
        let months = Double(draws * fresh)
        let rates = (Double(crossed.cvT2) / months, Double(crossed.cvSPE) / months,
                     Double(crossed.thT2) / months, Double(crossed.thSPE) / months)
        XCTAssertLessThanOrEqual(rates.0, 0.04, "cross-validated T² crossed in \(rates.0)")
        XCTAssertLessThanOrEqual(rates.1, 0.04, "cross-validated SPE crossed in \(rates.1)")
        XCTAssertGreaterThanOrEqual(max(rates.2, rates.3), 0.5, "theoretical limits crossed in \(rates.2), \(rates.3)")
    }

    func testFoldsAreValidated() {
        XCTAssertThrowsError(try RegionalStressSpec(limits: .crossValidated(folds: 1))) { e in
            XCTAssertEqual("\(e)", "invalid model specification: limits = 1 folds; expected at least 2 folds")
        }
    }
}
