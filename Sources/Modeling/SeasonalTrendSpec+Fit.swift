import LinearAlgebra
import PanelData

extension SeasonalTrendSpec {
    /// Fits every series of `panel` at once by iteratively reweighted least squares.
    ///
    /// Each iteration is three GEMMs and a batch of tiny solves, whatever the number of series:
    /// 1. Gᵀ = Wᵀ·P, with P the T × k(k+1)/2 pairwise products of the design's columns and
    ///    W the T × N weights: row s of Gᵀ is series s's packed XᵀW_sX.
    /// 2. Rᵀ = (W∘Y)ᵀ·X, the right-hand sides XᵀW_s y_s.
    /// 3. (XᵀW_sX + Λ) β_s = XᵀW_s y_s by `BatchedCholesky` (Λ the ridge on knot slopes).
    /// 4. Fitted values X·Bᵀ; residual scale and new weights w = ψ(r/σ̂)/(r/σ̂) per series.
    /// A series leaves the active set when no fitted value moves by more than
    /// `tolerance`·σ̂, so later iterations only carry the series still moving.
    ///
    /// Missing months get weight 0 throughout: the weighted normal equations then use the
    /// observed months only, exactly, without dropping or filling the series.
    /// The first iteration (weights 1) is the penalised least-squares fit, as statsmodels'
    /// `RLM` starts from OLS; the scale is re-estimated every iteration as `RLM` does.
    ///
    /// - Throws: `ModelError.panelTooShort` if the panel has fewer months than the
    ///   design has parameters. Series that cannot be fitted are listed in `skipped`.
    public func fit(_ panel: Panel) throws -> SeasonalTrendFit {
        let T = panel.periodCount, N = panel.seriesCount
        let design = SeasonalTrendDesign(spec: self, start: panel.start, fitMonths: T)
        let k = design.parameterCount
        guard T > k else { throw ModelError.panelTooShort(months: T, needed: k + 1) }
        let np = BatchedCholesky.packedCount(order: k)
        let x = design.matrix
        let pairs = design.pairwiseProducts()
        let values = panel.values

        var observed = [Int](repeating: 0, count: N)
        var skipped: [SeasonalTrendFit.Skipped] = []
        var active: [Int] = []
        let minimum = max(minimumObserved, k + 1)
        values.withUnsafeBufferPointer { v in
            for s in 0..<N {
                var n = 0
                for t in 0..<T where !v[t + s * T].isNaN { n += 1 }
                observed[s] = n
                if n < minimum {
                    skipped.append(.init(series: s, observed: n,
                        reason: "only \(n) observed months; at least \(minimum) are needed to fit trend and season"))
                } else {
                    active.append(s)
                }
            }
        }

        var weights = [Double](repeating: 0, count: T * N)
        for s in active { for t in 0..<T where !values[t + s * T].isNaN { weights[t + s * T] = 1 } }
        var fitted = [Double](repeating: .nan, count: T * N)
        var coefficients = [Double](repeating: .nan, count: N * k)
        var scale = [Double](repeating: .nan, count: N)
        var iterations = [Int](repeating: 0, count: N)
        var factors = [Double](repeating: .nan, count: np * N)
        var failed = Set<Int>()
        let knotCount = design.knots.count
        var residual = [Double](repeating: 0, count: T)

        var iteration = 0
        var notConverged: [Int] = []
        while !active.isEmpty && iteration < maxIterations {
            iteration += 1
            let na = active.count
            var wa = Matrix(rows: T, cols: na), wya = Matrix(rows: T, cols: na)
            for (a, s) in active.enumerated() {
                for t in 0..<T {
                    let w = weights[t + s * T]
                    wa.storage[t + a * T] = w
                    wya.storage[t + a * T] = w == 0 ? 0 : w * values[t + s * T]
                }
            }
            let gram = try Matrix.multiply(wa, .transpose, pairs, .none)      // na × np
            let rhs = try Matrix.multiply(wya, .transpose, x, .none)          // na × k
            let chol = BatchedCholesky(packedLower: gram.storage, order: k, count: na, diagonalShift: design.penalty)
            let beta = Matrix(rows: na, cols: k, columnMajor: chol.solve(rhs.storage))
            let f = try Matrix.multiply(x, .none, beta, .transpose)           // T × na
            for (a, minor) in chol.failures {
                let s = active[a]
                failed.insert(s)
                skipped.append(.init(series: s, observed: observed[s],
                    reason: "the weighted normal equations are singular (leading minor \(minor) of \(k) is not positive); the observed months do not identify every design column"))
            }

            var still: [Int] = []
            for (a, s) in active.enumerated() where !failed.contains(s) {
                iterations[s] = iteration
                for j in 0..<k { coefficients[s + j * N] = beta.storage[a + j * na] }
                for p in 0..<np { factors[s + p * N] = chol.factors[a + p * na] }
                var change = Double.infinity
                if iteration > 1 {
                    change = 0
                    for t in 0..<T { change = max(change, abs(f.storage[t + a * T] - fitted[t + s * T])) }
                }
                var n = 0, rss = 0.0
                for t in 0..<T {
                    fitted[t + s * T] = f.storage[t + a * T]
                    let y = values[t + s * T]
                    if !y.isNaN { let r = y - f.storage[t + a * T]; residual[n] = abs(r); rss += r * r; n += 1 }
                }
                let sigma: Double
                if case .leastSquares = loss {
                    var pen = 0.0
                    for j in design.knotColumns { let b = beta.storage[a + j * na]; pen += design.penalty[j] * b * b }
                    sigma = ((rss + pen) / Double(n + knotCount - k)).squareRoot()
                    scale[s] = sigma
                    continue
                }
                sigma = residual.withUnsafeMutableBufferPointer { RobustScale.median($0.baseAddress!, count: n) } / madQuantile
                scale[s] = sigma
                if sigma == 0 || change <= tolerance * sigma { continue }
                if iteration == maxIterations { notConverged.append(s); continue }
                for t in 0..<T {
                    let y = values[t + s * T]
                    if !y.isNaN { weights[t + s * T] = loss.weight((y - f.storage[t + a * T]) / sigma) }
                }
                still.append(s)
            }
            active = still
        }
        for s in failed { scale[s] = .nan; for t in 0..<T { fitted[t + s * T] = .nan }; for j in 0..<k { coefficients[s + j * N] = .nan } }
        skipped.sort { $0.series < $1.series }

        var z = [Double](repeating: .nan, count: T * N)
        var zScale = [Double](repeating: .nan, count: N)
        for s in 0..<N where !scale[s].isNaN {
            var sigma = scale[s]
            if loss != .leastSquares && sigma > 0 {
                sigma = winsorizedScale(values: values, fitted: fitted, base: s * T, count: T, start: sigma,
                                        degreesOfFreedom: Double(observed[s] + knotCount - k))
            }
            if !(sigma > 0) { sigma = 1e-9 * max(1, abs(fitted[T / 2 + s * T])) }
            zScale[s] = sigma
            for t in 0..<T {
                let y = values[t + s * T]
                if !y.isNaN { z[t + s * T] = (y - fitted[t + s * T]) / sigma }
            }
        }
        // Factors laid out for all N series; failed and skipped ones are NaN and never used.
        let allFactors = BatchedCholesky(factors: factors, order: k, count: N)
        return SeasonalTrendFit(spec: self, design: design, start: panel.start, periodCount: T, seriesCount: N,
                                values: values, fitted: fitted, weights: weights, scale: scale, zScale: zScale, z: z,
                                coefficients: coefficients, observedCount: observed, iterations: iterations,
                                notConverged: notConverged, skipped: skipped, factors: allFactors)
    }
}

/// Φ⁻¹(3/4): median|r|/0.6745 estimates σ for Gaussian residuals (statsmodels `scale.mad`).
let madQuantile = 0.6744897501960817

/// Huber's "proposal 2" scale of the final residuals: σ² = Σ min(r², (cσ)²) / (ν·β(c)),
/// iterated from the MAD scale, with c = 2.5 and β(c) = E[min(Z², c²)] = 2Φ(c) − 1 − 2cφ(c)
/// + 2c²(1 − Φ(c)) = 0.977560 for Z ~ N(0, 1), and ν = n + m − k the residual degrees of
/// freedom. The MAD has 37% Gaussian efficiency: over 120 months its relative error is
/// about 8%, enough that the series whose scale happens to come out low flag several
/// normal months. The winsorised estimate has about 95% efficiency and still ignores
/// anything beyond 2.5σ, so spikes do not inflate it.
func winsorizedScale(values: [Double], fitted: [Double], base: Int, count T: Int, start: Double,
                     degreesOfFreedom nu: Double) -> Double {
    let c = 2.5, beta = 0.9775599834528066
    var sigma = start
    for _ in 0..<3 {
        let cap = (c * sigma) * (c * sigma)
        var sum = 0.0
        for t in 0..<T {
            let y = values[base + t]
            if y.isNaN { continue }
            let r = y - fitted[base + t]
            sum += min(r * r, cap)
        }
        sigma = (sum / (max(nu, 1) * beta)).squareRoot()
    }
    return sigma
}
