extension Cholesky {
    /// Solves `count` small symmetric positive-definite systems Aₛ·xₛ = bₛ in place, in plain
    /// Swift: for k ≈ 20 a LAPACK call per system costs more in overhead than the arithmetic.
    ///
    /// - Parameters:
    ///   - order: k, the size of every system.
    ///   - grams: `count` column-major k × k matrices back to back; overwritten by their factors.
    ///   - rhs: `count` vectors of length k back to back; overwritten by the solutions.
    /// - Returns: indices of systems that were not positive definite; their `rhs` is left unchanged
    ///   so the caller can decide (keep the previous iterate, report the series).
    public static func solveBatched(order k: Int, count: Int, grams: inout [Double], rhs: inout [Double]) -> [Int] {
        precondition(grams.count == k * k * count && rhs.count == k * count, "batched system sizes do not match")
        var failed: [Int] = []
        grams.withUnsafeMutableBufferPointer { g in
            rhs.withUnsafeMutableBufferPointer { r in
                var y = [Double](repeating: 0, count: k)
                for s in 0..<count {
                    let a = g.baseAddress! + s * k * k
                    let b = r.baseAddress! + s * k
                    var ok = true
                    // Lower factor L in place (column-major, a[i + j*k]).
                    for j in 0..<k {
                        var d = a[j + j * k]
                        for p in 0..<j { d -= a[j + p * k] * a[j + p * k] }
                        if !(d > 0) { ok = false; break }
                        let ljj = d.squareRoot()
                        a[j + j * k] = ljj
                        for i in (j + 1)..<max(j + 1, k) {
                            var v = a[i + j * k]
                            for p in 0..<j { v -= a[i + p * k] * a[j + p * k] }
                            a[i + j * k] = v / ljj
                        }
                    }
                    if !ok { failed.append(s); continue }
                    for i in 0..<k {
                        var v = b[i]
                        for p in 0..<i { v -= a[i + p * k] * y[p] }
                        y[i] = v / a[i + i * k]
                    }
                    for i in stride(from: k - 1, through: 0, by: -1) {
                        var v = y[i]
                        for p in (i + 1)..<max(i + 1, k) { v -= a[p + i * k] * b[p] }
                        b[i] = v / a[i + i * k]
                    }
                }
            }
        }
        return failed
    }
}
