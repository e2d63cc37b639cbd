import Dispatch
import Foundation
import LinearAlgebra
import PanelData

extension SeasonalTrendSpec {
    /// Fits every series of `panel` at once: Huber M-estimation by Newton steps (IRLS for
    /// bisquare, and for Huber series still cycling after a few Newton steps).
    ///
    /// Each iteration is three GEMMs and a batch of tiny solves, whatever the number of series:
    /// 1. Gᵀ = Wᵀ·P, with P the distinct pairwise products of the design's columns (T × ~k²/4)
    ///    and W the T × N weights: row s of Gᵀ, expanded, is series s's packed XᵀW_sX.
    /// 2. Rᵀ = Ỹᵀ·X, the right-hand sides Xᵀỹ_s (ỹ = W∘Y for IRLS; Huber-Newton pseudo-data).
    /// 3. (XᵀW_sX + Λ) β_s = Xᵀỹ_s by `BatchedCholesky.solve` (Λ the ridge on knot slopes).
    /// 4. Fitted values X·Bᵀ; residual scale and the next weights per series.
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

        // `weights` and `pseudo` are what each solve uses: (XᵀWX + Λ)β = Xᵀpseudo.
        var weights = [Double](repeating: 0, count: T * N)
        var pseudo = [Double](repeating: 0, count: T * N)
        values.withUnsafeBufferPointer { v in weights.withUnsafeMutableBufferPointer { w in
        pseudo.withUnsafeMutableBufferPointer { p in
            for s in active {
                for t in (s * T)..<(s * T + T) {
                    let y = v[t], seen = !y.isNaN
                    w[t] = seen ? 1 : 0; p[t] = seen ? y : 0
                }
            }
        } } }
        var fitted = [Double](repeating: .nan, count: T * N)
        var coefficients = [Double](repeating: .nan, count: N * k)
        var scale = [Double](repeating: .nan, count: N)
        var iterations = [Int](repeating: 0, count: N)
        var failed = Set<Int>()
        let knotCount = design.knots.count

        let allComplete = !observed.isEmpty && observed.allSatisfy { $0 == T }
        var sharedGram = x.gram
        for j in 0..<k { sharedGram[j, j] += design.penalty[j] }
        var patterns = [UInt64](repeating: 0, count: N)   // hash of each series' set of clipped points
        var iteration = 0
        var notConverged: [Int] = []
        while !active.isEmpty && iteration < maxIterations {
            iteration += 1
            let na = active.count
            // While at least half the series still move, solve them all (the settled ones
            // reproduce their last solution, which is cheaper than gathering the moving ones
            // into new matrices); after that, only the moving ones. Column `cols[a]` of the
            // solve is active series `a`.
            let full = 2 * na >= N
            let nc = full ? N : na
            let cols = full ? active : Array(0..<na)
            // The solve's operands live only in this closure, so that the weight and pseudo-data
            // arrays are uniquely owned again (no copy-on-write) when the update writes them.
            let (beta, f, chol) = try { () throws -> (Matrix, Matrix, (solutions: [Double], failures: [(system: Int, minor: Int)])) in
                let wa: Matrix, wya: Matrix
                if full {
                    wa = Matrix(rows: T, cols: N, columnMajor: weights)
                    wya = Matrix(rows: T, cols: N, columnMajor: pseudo)
                } else {
                    var w = [Double](repeating: 0, count: T * na), py = w
                    weights.withUnsafeBufferPointer { wp in pseudo.withUnsafeBufferPointer { pp in
                    w.withUnsafeMutableBufferPointer { wo in py.withUnsafeMutableBufferPointer { po in
                        for (a, s) in active.enumerated() {
                            (wo.baseAddress! + a * T).update(from: wp.baseAddress! + s * T, count: T)
                            (po.baseAddress! + a * T).update(from: pp.baseAddress! + s * T, count: T)
                        }
                    } } } }
                    wa = Matrix(rows: T, cols: na, columnMajor: w)
                    wya = Matrix(rows: T, cols: na, columnMajor: py)
                }
                if iteration == 1 && na == N && allComplete, let shared = try? Cholesky(sharedGram) {
                    // No month missing anywhere and weights all 1: every series has the same
                    // normal equations XᵀX + Λ, so factor them once and solve all series together.
                    let b = try shared.solve(try Matrix.multiply(x, .transpose, wya, .none))   // k × N
                    return (b.transposed, try Matrix.multiply(x, .none, b, .none), ([], []))
                }
                let gram = try Matrix.multiply(wa, .transpose, pairs.matrix, .none)   // na × u distinct products
                let rhs = try Matrix.multiply(wya, .transpose, x, .none)              // na × k
                let chol = BatchedCholesky.solve(packedLower: gram.storage, rhs: rhs.storage, order: k, count: nc,
                                                 diagonalShift: design.penalty, packedSource: pairs.source, threads: workerCount)
                let beta = Matrix(rows: nc, cols: k, columnMajor: chol.solutions)
                return (beta, try Matrix.multiply(x, .none, beta, .transpose), chol)  // fitted T × na
            }()
            // Failures of the solve's columns that are active series (a skipped series solved
            // along in a full solve fails too, and is already listed).
            var failedActive = Set<Int>()   // active indices
            var activeIndex: [Int: Int] = [:]
            if full && na < N { for (a, s) in active.enumerated() { activeIndex[s] = a } }
            for (c, minor) in chol.failures {
                guard let a = full && na < N ? activeIndex[c] : c else { continue }
                failedActive.insert(a)
                let s = active[a]
                failed.insert(s)
                skipped.append(.init(series: s, observed: observed[s],
                    reason: "the weighted normal equations are singular (leading minor \(minor) of \(k) is not positive); the observed months do not identify every design column"))
            }

            // Per-series update, in parallel chunks over disjoint series (raw pointers: each
            // chunk writes only its own series' columns).
            let failedNow = failedActive
            var keep = [UInt8](repeating: 0, count: na)      // 1 = iterate again, 2 = out of iterations
            let loss = self.loss, tolerance = self.tolerance, lastIteration = iteration == maxIterations
            let isLS = loss == .leastSquares
            let updateScale = scaleUpdates.map { iteration <= $0 } ?? true
            let penalty = design.penalty, knotColumns = design.knotColumns
            values.withUnsafeBufferPointer { vp in
            weights.withUnsafeMutableBufferPointer { wp in
            pseudo.withUnsafeMutableBufferPointer { pp in
            fitted.withUnsafeMutableBufferPointer { fp in
            coefficients.withUnsafeMutableBufferPointer { cp in
            scale.withUnsafeMutableBufferPointer { sp in
            iterations.withUnsafeMutableBufferPointer { ip in
            keep.withUnsafeMutableBufferPointer { kp in
            patterns.withUnsafeMutableBufferPointer { hp in
            active.withUnsafeBufferPointer { ap in
            cols.withUnsafeBufferPointer { colp in
            beta.storage.withUnsafeBufferPointer { bp in
            f.storage.withUnsafeBufferPointer { fnew in
                let chunks = min(max(1, na / 2048), workerCount)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    // |r| of the observed months (compacted), a scratch for the median, and the
                    // signed residuals by month (NaN where missing).
                    let residual = UnsafeMutablePointer<Double>.allocate(capacity: 3 * T)
                    defer { residual.deallocate() }
                    let scratch = residual + T, signed = residual + 2 * T
                    let lo = na * chunk / chunks, hi = na * (chunk + 1) / chunks
                    for a in lo..<hi where !failedNow.contains(a) {
                        let s = ap[a], col = s * T, at = colp[a], fcol = at * T   // at: column in the solve
                        ip[s] = iteration
                        for j in 0..<k { cp[s + j * N] = bp[at + j * nc] }
                        // One pass: how far the fit moved, the new fit, the residuals.
                        var change = 0.0, n = 0, rss = 0.0
                        for t in 0..<T {
                            let yhat = fnew[fcol + t]
                            change = max(change, abs(yhat - fp[col + t]))
                            fp[col + t] = yhat
                            let r = vp[col + t] - yhat
                            signed[t] = r
                            if !r.isNaN { residual[n] = abs(r); rss += r * r; n += 1 }
                        }
                        if iteration == 1 { change = .infinity }
                        if isLS {
                            var pen = 0.0
                            for j in knotColumns { let b = bp[at + j * nc]; pen += penalty[j] * b * b }
                            sp[s] = ((rss + pen) / Double(n + knotCount - k)).squareRoot()
                            continue
                        }
                        let previousSigma = sp[s]
                        // The median |r| is near the last scale's (or, first, the RMS's) 0.6745σ.
                        let guess = previousSigma > 0 ? previousSigma * madQuantile : (rss / Double(max(n, 1))).squareRoot() * madQuantile
                        let (low, high) = previousSigma > 0 ? (0.85 * guess, 1.18 * guess) : (0.5 * guess, 1.25 * guess)
                        let sigma = updateScale ? RobustScale.median(residual, count: n, within: low, high, scratch: scratch) / madQuantile : sp[s]
                        sp[s] = sigma
                        if sigma == 0 || change <= tolerance * sigma { continue }
                        if lastIteration { kp[a] = 2; continue }
                        if case let .huber(c) = loss, iteration < newtonSteps {
                            // Newton step (Huber 1981, §7.8): Hessian weights 1 inside ±cσ and a
                            // small floor outside (keeps it positive definite when a whole
                            // month is outlying); pseudo-data y inside, δŷ + clamp(r) outside,
                            // so that (XᵀDX + Λ)β_new = XᵀDXβ + Xᵀψ_σ(r). Same fixed point as
                            // IRLS, reached in a few steps instead of a linear crawl. A series
                            // whose active set still flips after `newtonSteps` continues with
                            // IRLS steps, which decrease the Huber objective monotonically.
                            // Written branch-free (which side of ±cσ is a coin toss near the
                            // bound), with a hash of the points beyond it on the way.
                            let bound = c * sigma
                            var pattern: UInt64 = 1469598103934665603
                            for t in 0..<T {
                                let r = signed[t]
                                if r.isNaN { continue }
                                let y = vp[col + t], yhat = fp[col + t]
                                let inside = abs(r) <= bound
                                wp[col + t] = inside ? 1 : newtonFloor
                                pp[col + t] = inside ? y : newtonFloor * yhat + (r > 0 ? bound : -bound)
                                let key = UInt64(2 * t + (r > 0 ? 1 : 0))
                                pattern = inside ? pattern : (pattern ^ key) &* 1099511628211
                            }
                            // If neither the set beyond ±cσ nor σ changed since the step just
                            // solved, that step already reached the minimum of the Huber
                            // objective on this set, and another would move β only through
                            // the Hessian floor (δ times the outlying points' share of a step
                            // already below tolerance) — so the series has converged.
                            let same = hp[s] == pattern && abs(sigma - previousSigma) <= tolerance * sigma
                            hp[s] = pattern
                            if same { continue }
                        } else {
                            for t in 0..<T {
                                let r = signed[t]
                                if r.isNaN { continue }
                                let w = loss.weight(r / sigma)
                                wp[col + t] = w; pp[col + t] = w * vp[col + t]
                            }
                        }
                        kp[a] = 1
                    }
                }
            } } } } } } } } } } } } }
            var still: [Int] = []
            for a in 0..<na {
                if keep[a] == 1 { still.append(active[a]) } else if keep[a] == 2 { notConverged.append(active[a]) }
            }
            active = still
        }
        for s in failed { scale[s] = .nan; for t in 0..<T { fitted[t + s * T] = .nan }; for j in 0..<k { coefficients[s + j * N] = .nan } }
        skipped.sort { $0.series < $1.series }

        var z = [Double](repeating: .nan, count: T * N)
        var zScale = [Double](repeating: .nan, count: N)
        let loss = self.loss
        values.withUnsafeBufferPointer { vp in fitted.withUnsafeBufferPointer { fp in
        scale.withUnsafeBufferPointer { sp in z.withUnsafeMutableBufferPointer { zp in
        zScale.withUnsafeMutableBufferPointer { qp in weights.withUnsafeMutableBufferPointer { wp in
            let chunks = min(max(1, N / 2048), workerCount)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let residual = UnsafeMutablePointer<Double>.allocate(capacity: T)   // NaN where missing
                defer { residual.deallocate() }
                for s in (N * chunk / chunks)..<(N * (chunk + 1) / chunks) where !sp[s].isNaN {
                    for t in 0..<T { residual[t] = vp[t + s * T] - fp[t + s * T] }
                    var sigma = sp[s]
                    if loss != .leastSquares && sigma > 0 {
                        sigma = winsorizedScale(residuals: residual, count: T, start: sigma,
                                                degreesOfFreedom: Double(observed[s] + knotCount - k))
                    }
                    if !(sigma > 0) { sigma = 1e-9 * max(1, abs(fp[T / 2 + s * T])) }
                    qp[s] = sigma
                    let irlsScale = sp[s] > 0 ? sp[s] : sigma
                    for t in 0..<T {
                        let r = residual[t]
                        if r.isNaN { continue }
                        zp[t + s * T] = r / sigma
                        wp[t + s * T] = loss.weight(r / irlsScale)
                    }
                }
            }
        } } } } } }
        return SeasonalTrendFit(spec: self, design: design, start: panel.start, periodCount: T, seriesCount: N,
                                values: values, fitted: fitted, weights: weights, scale: scale, zScale: zScale, z: z,
                                coefficients: coefficients, observedCount: observed, iterations: iterations,
                                notConverged: notConverged, skipped: skipped, pairs: pairs)
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
func winsorizedScale(residuals r: UnsafePointer<Double>, count T: Int, start: Double, degreesOfFreedom nu: Double) -> Double {
    let c = 2.5, beta = 0.9775599834528066
    var sigma = start
    for _ in 0..<3 {
        let cap = (c * sigma) * (c * sigma)
        var sum = 0.0
        for t in 0..<T {
            let v = r[t]
            sum += v.isNaN ? 0 : min(v * v, cap)   // branch-free; NaN = a missing month
        }
        sigma = (sum / (max(nu, 1) * beta)).squareRoot()
    }
    return sigma
}

/// Threads for the per-series loops: the machine's cores (BLAS uses them for the GEMMs).
let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// Hessian weight of a point beyond ±cσ in the Huber Newton step (0 in exact Newton): small
/// enough to keep nearly Newton's convergence, large enough that a month whose every
/// observation is outlying leaves the system positive definite.
let newtonFloor = 0.01

/// Iterations that may take Huber Newton steps before a series falls back to IRLS: Newton
/// settles ~90% of series within 5 iterations; the rest are cycling between active sets.
let newtonSteps = 6
