import COpenBLAS

/// Whether a BLAS operand is used as is or transposed.
public enum Transpose: Sendable {
    case none, transpose

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
    /// C ← α·op(A)·op(B) + β·C (BLAS `dgemm`).
    /// - Throws: `dimensionMismatch` when the shapes do not agree.
    public static func gemm(_ a: Matrix, _ transA: Transpose = .none,
                            _ b: Matrix, _ transB: Transpose = .none,
                            alpha: Double = 1, beta: Double = 0,
                            into c: inout Matrix) throws {
        let m = transA == .none ? a.rows : a.cols
        let k = transA == .none ? a.cols : a.rows
        let kb = transB == .none ? b.rows : b.cols
        let n = transB == .none ? b.cols : b.rows
        guard k == kb, c.rows == m, c.cols == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dgemm",
                detail: "op(A) is \(m)x\(k), op(B) is \(kb)x\(n), C is \(c.rows)x\(c.cols)")
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in c.storage.indices { c.storage[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, transA.cblas, transB.cblas,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(max(1, a.rows)),
                                pb.baseAddress, Int32(max(1, b.rows)),
                                beta, pc.baseAddress, Int32(max(1, c.rows)))
                }
            }
        }
    }

    /// C ← α·op(A)·op(B) + β·C on raw column-major storage (BLAS `dgemm`), for batched
    /// routines whose operands are slices of larger arrays (a block of series of a panel).
    /// op(A) is m × k, op(B) is k × n, C is m × n; `lda`, `ldb`, `ldc` are the leading
    /// dimensions of the stored (untransposed) arrays.
    /// - Precondition: the leading dimensions cover the stored rows.
    public static func gemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Double = 1,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        precondition(lda >= max(1, transA == .none ? m : k) && ldb >= max(1, transB == .none ? k : n) && ldc >= max(1, m),
                     "dgemm leading dimensions too small for the operands")
        if m == 0 || n == 0 { return }
        cblas_dgemm(CblasColMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// op(A)·op(B) as a new matrix.
    public static func multiply(_ a: Matrix, _ transA: Transpose = .none,
                                _ b: Matrix, _ transB: Transpose = .none) throws -> Matrix {
        let m = transA == .none ? a.rows : a.cols
        let n = transB == .none ? b.cols : b.rows
        var c = Matrix(rows: m, cols: n)
        try gemm(a, transA, b, transB, into: &c)
        return c
    }

    /// y ← α·op(A)·x + β·y (BLAS `dgemv`).
    public static func gemv(_ a: Matrix, _ transA: Transpose = .none, _ x: [Double],
                            alpha: Double = 1, beta: Double = 0, into y: inout [Double]) throws {
        let m = transA == .none ? a.rows : a.cols
        let n = transA == .none ? a.cols : a.rows
        guard x.count == n, y.count == m else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dgemv", detail: "op(A) is \(m)x\(n), x has \(x.count), y has \(y.count)")
        }
        if m == 0 { return }
        if n == 0 { for i in y.indices { y[i] *= beta }; return }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasColMajor, transA.cblas, Int32(a.rows), Int32(a.cols), alpha,
                                pa.baseAddress, Int32(max(1, a.rows)), px.baseAddress, 1,
                                beta, py.baseAddress, 1)
                }
            }
        }
    }

    /// op(A)·x as a new vector.
    public static func multiply(_ a: Matrix, _ transA: Transpose = .none, vector x: [Double]) throws -> [Double] {
        var y = [Double](repeating: 0, count: transA == .none ? a.rows : a.cols)
        try gemv(a, transA, x, into: &y)
        return y
    }

    /// The Gram matrix AᵀA (BLAS `dsyrk`, upper triangle, then mirrored so the result is full).
    public var gram: Matrix {
        let n = cols, k = rows
        var c = Matrix(rows: n, cols: n)
        if n == 0 { return c }
        if k > 0 {
            storage.withUnsafeBufferPointer { pa in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), 1,
                                pa.baseAddress, Int32(max(1, rows)), 0, pc.baseAddress, Int32(n))
                }
            }
        }
        for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { c.storage[i + j * n] = c.storage[j + i * n] } }
        return c
    }
}
