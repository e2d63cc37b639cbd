import Codes
import Dispatch
import LinearAlgebra

extension SeasonalTrendFit {
    /// Scans every series for level shifts, slope changes and recent drift (see `ChangeScores`).
    /// - Throws: `LinearAlgebraError` if the baseline design cannot be factored.
    public func changeScores(_ scan: ChangeScanSpec = .standard) throws -> ChangeScores {
        let T = periodCount, N = seriesCount, k = parameterCount
        let x = design.matrix
        let base = (0..<k).filter { !design.knotColumns.contains($0) }
        var x0 = Matrix(rows: T, cols: base.count)
        for (c, j) in base.enumerated() { for t in 0..<T { x0[t, c] = x[t, j] } }
        // M₀ = I − X₀·P₀ with P₀ the least-squares solution operator of X₀.
        let ls = try LeastSquares(design: x0)
        var m0 = try Matrix.multiply(x0, .none, ls.solutionOperator, .none)
        for i in m0.storage.indices { m0.storage[i] = -m0.storage[i] }
        for t in 0..<T { m0[t, t] += 1 }

        // Candidate regressors: steps, then ramps; a_τ = M₀ s_τ normalised to unit length.
        enum Family { case level, slope, drift }
        var family: [Family] = [], startOf: [Int] = []
        let driftFrom = T - scan.driftWindow
        if scan.minimumBefore <= T - scan.minimumAfterLevel {
            for tau in scan.minimumBefore...(T - scan.minimumAfterLevel) { family.append(.level); startOf.append(tau) }
        }
        if scan.minimumBefore <= T - scan.minimumAfterSlope {
            for tau in scan.minimumBefore...(T - scan.minimumAfterSlope) {
                family.append(tau >= driftFrom ? .drift : .slope); startOf.append(tau)
            }
        }
        let C = family.count
        var s = Matrix(rows: T, cols: C)
        for c in 0..<C {
            for t in startOf[c]..<T { s[t, c] = family[c] == .level ? 1 : Double(t - startOf[c] + 1) }
        }
        let aRaw = try Matrix.multiply(m0, .none, s, .none)
        var norms = [Double](repeating: 0, count: C), inverseNorm = [Double](repeating: 0, count: C)
        for c in 0..<C {
            var n2 = 0.0
            for t in 0..<T { n2 += aRaw[t, c] * aRaw[t, c] }
            norms[c] = n2.squareRoot()
            // A candidate the baseline absorbs (‖a‖ ≈ 0) carries no information: zero it.
            inverseNorm[c] = norms[c] > 1e-8 * Double(T) ? 1 / norms[c] : 0
        }
        // Per start month: 1/‖a‖ of its level candidate and of its ramp candidate (0 where there
        // is none or it carries no information), and whether the ramp is a drift.
        var levelScale = [Double](repeating: 0, count: T), rampScale = levelScale
        var rampIsDrift = [Bool](repeating: false, count: T)
        for c in 0..<C {
            if family[c] == .level { levelScale[startOf[c]] = inverseNorm[c] } else {
                rampScale[startOf[c]] = inverseNorm[c]; rampIsDrift[startOf[c]] = family[c] == .drift
            }
        }

        // Per series, block by block (in cache): u, the standardised residuals, each limited to
        // ±clip around the median of itself and its observed neighbours (a 3-point running
        // median passes steps and ramps unchanged but not an isolated spike), plus the knot
        // contribution; then ũ = M₀u = u − X₀(P₀u) (two thin GEMMs); then the scan.
        // Z_τ = a_τᵀu = s_τᵀ(M₀u)/‖M₀s_τ‖, M₀ being a symmetric projector: a step's s_τᵀũ is
        // the tail sum Σ_{t≥τ} ũ_t and a ramp's Σ_{t≥τ} (t−τ+1)ũ_t the tail sum of those tail
        // sums: every candidate of a series in one backward pass, instead of a C × T by T × N
        // product.
        let knotCols = Array(design.knotColumns), clip = scan.clip
        // The knot columns, one after another (nk × T), read for every series.
        let knotX = knotCols.flatMap { j in (0..<T).map { x[$0, j] } }
        let nk = knotCols.count, k0 = base.count
        let solution = ls.solutionOperator   // k0 × T
        // Per series, the largest |Z| of each family; on ties the earliest start, as a
        // forward scan keeping the first maximum would.
        var best = [Double](repeating: 0, count: 3 * N), bestStart = [Int](repeating: -1, count: 3 * N)
        try z.withUnsafeBufferPointer { zp in try coefficients.withUnsafeBufferPointer { cp in
        try knotX.withUnsafeBufferPointer { kx in try x0.storage.withUnsafeBufferPointer { x0p in
        try solution.storage.withUnsafeBufferPointer { pp in
        try best.withUnsafeMutableBufferPointer { bp in try bestStart.withUnsafeMutableBufferPointer { ip in
        try levelScale.withUnsafeBufferPointer { ls in try rampScale.withUnsafeBufferPointer { rs in
        try rampIsDrift.withUnsafeBufferPointer { rd in
            try forEachSeriesBlock(N, size: changeScanBlockSize) { _, range in
                let nb = range.count, s0 = range.lowerBound
                let up = UnsafeMutablePointer<Double>.allocate(capacity: T * nb)   // u of the block, T × nb
                let fp = UnsafeMutablePointer<Double>.allocate(capacity: T * nb)   // X₀P₀u
                let pu = UnsafeMutablePointer<Double>.allocate(capacity: k0 * nb)  // P₀u
                let knot = UnsafeMutablePointer<Double>.allocate(capacity: T)
                defer { up.deallocate(); fp.deallocate(); pu.deallocate(); knot.deallocate() }
                up.initialize(repeating: 0, count: T * nb)
                for a in 0..<nb where !zScale[s0 + a].isNaN {
                    let sIdx = s0 + a, sigma = zScale[sIdx] > 0 ? zScale[sIdx] : 1
                    let zs = sIdx * T
                    knot.update(repeating: 0, count: T)
                    for q in 0..<nk {
                        let b = cp[sIdx + knotCols[q] * N] / sigma, col = kx.baseAddress! + q * T
                        for t in 0..<T { knot[t] += col[t] * b }
                    }
                    for t in 0..<T {
                        let zt = zp[zs + t]
                        if zt.isNaN { continue }
                        let centre = runningMedian3(zp, zs, t, T)
                        up[a * T + t] = knot[t] + min(max(zt, centre - clip), centre + clip)
                    }
                }
                Matrix.gemm(.none, .none, m: k0, n: nb, k: T, a: pp.baseAddress!, lda: k0, b: up, ldb: T, c: pu, ldc: k0)
                Matrix.gemm(.none, .none, m: T, n: nb, k: k0, a: x0p.baseAddress!, lda: T, b: pu, ldb: k0, c: fp, ldc: T)
                for a in 0..<nb where !zScale[s0 + a].isNaN {
                    let sIdx = s0 + a
                    // Best Z and its start per family (level, slope, drift); a zero Z never wins.
                    var z3 = (0.0, 0.0, 0.0), start3 = (-1, -1, -1)
                    func offer(_ z: Double, _ t: Int, _ best: inout Double, _ start: inout Int) {
                        if abs(z) > abs(best) || (abs(z) == abs(best) && z != 0) { best = z; start = t }
                    }
                    var tail = 0.0, tailOfTails = 0.0
                    for t in stride(from: T - 1, through: 0, by: -1) {
                        tail += up[t + a * T] - fp[t + a * T]
                        tailOfTails += tail
                        offer(tail * ls[t], t, &z3.0, &start3.0)
                        if rd[t] { offer(tailOfTails * rs[t], t, &z3.2, &start3.2) } else { offer(tailOfTails * rs[t], t, &z3.1, &start3.1) }
                    }
                    bp[sIdx] = z3.0; ip[sIdx] = start3.0
                    bp[N + sIdx] = z3.1; ip[N + sIdx] = start3.1
                    bp[2 * N + sIdx] = z3.2; ip[2 * N + sIdx] = start3.2
                }
            }
        } } } } } } } } } }
        let level = Array(best[0..<N]), levelStart = Array(bestStart[0..<N])
        let slope = Array(best[N..<(2 * N)]), slopeStart = Array(bestStart[N..<(2 * N)])
        let drift = Array(best[(2 * N)...]), driftStart = Array(bestStart[(2 * N)...])
        var changes = [ChangeScores.Change?](repeating: nil, count: N)
        var adjusted: [Int: [Double]] = [:]
        for sIdx in 0..<N where isFitted(sIdx) {
            // The family with the largest |Z| (ties to the earlier: level, slope, drift).
            var best: (AnomalyKind, Double, Int) = (.levelShift, level[sIdx], levelStart[sIdx])
            if abs(slope[sIdx]) > abs(best.1) { best = (.slopeChange, slope[sIdx], slopeStart[sIdx]) }
            if abs(drift[sIdx]) > abs(best.1) { best = (.drift, drift[sIdx], driftStart[sIdx]) }
            guard abs(best.1) > scan.threshold, best.2 >= 0 else { continue }
            let c = (0..<C).first { startOf[$0] == best.2 && (family[$0] == .level) == (best.0 == .levelShift) }!
            // In σ units the fitted change is δ = Z/‖a‖ times the raw regressor.
            let deltaU = best.1 / norms[c]
            changes[sIdx] = .init(series: sIdx, kind: best.0, start: best.2, period: start + best.2,
                                  statistic: best.1, magnitude: deltaU * zScale[sIdx])
            // Adjusted z: residual of the unclipped data on [X₀, s_τ] (M₀ũ − δ·a_τ).
            let sigma = zScale[sIdx] > 0 ? zScale[sIdx] : 1
            var raw = [Double](repeating: 0, count: T)
            for t in 0..<T {
                let zt = z[t + sIdx * T]
                if zt.isNaN { continue }
                var knot = 0.0
                for j in design.knotColumns { knot += x[t, j] * coefficients[sIdx + j * N] }
                raw[t] = knot / sigma + zt
            }
            let m0u = try Matrix.multiply(m0, .none, vector: raw)
            adjusted[sIdx] = (0..<T).map { z[$0 + sIdx * T].isNaN ? .nan : m0u[$0] - deltaU * aRaw[$0, c] }
        }
        return ChangeScores(spec: scan, seriesCount: N, levelStatistic: level, levelStart: levelStart,
                            slopeStatistic: slope, slopeStart: slopeStart, driftStatistic: drift,
                            driftStart: driftStart, changes: changes, z: z, periodCount: T, adjusted: adjusted)
    }
}

/// Series per block of the change scan: u, X₀P₀u and P₀u of a block (≈ 2 × 120 × 8 bytes
/// per series) stay in cache between the passes.
let changeScanBlockSize = 512

/// Median of z[t] and its neighbours t ± 1 within the series (skipping missing ones); at an
/// end, or with one neighbour, the neighbour's value — an isolated end point is then
/// limited like any other spike.
@inline(__always)
func runningMedian3(_ z: UnsafeBufferPointer<Double>, _ base: Int, _ t: Int, _ T: Int) -> Double {
    let a = t > 0 ? z[base + t - 1] : .nan, b = z[base + t], c = t + 1 < T ? z[base + t + 1] : .nan
    switch (a.isNaN, c.isNaN) {
    case (false, false): return max(min(a, b), min(max(a, b), c))
    case (false, true): return a
    case (true, false): return c
    case (true, true): return b
    }
}
