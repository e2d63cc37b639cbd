import COpenBLAS

/// The thin singular value decomposition A = U·diag(s)·Vᵀ (LAPACK `dgesdd`).
public struct SingularValueDecomposition: Sendable {
    /// m × r left singular vectors, r = min(m, n).
    public let u: Matrix
    /// The r singular values, descending.
    public let singularValues: [Double]
    /// r × n right singular vectors, transposed.
    public let vt: Matrix

    /// - Throws: `nonFinite` on NaN/∞, `noConvergence` if `dbdsdc` fails to converge.
    public init(_ a: Matrix) throws {
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw LinearAlgebraError.nonFinite(operation: "dgesdd") }
        let m = a.rows, n = a.cols, r = min(m, n)
        var work = a.storage
        var s = [Double](repeating: 0, count: r)
        var u = [Double](repeating: 0, count: m * r)
        var vt = [Double](repeating: 0, count: r * n)
        if r > 0 {
            let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n), &work, Int32(m),
                                      &s, &u, Int32(m), &vt, Int32(max(1, r)))
            try checkInfo(info, routine: "dgesdd") { .noConvergence(routine: "dgesdd", info: $0) }
        }
        self.u = Matrix(rows: m, cols: r, columnMajor: u)
        self.singularValues = s
        self.vt = Matrix(rows: r, cols: n, columnMajor: vt)
    }
}

/// Eigen-decomposition of a symmetric matrix A = V·diag(λ)·Vᵀ (LAPACK `dsyevd`).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors, one per column, in the order of `eigenvalues`.
    public let eigenvectors: Matrix

    /// Decomposes `a`, reading its upper triangle.
    /// - Throws: `dimensionMismatch` if not square, `nonFinite`, `noConvergence`.
    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dsyevd", detail: "matrix is \(a.rows)x\(a.cols), not square")
        }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw LinearAlgebraError.nonFinite(operation: "dsyevd") }
        let n = a.rows
        var v = a.storage
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                      Int32(n), &v, Int32(n), &w)
            try checkInfo(info, routine: "dsyevd") { .noConvergence(routine: "dsyevd", info: $0) }
        }
        self.eigenvalues = w
        self.eigenvectors = Matrix(rows: n, cols: n, columnMajor: v)
    }
}
