import COpenBLAS

/// The Cholesky factor of a symmetric positive-definite matrix A = LLᵀ (LAPACK `dpotrf`).
public struct Cholesky: Sendable {
    /// Order of A.
    public let order: Int
    /// `dpotrf`'s output: L in the lower triangle, column-major.
    let factor: [Double]

    /// Factors `a`; only its lower triangle is read.
    /// - Throws: `dimensionMismatch` if `a` is not square, `nonFinite` on NaN/∞,
    ///   `notPositiveDefinite` naming the first minor that fails.
    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dpotrf", detail: "matrix is \(a.rows)x\(a.cols), not square")
        }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw LinearAlgebraError.nonFinite(operation: "dpotrf") }
        var f = a.storage
        let n = a.rows
        if n > 0 {
            let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &f, Int32(n))
            try checkInfo(info, routine: "dpotrf") { .notPositiveDefinite(routine: "dpotrf", order: $0) }
        }
        self.order = n
        self.factor = f
    }

    /// Solves A·X = B for every column of B (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == order else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dpotrs", detail: "A is \(order)x\(order), B has \(b.rows) rows")
        }
        var x = b.storage
        if order > 0 && b.cols > 0 {
            let info = LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(order), Int32(b.cols),
                                      factor, Int32(order), &x, Int32(order))
            try checkInfo(info, routine: "dpotrs") { .singular(routine: "dpotrs", index: $0) }
        }
        return Matrix(rows: b.rows, cols: b.cols, columnMajor: x)
    }

    /// Solves A·x = b.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }

    /// A⁻¹ (LAPACK `dpotri`), full symmetric.
    public func inverse() throws -> Matrix {
        var f = factor
        let n = order
        if n > 0 {
            let info = LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &f, Int32(n))
            try checkInfo(info, routine: "dpotri") { .singular(routine: "dpotri", index: $0) }
        }
        var m = Matrix(rows: n, cols: n, columnMajor: f)
        for j in 0..<n { for i in 0..<j { m[i, j] = m[j, i] } }
        return m
    }

    /// The lower-triangular factor L.
    public var lower: Matrix {
        var m = Matrix(rows: order, cols: order, columnMajor: factor)
        for j in 0..<order { for i in 0..<j { m[i, j] = 0 } }
        return m
    }
}
