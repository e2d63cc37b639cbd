/// Many small symmetric positive-definite solves at once, in plain Swift, vectorised across
/// systems.
///
/// Robust fitting of a whole panel needs one k × k solve per series (k ≈ 20, 100,000
/// series). A LAPACK call per series costs more in overhead than in arithmetic, so the
/// systems are stored *struct-of-arrays*: element p of every system is contiguous across
/// systems, which is exactly the layout GEMM produces for Gᵀ = Wᵀ·P (weights × pairwise
/// products), and the factorisation's inner loops run across systems, where they vectorise.
///
/// Layout: `packedLower[s + p·count]` holds A_s(i, j) for i ≥ j with
/// p = `packedIndex(row: i, col: j, order: k)` (lower triangle packed column by column);
/// `rhs[s + j·count]` holds b_s(j). Solutions come back in the layout of `rhs`.
public struct BatchedCholesky: Sendable {
    /// What a non-positive pivot means.
    public enum DependentColumns: Sendable, Equatable {
        /// The system is singular: reported in `failures`, its solution NaN (LAPACK
        /// `dpotrf`'s contract).
        case fail
        /// The column is linearly dependent on the columns before it (or all zero) in this
        /// system: it is dropped, its unknown set to 0 and the rest solved exactly, as a
        /// regression that omits that column would be (the pivoting rule of R's `lm` and
        /// LINPACK `dqrdc2`, in column order). For designs whose columns a series' observed
        /// months may not identify: a calendar month never observed, quarterly or annual
        /// figures, a holiday regressor that is zero in every observed month.
        case drop
    }

    /// Order k of every system.
    public let order: Int
    /// Number of systems.
    public let count: Int
    /// The factors L_s, in the packed struct-of-arrays layout of the input.
    public let factors: [Double]
    /// Systems that were not positive definite, with the leading minor that failed
    /// (1-based, as LAPACK's `info`); their solutions are NaN.
    public let failures: [(system: Int, minor: Int)]

    /// Number of packed elements of a k × k lower triangle, k(k + 1)/2.
    @inlinable
    public static func packedCount(order k: Int) -> Int { k * (k + 1) / 2 }

    /// Position of A(i, j), i ≥ j, in the column-packed lower triangle of order k.
    @inlinable
    public static func packedIndex(row i: Int, col j: Int, order k: Int) -> Int {
        precondition(i >= j && i < k, "packed index needs row ≥ col within the order")
        return j * k - j * (j - 1) / 2 + (i - j)
    }

    /// Lanes per block: enough to fill vector registers, few enough that a block of
    /// factors (k(k + 1)/2 × 64 doubles, ≈ 100 KB at k = 20) stays in L2 cache.
    static let lanes = 64

    /// Factors A_s + diag(shift) = L_s L_sᵀ for every system.
    /// - Parameters:
    ///   - packedLower: `packedCount(order:) · count` elements, layout above.
    ///   - diagonalShift: k values added to every system's diagonal (a ridge penalty);
    ///     empty means none.
    ///   - pivotTolerance: a pivot counts as non-positive when it is at most this times
    ///     the original diagonal element: 1e-12 rejects systems whose condition number
    ///     exceeds ~1e12, where a solution would carry no correct digits worth having.
    ///   - dependentColumns: what a non-positive pivot means (default `.fail`).
    public init(packedLower: [Double], order k: Int, count n: Int,
                diagonalShift: [Double] = [], pivotTolerance: Double = 1e-12,
                dependentColumns: DependentColumns = .fail) {
        let np = BatchedCholesky.packedCount(order: k)
        precondition(packedLower.count == np * n, "expected \(np * n) packed elements, got \(packedLower.count)")
        precondition(diagonalShift.isEmpty || diagonalShift.count == k, "diagonalShift needs \(k) values")
        var f = packedLower
        var failed: [(Int, Int)] = []
        let lanes = BatchedCholesky.lanes
        var original = [Double](repeating: 0, count: lanes * max(k, 1)), inverse = original
        var bad = [Int32](repeating: 0, count: lanes)
        let index = BatchedCholesky.packedIndexTable(order: k)
        f.withUnsafeMutableBufferPointer { fb in index.withUnsafeBufferPointer { ip in
        original.withUnsafeMutableBufferPointer { op in inverse.withUnsafeMutableBufferPointer { vp in
        bad.withUnsafeMutableBufferPointer { bp in
            var s0 = 0
            while s0 < n {
                let w = min(lanes, n - s0)
                // In place: element p of system s0 + l sits at p·n + s0 + l.
                BatchedCholesky.factorLanes(fb.baseAddress! + s0, stride: n, width: w, order: k, index: ip.baseAddress!,
                                            diagonalShift: diagonalShift, pivotTolerance: pivotTolerance,
                                            dependentColumns: dependentColumns,
                                            original: op.baseAddress!, inverse: vp.baseAddress!, bad: bp.baseAddress!)
                for l in 0..<w where bp[l] != 0 { failed.append((s0 + l, Int(bp[l]))) }
                s0 += w
            }
        } } } } }
        self.order = k
        self.count = n
        self.factors = f
        self.failures = failed
    }

    /// Wraps factors computed earlier (e.g. gathered from several batches); no failures.
    public init(factors: [Double], order k: Int, count n: Int) {
        precondition(factors.count == BatchedCholesky.packedCount(order: k) * n, "factor storage has the wrong size")
        self.order = k
        self.count = n
        self.factors = factors
        self.failures = []
    }

    /// Solves L_s L_sᵀ x_s = b_s for every system; `rhs[s + j·count]`, any number of
    /// right-hand sides per system laid out one after another (`rhs.count = m·k·count`).
    /// Failed systems get NaN.
    public func solve(_ rhs: [Double]) -> [Double] {
        let k = order, n = count
        precondition(n == 0 || rhs.count % (k * n) == 0, "rhs must hold whole k × count blocks")
        var x = rhs
        let blocks = n == 0 ? 0 : rhs.count / (k * n)
        factors.withUnsafeBufferPointer { fb in
            x.withUnsafeMutableBufferPointer { xb in
                let lp = fb.baseAddress!
                for b in 0..<blocks {
                    let xp = xb.baseAddress! + b * k * n
                    // Forward: L y = b.
                    for j in 0..<k {
                        let xj = xp + j * n
                        let djj = lp + BatchedCholesky.packedIndex(row: j, col: j, order: k) * n
                        for s in 0..<n { xj[s] /= djj[s] }
                        for i in (j + 1)..<max(j + 1, k) {
                            let lij = lp + BatchedCholesky.packedIndex(row: i, col: j, order: k) * n
                            let xi = xp + i * n
                            for s in 0..<n { xi[s] -= lij[s] * xj[s] }
                        }
                    }
                    // Backward: Lᵀ x = y.
                    for j in stride(from: k - 1, through: 0, by: -1) {
                        let xj = xp + j * n
                        for i in (j + 1)..<max(j + 1, k) {
                            let lij = lp + BatchedCholesky.packedIndex(row: i, col: j, order: k) * n
                            let xi = xp + i * n
                            for s in 0..<n { xj[s] -= lij[s] * xi[s] }
                        }
                        let djj = lp + BatchedCholesky.packedIndex(row: j, col: j, order: k) * n
                        for s in 0..<n { xj[s] /= djj[s] }
                    }
                }
            }
        }
        for (s, _) in failures { for b in 0..<blocks { for j in 0..<k { x[b * k * n + s + j * n] = .nan } } }
        return x
    }

    /// ‖L_s⁻¹ v_s‖² = v_sᵀ A_s⁻¹ v_s for every system (the quadratic form behind
    /// prediction variances); `v[s + j·count]`, one vector per system. NaN for failed systems.
    public func inverseQuadraticForm(_ v: [Double]) -> [Double] {
        let k = order, n = count
        precondition(v.count == k * n, "v must hold k × count values")
        var y = v
        var q = [Double](repeating: 0, count: n)
        factors.withUnsafeBufferPointer { fb in
            y.withUnsafeMutableBufferPointer { yb in
                let lp = fb.baseAddress!, yp = yb.baseAddress!
                for j in 0..<k {
                    let yj = yp + j * n
                    let djj = lp + BatchedCholesky.packedIndex(row: j, col: j, order: k) * n
                    for s in 0..<n { yj[s] /= djj[s]; q[s] += yj[s] * yj[s] }
                    for i in (j + 1)..<max(j + 1, k) {
                        let lij = lp + BatchedCholesky.packedIndex(row: i, col: j, order: k) * n
                        let yi = yp + i * n
                        for s in 0..<n { yi[s] -= lij[s] * yj[s] }
                    }
                }
            }
        }
        for (s, _) in failures { q[s] = .nan }
        return q
    }
}

import Dispatch

extension BatchedCholesky {
    /// Factors and solves in one pass, block by block: each block of 64 systems is copied
    /// into a contiguous buffer (k(k+1)/2 × 64, in cache), factored, and its right-hand
    /// sides solved before the next block, with blocks spread over `threads` threads.
    /// Same layouts and failure rule as `init(packedLower:…)` + `solve(_:)`, without
    /// keeping the factors — the form an IRLS iteration wants.
    /// - Parameter packedSource: when given, `packedLower` holds only distinct columns
    ///   (n × u) and packed position p reads column `packedSource[p]` (-1 = all zeros), so a
    ///   caller whose Grams repeat or vanish in places need not expand them first.
    public static func solve(packedLower: [Double], rhs: [Double], order k: Int, count n: Int,
                             diagonalShift: [Double] = [], pivotTolerance: Double = 1e-12,
                             dependentColumns: DependentColumns = .fail,
                             packedSource: [Int]? = nil,
                             threads: Int = 1) -> (solutions: [Double], failures: [(system: Int, minor: Int)]) {
        let np = packedCount(order: k)
        let source = packedSource ?? Array(0..<np)
        precondition(source.count == np && packedLower.count == ((source.max() ?? -1) + 1) * n && rhs.count == k * n,
                     "batched system sizes do not match")
        var x = rhs
        let failures = packedLower.withUnsafeBufferPointer { ap in x.withUnsafeMutableBufferPointer { xp in
            solve(packedLower: ap.baseAddress!, rhs: xp.baseAddress!, order: k, count: n, diagonalShift: diagonalShift,
                  pivotTolerance: pivotTolerance, dependentColumns: dependentColumns, packedSource: source, threads: threads)
        } }
        return (x, failures)
    }

    /// `solve(packedLower:rhs:…)` on raw storage, the solutions overwriting `rhs` in place:
    /// for batched fits whose operands live in reused per-block buffers.
    /// - Precondition: `packedLower` holds n × (max(packedSource) + 1) values, `rhs` k × n.
    public static func solve(packedLower a: UnsafePointer<Double>, rhs xb: UnsafeMutablePointer<Double>, order k: Int,
                             count n: Int, diagonalShift: [Double] = [], pivotTolerance: Double = 1e-12,
                             dependentColumns: DependentColumns = .fail,
                             packedSource source: [Int], threads: Int = 1) -> [(system: Int, minor: Int)] {
        let np = packedCount(order: k)
        precondition(source.count == np, "packedSource needs \(np) entries")
        precondition(diagonalShift.isEmpty || diagonalShift.count == k, "diagonalShift needs \(k) values")
        let blocks = (n + lanes - 1) / lanes
        let chunks = max(1, min(threads, blocks))
        var failedPerChunk = [[(Int, Int)]](repeating: [], count: chunks)
        let index = packedIndexTable(order: k)
        index.withUnsafeBufferPointer { ip in
        failedPerChunk.withUnsafeMutableBufferPointer { failed in
            // Each chunk writes only its own systems' columns of `xb` and its own slot of
            // `failed`; `a` and the index table are read only (see `WorkerShared`).
            let ixs = WorkerShared(ip.baseAddress!), fps = WorkerShared(failed), as_ = WorkerShared(a), xbs = WorkerShared(xb)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let ix = ixs.value, fp = fps.value, a = as_.value, xb = xbs.value
                let L = UnsafeMutablePointer<Double>.allocate(capacity: np * lanes)
                let b = UnsafeMutablePointer<Double>.allocate(capacity: k * lanes)
                let orig = UnsafeMutablePointer<Double>.allocate(capacity: k * lanes)
                let inv = UnsafeMutablePointer<Double>.allocate(capacity: k * lanes)   // 1 / L(j, j)
                let bad = UnsafeMutablePointer<Int32>.allocate(capacity: lanes)
                defer { L.deallocate(); b.deallocate(); orig.deallocate(); inv.deallocate(); bad.deallocate() }
                var failures: [(Int, Int)] = []
                for block in (blocks * chunk / chunks)..<(blocks * (chunk + 1) / chunks) {
                    let s0 = block * lanes, w = min(lanes, n - s0)
                    for p in 0..<np {
                        let c = source[p]
                        if c >= 0 { (L + p * lanes).update(from: a + (c * n + s0), count: w) } else { (L + p * lanes).update(repeating: 0, count: w) }
                    }
                    for j in 0..<k { (b + j * lanes).update(from: xb + (j * n + s0), count: w) }
                    BatchedCholesky.factorLanes(L, stride: lanes, width: w, order: k, index: ix,
                                                diagonalShift: diagonalShift, pivotTolerance: pivotTolerance,
                                                dependentColumns: dependentColumns,
                                                original: orig, inverse: inv, bad: bad)
                    // Forward: L y = b.
                    for j in 0..<k {
                        let bj = b + j * lanes, invj = inv + j * lanes
                        for l in 0..<w { bj[l] *= invj[l] }
                        for i in (j + 1)..<max(j + 1, k) {
                            let lij = L + ix[i + j * k] * lanes, bi = b + i * lanes
                            for l in 0..<w { bi[l] -= lij[l] * bj[l] }
                        }
                    }
                    for j in stride(from: k - 1, through: 0, by: -1) {
                        let bj = b + j * lanes
                        for i in (j + 1)..<max(j + 1, k) {
                            let lij = L + ix[i + j * k] * lanes, bi = b + i * lanes
                            for l in 0..<w { bj[l] -= lij[l] * bi[l] }
                        }
                        let invj = inv + j * lanes
                        for l in 0..<w { bj[l] *= invj[l] }
                    }
                    for l in 0..<w where bad[l] != 0 {
                        failures.append((s0 + l, Int(bad[l])))
                        for j in 0..<k { b[j * lanes + l] = .nan }
                    }
                    for j in 0..<k { (xb + (j * n + s0)).update(from: b + j * lanes, count: w) }
                }
                fp[chunk] = failures
            }
        } }
        return failedPerChunk.flatMap { $0 }.map { (system: $0.0, minor: $0.1) }
    }

    /// `table[i + j·k]` = `packedIndex(row: i, col: j, order: k)` for i ≥ j (0 above).
    static func packedIndexTable(order k: Int) -> [Int] {
        var index = [Int](repeating: 0, count: k * k)
        for j in 0..<k { for i in j..<k { index[i + j * k] = packedIndex(row: i, col: j, order: k) } }
        return index
    }

    /// Factors in place `w` ≤ `lanes` systems whose packed element p of system l is at
    /// `base[p·stride + l]` — stride `count` over the whole struct-of-arrays (`init`), or
    /// `lanes` over a block copied into cache (`solve`). Adds `diagonalShift`, then runs the
    /// right-looking column Cholesky with every inner loop across the lanes. Leaves 1/L(j, j)
    /// in `inverse[j·lanes + l]`, and in `bad[l]` the 1-based minor whose pivot failed (0 if
    /// none): a pivot that lost all but `pivotTolerance` of its diagonal before elimination
    /// means the system is singular to working precision; it is set to 1 so the rest runs.
    /// Under `.drop` such a (finite) pivot drops its column instead: L(j, j) = +∞ and
    /// 1/L(j, j) = 0, so column j of L below the pivot becomes 0, the trailing update skips
    /// it, and both substitutions give that unknown 0 — what factoring the system without
    /// row and column j would give for the others.
    static func factorLanes(_ base: UnsafeMutablePointer<Double>, stride: Int, width w: Int, order k: Int,
                            index: UnsafePointer<Int>, diagonalShift: [Double], pivotTolerance: Double,
                            dependentColumns: DependentColumns = .fail,
                            original: UnsafeMutablePointer<Double>, inverse: UnsafeMutablePointer<Double>,
                            bad: UnsafeMutablePointer<Int32>) {
        let drop = dependentColumns == .drop
        for l in 0..<w { bad[l] = 0 }
        for j in 0..<k {
            let d = base + index[j + j * k] * stride
            let shift = diagonalShift.isEmpty ? 0 : diagonalShift[j]
            for l in 0..<w { d[l] += shift; original[j * lanes + l] = d[l] }
        }
        for j in 0..<k {
            let d = base + index[j + j * k] * stride, invj = inverse + j * lanes
            for l in 0..<w {
                let piv = d[l]
                if !piv.isFinite || (!drop && !(piv > pivotTolerance * original[j * lanes + l])) {
                    if bad[l] == 0 { bad[l] = Int32(j + 1) }
                    d[l] = 1
                } else if !(piv > pivotTolerance * original[j * lanes + l]) {
                    d[l] = .infinity
                } else {
                    d[l] = piv.squareRoot()
                }
                invj[l] = 1 / d[l]
            }
            // Multiplying by the reciprocal: one division per pivot, not per element.
            for i in (j + 1)..<max(j + 1, k) {
                let lij = base + index[i + j * k] * stride
                for l in 0..<w { lij[l] *= invj[l] }
            }
            for c in (j + 1)..<max(j + 1, k) {
                let lcj = base + index[c + j * k] * stride
                for i in c..<k {
                    let lij = base + index[i + j * k] * stride, aic = base + index[i + c * k] * stride
                    for l in 0..<w { aic[l] -= lij[l] * lcj[l] }
                }
            }
        }
    }
}
