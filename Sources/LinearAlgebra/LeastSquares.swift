import COpenBLAS

/// A least-squares solver for a fixed design X (m × k, m ≥ k), factored once by
/// column-pivoted QR (LAPACK `dgeqp3`) and applied to any number of right-hand sides.
///
/// The solve is expressed as a k × m solution operator P = Π R⁻¹ Q₁ᵀ, so that the
/// coefficients of every series are one GEMM, B = P·Y. With 100,000 right-hand sides
/// that single level-3 call is about an order of magnitude faster than `dgels`.
///
/// Rank is judged as numpy's `lstsq` does: a diagonal element of R counts when
/// |Rᵢᵢ| > rcond·|R₀₀| with rcond = max(m, k)·ε by default. A rank-deficient design
/// throws rather than return a minimum-norm answer nobody asked for.
public struct LeastSquares: Sendable {
    /// The design, m × k.
    public let design: Matrix
    /// The solution operator P, k × m, with β = P·y.
    public let solutionOperator: Matrix
    /// (XᵀX)⁻¹, k × k, for parameter covariance and prediction intervals.
    public let unscaledCovariance: Matrix
    /// Estimated reciprocal condition number of R in the 1-norm (LAPACK `dtrcon`).
    public let reciprocalCondition: Double

    /// Factors `design`.
    /// - Parameter rcond: relative cut-off on the diagonal of R below which a column
    ///   counts as dependent; `nil` means max(m, k)·ε, numpy's default.
    /// - Throws: `dimensionMismatch` if m < k, `nonFinite` on NaN/∞,
    ///   `rankDeficient` if the numerical rank is below k.
    public init(design: Matrix, rcond: Double? = nil) throws {
        let m = design.rows, k = design.cols
        guard m >= k, k > 0 else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dgeqp3", detail: "design is \(m)x\(k); need at least as many rows as columns and k > 0")
        }
        guard design.storage.allSatisfy({ $0.isFinite }) else {
            throw LinearAlgebraError.nonFinite(operation: "dgeqp3")
        }
        var a = design.storage
        var jpvt = [Int32](repeating: 0, count: k)
        var tau = [Double](repeating: 0, count: k)
        let info = LAPACKE_dgeqp3(LAPACK_COL_MAJOR, Int32(m), Int32(k), &a, Int32(m), &jpvt, &tau)
        try checkInfo(info, routine: "dgeqp3") { .noConvergence(routine: "dgeqp3", info: $0) }

        let cutoff = (rcond ?? Double(max(m, k)) * Double.ulpOfOne) * abs(a[0])
        var rank = 0
        for i in 0..<k where abs(a[i + i * m]) > cutoff { rank += 1 }
        var rc = 0.0
        let rinfo = LAPACKE_dtrcon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int8(UInt8(ascii: "U")),
                                   Int8(UInt8(ascii: "N")), Int32(k), a, Int32(m), &rc)
        try checkInfo(rinfo, routine: "dtrcon") { .noConvergence(routine: "dtrcon", info: $0) }
        guard rank == k else {
            throw LinearAlgebraError.rankDeficient(routine: "dgeqp3", rank: rank, columns: k, reciprocalCondition: rc)
        }

        // R (k × k, upper) before the Householder vectors are expanded into Q₁.
        var r = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0...j { r[i + j * k] = a[i + j * m] } }

        var q = a
        let qinfo = LAPACKE_dorgqr(LAPACK_COL_MAJOR, Int32(m), Int32(k), Int32(k), &q, Int32(m), tau)
        try checkInfo(qinfo, routine: "dorgqr") { .noConvergence(routine: "dorgqr", info: $0) }

        // Z = R⁻¹ Q₁ᵀ (k × m): solve R Z = Q₁ᵀ.
        var z = Matrix(rows: m, cols: k, columnMajor: Array(q[0..<(m * k)])).transposed.storage
        let tinfo = LAPACKE_dtrtrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")),
                                   Int8(UInt8(ascii: "N")), Int32(k), Int32(m), r, Int32(k), &z, Int32(k))
        try checkInfo(tinfo, routine: "dtrtrs") { .singular(routine: "dtrtrs", index: $0) }

        // Undo the column pivoting: row i of Z is coefficient jpvt[i] - 1.
        var p = Matrix(rows: k, cols: m)
        for col in 0..<m {
            for i in 0..<k { p.storage[Int(jpvt[i] - 1) + col * k] = z[i + col * k] }
        }

        // (XᵀX)⁻¹ = Π R⁻¹ R⁻ᵀ Πᵀ.
        var rinv = r
        let iinfo = LAPACKE_dtrtri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")),
                                   Int32(k), &rinv, Int32(k))
        try checkInfo(iinfo, routine: "dtrtri") { .singular(routine: "dtrtri", index: $0) }
        let rinvM = Matrix(rows: k, cols: k, columnMajor: rinv)
        let cov = try Matrix.multiply(rinvM, .none, rinvM, .transpose)
        var covP = Matrix(rows: k, cols: k)
        for j in 0..<k { for i in 0..<k {
            covP[Int(jpvt[i] - 1), Int(jpvt[j] - 1)] = cov[i, j]
        } }

        self.design = design
        self.solutionOperator = p
        self.unscaledCovariance = covP
        self.reciprocalCondition = rc
    }

    /// Coefficients B = P·Y (k × n) for the columns of Y (m × n), in one GEMM.
    public func coefficients(_ y: Matrix) throws -> Matrix {
        try Matrix.multiply(solutionOperator, .none, y, .none)
    }

    /// Fitted values X·B (m × n), in one GEMM.
    public func fitted(_ coefficients: Matrix) throws -> Matrix {
        try Matrix.multiply(design, .none, coefficients, .none)
    }
}
