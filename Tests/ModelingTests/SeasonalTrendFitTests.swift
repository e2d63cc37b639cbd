import Codes
import LinearAlgebra
import Modeling
import PanelData
import TestSupport
import XCTest

final class SeasonalTrendFitTests: XCTestCase {
    func testSpecificationIsValidatedOnConstruction() {
        XCTAssertThrowsError(try SeasonalTrendSpec(knotSpacing: 3)) { e in
            XCTAssertEqual("\(e)", "invalid model specification: knotSpacing = 3; expected at least 6 months (or none)")
        }
        XCTAssertThrowsError(try SeasonalTrendSpec(loss: .huber(tuning: -1))) { e in
            XCTAssertEqual("\(e)", "invalid model specification: loss tuning constant = -1.0; expected a positive number")
        }
        XCTAssertThrowsError(try SeasonalTrendSpec(knotPenalty: 0)) { e in
            XCTAssertEqual("\(e)", "invalid model specification: knotPenalty = 0.0; expected a positive number when knots are used")
        }
        XCTAssertNoThrow(try SeasonalTrendSpec(knotSpacing: nil, knotPenalty: 0))
    }

    /// Spring Festival regressors checked by hand (default windows: 20 days before, 30 after).
    /// 2023-01-22: before = Jan 2–21, all in January → Jan 1; after = Jan 22–Feb 20 → Jan 10/30, Feb 20/30.
    /// 2024-02-10: before = Jan 21–Feb 9 → Jan 11/20, Feb 9/20; after = Feb 10–Mar 10 (leap year)
    ///             → Feb 20/30, Mar 10/30.
    /// 2025-01-29: before = Jan 9–28 → Jan 1; after = Jan 29–Feb 27 → Jan 3/30, Feb 27/30.
    func testSpringFestivalRegressorsForThreeYears() throws {
        let d = SeasonalTrendDesign(spec: .standard, start: Period(year: 2023, month: 1), fitMonths: 36)
        let before = d.columnNames.firstIndex(of: "sf_before")!, after = d.columnNames.firstIndex(of: "sf_after")!
        func col(_ j: Int, _ months: [Int]) -> [Double] { months.map { d.matrix[$0, j] } }
        // Months 0...2 are 2023-01..03, 12...14 are 2024, 24...26 are 2025.
        assertClose(col(before, [0, 1, 2, 12, 13, 14, 24, 25, 26]), [1, 0, 0, 0.55, 0.45, 0, 1, 0, 0], relativeTolerance: 1e-15)
        assertClose(col(after, [0, 1, 2, 12, 13, 14, 24, 25, 26]),
                    [1.0 / 3, 2.0 / 3, 0, 0, 2.0 / 3, 1.0 / 3, 0.1, 0.9, 0], relativeTolerance: 1e-15)
        XCTAssertEqual(d.knots, [], "36 months leave no room for a knot 24 months from both ends")
    }

    func testDesignColumnsAndKnots() {
        let d = SeasonalTrendDesign(spec: .standard, start: Period(year: 2016, month: 1), fitMonths: 120)
        XCTAssertEqual(d.knots, [24, 48, 72, 96])
        XCTAssertEqual(Array(d.columnNames.prefix(6)), ["intercept", "trend", "knot_2018-01", "knot_2020-01", "knot_2022-01", "knot_2024-01"])
        XCTAssertEqual(d.parameterCount, 2 + 4 + 11 + 2)
        XCTAssertEqual(d.matrix[30, 2], 0.5)      // (30 − 24)/12 years past the first knot
        XCTAssertEqual(d.matrix[24, 2], 0)
        XCTAssertEqual(d.penalty, [0, 0, 10, 10, 10, 10] + [Double](repeating: 0, count: 13))
    }

    /// One gross outlier (−80σ) must not bend the trend: the trend of the Huber fit (its
    /// 12-month moving average, free of season) with the outlier stays within 0.25σ of the fit without it,
    /// and every fitted value within 1σ (Huber's influence is bounded, c·σ spread over the
    /// outlier month's six Januaries), while least squares moves by more than 5σ.
    func testOneOutlierDoesNotBendTheTrend() throws {
        var rng = Rng(seed: 11)
        let T = 72
        let season: [Double] = [0, 4, -3, 6, 2, 0, -5, 3, 2, -1, 1, 7]
        var clean = [Double]()
        for t in 0..<T { clean.append(200 + 0.4 * Double(t) + season[t % 12] + rng.normal()) }
        var y = clean
        y[60] -= 80
        let p = panel([clean, y])
        let robust = try SeasonalTrendSpec.standard.fit(p)
        let ls = try SeasonalTrendSpec(loss: .leastSquares).fit(p)
        let robustShift = (0..<T).map { abs(robust.fitted[T + $0] - robust.fitted[$0]) }.max()!
        let lsShift = (0..<T).map { abs(ls.fitted[T + $0] - ls.fitted[$0]) }.max()!
        func trend(_ f: SeasonalTrendFit, _ s: Int, _ t: Int) -> Double {
            (t..<(t + 12)).reduce(0) { $0 + f.fitted[$1 + s * T] } / 12
        }
        let trendShift = (0...(T - 12)).map { abs(trend(robust, 1, $0) - trend(robust, 0, $0)) }.max()!
        XCTAssertLessThan(trendShift, 0.25, "robust trend bent by the outlier")
        XCTAssertLessThan(robustShift, 1, "robust fit moved by the outlier")
        XCTAssertGreaterThan(lsShift, 5)
        XCTAssertLessThan(robust.z[T + 60], -40)
        XCTAssertEqual(robust.scale[1], 1, accuracy: 0.3)
        XCTAssertTrue(robust.notConverged.isEmpty)
    }

    /// Missing months get weight 0, which must give exactly the penalised least-squares fit
    /// on the observed rows. Reference: QR (`LeastSquares`, LAPACK dgeqp3) on the observed
    /// rows of the design stacked with the penalty rows √λ·e_j; tolerance 1e-9 relative
    /// (normal equations lose about cond(XᵀX) ≈ 1e5 ulps against QR).
    func testMissingMonthsAreFittedFromTheObservedRowsWithoutDroppingTheSeries() throws {
        var rng = Rng(seed: 5)
        let T = 60
        var y = cleanSeries(&rng, months: T)
        let missing: Set = [3, 17, 18, 40, 59]
        for t in missing { y[t] = .nan }
        let complete = cleanSeries(&rng, months: T)
        let spec = try SeasonalTrendSpec(loss: .leastSquares)
        let fit = try spec.fit(panel([y, complete]))
        XCTAssertTrue(fit.skipped.isEmpty)
        XCTAssertEqual(fit.observedCount, [55, 60])
        let d = fit.design, k = d.parameterCount
        let rows = (0..<T).filter { !missing.contains($0) }
        var aug = Matrix(rows: rows.count + d.knots.count, cols: k)
        var rhs = [Double](repeating: 0, count: aug.rows)
        for (r, t) in rows.enumerated() { for j in 0..<k { aug[r, j] = d.matrix[t, j] }; rhs[r] = y[t] }
        for (m, j) in d.knotColumns.enumerated() { aug[rows.count + m, j] = d.penalty[j].squareRoot() }
        let beta = try LeastSquares(design: aug).coefficients(Matrix(rows: aug.rows, cols: 1, columnMajor: rhs)).storage
        assertClose((0..<k).map { fit.coefficient($0, series: 0) }, beta, relativeTolerance: 1e-9)
        let expected = try Matrix.multiply(d.matrix, vector: beta)
        assertClose(Array(fit.fitted[0..<T]), expected, relativeTolerance: 1e-9)
        XCTAssertTrue(fit.z[3].isNaN)
        XCTAssertFalse(fit.fitted[3].isNaN, "a missing month still gets an expected value")
    }

    /// The panel is fitted in blocks of 512 series, one worker per core (`forEachSeriesBlock`):
    /// 1,100 series (three blocks, the last partial) mixing complete series, series with
    /// gaps, too-short ones and outliers must give each series what fitting it alone gives —
    /// coefficients at `[s + j·N]`, fitted values, z, scale, skipped list in series order.
    /// Blocks with no month missing start with a modified-residual step and the others do
    /// not, so the paths differ; at a tolerance of 1e-10σ both reach the same M-estimate:
    /// fitted values and scale to 1e-8 relative (floor 1), z to 1e-7, coefficients to 1e-6
    /// (by the design's conditioning a coefficient moves more than the fit it makes: measured
    /// 4.5e-8 on a month effect).
    func testBlockedFitEqualsFittingEachSeriesAlone() throws {
        var rng = Rng(seed: 21)
        let T = 72, N = 1100
        var cols: [[Double]] = []
        for s in 0..<N {
            var y = cleanSeries(&rng, months: T)
            if s % 7 == 0 { y[rng.int(0...(T - 1))] += 12 }                  // an outlier
            if s >= 600 && s % 5 == 0 { for t in 10..<14 { y[t] = .nan } }   // gaps, only after block 0
            if s == 700 || s == 1099 { for t in 0..<60 { y[t] = .nan } }     // too short
            cols.append(y)
        }
        let spec = try SeasonalTrendSpec(tolerance: 1e-10)
        let fit = try spec.fit(panel(cols))
        XCTAssertEqual(fit.skipped.map(\.series), [700, 1099])
        let k = fit.parameterCount
        for s in stride(from: 0, to: N, by: 37) + [511, 512, 1023, 1024, 1099] {
            let alone = try spec.fit(panel([cols[s]]))
            XCTAssertEqual(fit.isFitted(s), alone.isFitted(0), "series \(s)")
            guard alone.isFitted(0) else { continue }
            assertClose((0..<k).map { fit.coefficient($0, series: s) }, (0..<k).map { alone.coefficient($0, series: 0) },
                        relativeTolerance: 1e-6, "series \(s)")
            assertClose(Array(fit.fitted[(s * T)..<(s * T + T)]), alone.fitted, relativeTolerance: 1e-8, "series \(s)")
            assertClose(fit.scale[s], alone.scale[0], relativeTolerance: 1e-8)
            for t in 0..<T {
                let a = fit.z[t + s * T], b = alone.z[t]
                XCTAssertEqual(a.isNaN, b.isNaN, "series \(s) month \(t)")
                if !a.isNaN { XCTAssertEqual(a, b, accuracy: 1e-7, "series \(s) month \(t)") }
            }
        }
    }

    func testShortAndEmptySeriesAreSkippedWithReasons() throws {
        var rng = Rng(seed: 3)
        var short = cleanSeries(&rng, months: 48)
        for t in 0..<30 { short[t] = .nan }
        let fit = try SeasonalTrendSpec.standard.fit(panel([cleanSeries(&rng, months: 48), short]))
        XCTAssertEqual(fit.skipped.map(\.series), [1])
        XCTAssertEqual(fit.skipped.map(\.observed), [18])
        XCTAssertEqual(fit.skipped.first?.reason, "only 18 observed months; at least 24 are needed to fit trend and season")
        XCTAssertTrue(fit.scale[1].isNaN)
        XCTAssertThrowsError(try SeasonalTrendSpec.standard.fit(panel([[1, 2, 3]]))) { e in
            XCTAssertEqual("\(e)", "the panel has 3 months; the design needs at least 16")
        }
    }
}
