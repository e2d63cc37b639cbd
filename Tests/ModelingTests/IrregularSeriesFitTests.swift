import Codes
import LinearAlgebra
import Modeling
import PanelData
import TestSupport
import XCTest

/// Series whose observed months do not identify every design column — quarterly figures on
/// the quarter's last month, annual figures on December, history from 1947 — are fitted
/// with those columns dropped (their coefficients 0), not skipped and not fatal.
final class IrregularSeriesFitTests: XCTestCase {
    /// 1947-01…1996-12 (600 months): a monthly series, a quarterly one and an annual one.
    private func mixedPanel() -> Panel {
        var rng = Rng(seed: 5)
        let T = 600
        let monthly = cleanSeries(&rng, months: T)
        var quarterly = [Double](repeating: .nan, count: T), annual = quarterly
        for t in 0..<T where t % 3 == 2 { quarterly[t] = 50 + 0.02 * Double(t) + (t % 12 == 5 ? 3 : 0) + rng.normal() }
        for t in 0..<T where t % 12 == 11 { annual[t] = 400 - 0.1 * Double(t) + 2 * rng.normal() }
        return panel([monthly, quarterly, annual], start: Period(year: 1947, month: 1))
    }

    func testQuarterlyAnnualAndEarlyHistoryAreFitted() throws {
        let fit = try SeasonalTrendSpec.standard.fit(mixedPanel())
        XCTAssertEqual(fit.skipped.map(\.series), [])
        for s in 0..<3 { XCTAssertTrue(fit.isFitted(s), "series \(s)") }
        let names = fit.design.columnNames
        // Months never observed by the quarterly series carry coefficient 0; the festival
        // regressors have values in 1947–1996 now that festival dates reach back to 1900.
        for m in [2, 4, 5, 7, 8, 10, 11] {
            XCTAssertEqual(fit.coefficient(names.firstIndex(of: "month_\(m)")!, series: 1), 0)
        }
        XCTAssertNotEqual(fit.coefficient(names.firstIndex(of: "sf_before")!, series: 0), 0)
        // The annual series keeps intercept, trend and knots only.
        for m in 2...12 { XCTAssertEqual(fit.coefficient(names.firstIndex(of: "month_\(m)")!, series: 2), 0) }
        XCTAssertEqual(fit.coefficient(names.firstIndex(of: "sf_after")!, series: 2), 0)
        for t in stride(from: 11, to: 600, by: 12) { XCTAssertTrue(fit.fitted[t + 2 * 600].isFinite) }
    }

    /// Least squares without knots, so the reference is a plain projection: the fitted values
    /// at observed months are the same whatever basis of the identified columns is used.
    /// Reference: LAPACK's pivoted QR (`LeastSquares`, dgeqp3) on the observed rows with the
    /// all-zero columns and the one column collinear with the others (month_12, since January
    /// is never observed: the four quarter-month dummies sum to the intercept) removed.
    /// Tolerance 1e-8: the normal equations square the design's condition number (~10³ here).
    func testDroppedColumnsGiveTheLeastSquaresProjection() throws {
        let spec = try SeasonalTrendSpec(loss: .leastSquares, knotSpacing: nil, knotPenalty: 0)
        let p = mixedPanel()
        let fit = try spec.fit(p)
        let x = fit.design.matrix, T = p.periodCount
        let rows = (0..<T).filter { !p[$0, 1].isNaN }
        let cols = (0..<x.cols).filter { j in
            fit.design.columnNames[j] != "month_12" && rows.contains { x[$0, j] != 0 }
        }
        var sub = Matrix(rows: rows.count, cols: cols.count)
        for (r, t) in rows.enumerated() { for (c, j) in cols.enumerated() { sub[r, c] = x[t, j] } }
        let ls = try LeastSquares(design: sub)
        let y = Matrix(rows: rows.count, cols: 1, columnMajor: rows.map { p[$0, 1] })
        let reference = try Matrix.multiply(sub, .none, try ls.coefficients(y), .none)
        assertClose(rows.map { fit.fitted[$0 + 1 * T] }, reference.storage, relativeTolerance: 1e-8)
    }
}
