import Foundation
import LinearAlgebra

/// Parameters of the multivariate regional stress monitor.
public struct RegionalStressSpec: Sendable, Equatable {
    /// Principal components kept: the fewest whose eigenvalues explain this share of the
    /// reference variance (default 0.8, the usual choice in MSPC practice), at most p − 1 so
    /// the residual space that SPE monitors is never empty.
    public let varianceExplained: Double
    /// False-alarm rate α of each control limit per month (default 0.01: with one region
    /// watched monthly, about one false T² or SPE signal per 50 region-years under the model).
    public let falseAlarmRate: Double
    /// How the control limits are set (default: cross-validated over 5 folds).
    public let limits: StressLimits

    /// - Throws: `ModelError.invalidSpecification` naming the parameter out of range.
    public init(varianceExplained: Double = 0.8, falseAlarmRate: Double = 0.01,
                limits: StressLimits = .crossValidated(folds: 5)) throws {
        guard varianceExplained > 0, varianceExplained <= 1 else {
            throw ModelError.invalidSpecification(parameter: "varianceExplained", value: "\(varianceExplained)", expected: "a share in (0, 1]")
        }
        guard falseAlarmRate > 0, falseAlarmRate < 0.5 else {
            throw ModelError.invalidSpecification(parameter: "falseAlarmRate", value: "\(falseAlarmRate)", expected: "a probability in (0, 0.5)")
        }
        if case let .crossValidated(k) = limits, k < 2 {
            throw ModelError.invalidSpecification(parameter: "limits", value: "\(k) folds", expected: "at least 2 folds")
        }
        self.varianceExplained = varianceExplained
        self.falseAlarmRate = falseAlarmRate
        self.limits = limits
    }

    public static let standard = try! RegionalStressSpec()
}

/// How `RegionalStress` sets its control limits.
public enum StressLimits: Sendable, Equatable {
    /// The textbook phase-II limits from the reference window's own eigenvalues (below).
    /// Right when the window is long against the number of series (n ≫ p).
    case theoretical
    /// The reference months cut into `folds` consecutive blocks; each block scored by a PCA
    /// (standardisation, loadings, eigenvalues) fitted without it, with the full window's
    /// number of components; the limits are the 1 − α quantiles of a scaled χ², g·χ²_h,
    /// matched to the mean and variance of these out-of-fold T² and SPE (Box 1954; Nomikos &
    /// MacGregor 1995), χ² quantiles by Wilson & Hilferty (1931). A region watches a hundred
    /// series or more against five to eight years of months (p ≥ n): then the window's own
    /// residual eigenvalues understate how far a new month falls from the fitted subspace
    /// several times over, and the theoretical limits are crossed in nearly every month
    /// after the window (measured on the bundled demo: SPE 2–8× its limit in ordinary months).
    case crossValidated(folds: Int)
}

/// Hotelling T² and SPE (Q) of one region's standardised residuals across its p series,
/// from a PCA fitted on a reference window (MacGregor & Kourti 1995).
///
/// With Z the residuals standardised by their reference mean and standard deviation, the
/// SVD of Z_ref/√(n−1) gives eigenvalues λᵢ = sᵢ² and loadings P (p × a). For month t,
/// scores τ = Pᵀz_t, T² = Σ τᵢ²/λᵢ and SPE = ‖z_t − Pτ‖².
/// Limits at false-alarm rate α: by default cross-validated (`StressLimits`); `.theoretical`
/// gives the phase-II formulas for new observations:
/// - T²: a(n−1)(n+1) / (n(n−a)) · F_{1−α}(a, n−a);
/// - SPE: Jackson & Mudholkar (1979): θⱼ = Σ_{i>a} λᵢʲ, h₀ = 1 − 2θ₁θ₃/(3θ₂²),
///   Q = θ₁[c_α√(2θ₂h₀²)/θ₁ + 1 + θ₂h₀(h₀−1)/θ₁²]^{1/h₀}, c_α = Φ⁻¹(1−α).
/// Contributions of series i at month t: to T², zᵢ·(PΛ⁻¹τ)ᵢ (they sum to T²); to SPE,
/// the squared residual eᵢ² (they sum to SPE).
public struct RegionalStress: Sendable {
    /// Panel series of the region, in the column order of everything per series below.
    public let members: [Int]
    public let reference: Range<Int>
    public let components: Int
    /// All eigenvalues of the reference correlation structure, descending.
    public let eigenvalues: [Double]
    /// p × a loadings.
    public let loadings: Matrix
    public let t2: [Double]
    public let spe: [Double]
    public let t2Limit: Double
    public let speLimit: Double
    /// T × p standardised residuals (for contributions).
    public let standardized: Matrix

    /// Months where T² or SPE exceeds its limit.
    public var outOfLimitMonths: [Int] {
        t2.indices.filter { t2[$0] > t2Limit || spe[$0] > speLimit }
    }

    /// Each member's contribution to T² and to SPE at month t.
    public func contributions(month t: Int) -> (t2: [Double], spe: [Double]) {
        let p = members.count, a = components
        let z = (0..<p).map { standardized[t, $0] }
        var tau = [Double](repeating: 0, count: a)
        for c in 0..<a { for i in 0..<p { tau[c] += loadings[i, c] * z[i] } }
        var ct2 = [Double](repeating: 0, count: p), cspe = ct2
        for i in 0..<p {
            var w = 0.0, proj = 0.0
            for c in 0..<a { w += loadings[i, c] * tau[c] / eigenvalues[c]; proj += loadings[i, c] * tau[c] }
            ct2[i] = z[i] * w
            cspe[i] = (z[i] - proj) * (z[i] - proj)
        }
        return (ct2, cspe)
    }

    /// Fits the monitor to `residuals` (T × p, one column per member; NaN counts as 0,
    /// i.e. the month as expected).
    /// - Throws: `ModelError.invalidArgument` if there are fewer than 2 series or the
    ///   reference window is too short (it needs more months than components + 1);
    ///   `LinearAlgebraError` if the SVD fails.
    public init(residuals: Matrix, members: [Int], reference: Range<Int>, spec: RegionalStressSpec = .standard) throws {
        let T = residuals.rows, p = residuals.cols, n = reference.count
        guard p >= 2 else { throw ModelError.invalidArgument("regional stress needs at least 2 series, got \(p)") }
        guard reference.lowerBound >= 0, reference.upperBound <= T, n >= 4 else {
            throw ModelError.invalidArgument("reference window \(reference) must lie within the \(T) months and hold at least 4")
        }
        var raw = residuals
        for i in raw.storage.indices where raw.storage[i].isNaN { raw.storage[i] = 0 }
        let full = try RegionalStress.principalComponents(raw, training: Array(reference), varianceExplained: spec.varianceExplained)
        let a = full.components, lambda = full.eigenvalues
        let z = full.standardized
        let (t2, spe) = try RegionalStress.statistics(z, months: Array(0..<T), full)
        let alpha = spec.falseAlarmRate
        var t2Limit = 0.0, speLimit = 0.0
        switch spec.limits {
        case .theoretical:
            let nn = Double(n), aa = Double(a)
            t2Limit = aa * (nn - 1) * (nn + 1) / (nn * (nn - aa)) * Distributions.fQuantile(1 - alpha, d1: aa, d2: nn - aa)
            let rest = lambda[a...]
            let th1 = rest.reduce(0, +), th2 = rest.reduce(0) { $0 + $1 * $1 }, th3 = rest.reduce(0) { $0 + $1 * $1 * $1 }
            if th1 > 0 {
                let h0 = 1 - 2 * th1 * th3 / (3 * th2 * th2)
                let c = Distributions.normalQuantile(1 - alpha)
                let base = c * (2 * th2 * h0 * h0).squareRoot() / th1 + 1 + th2 * h0 * (h0 - 1) / (th1 * th1)
                speLimit = th1 * Foundation.pow(base, 1 / h0)
            }
        case let .crossValidated(folds):
            let months = Array(reference)
            var outT2: [Double] = [], outSPE: [Double] = []
            for f in 0..<min(folds, n) {
                let lo = n * f / folds, hi = n * (f + 1) / folds
                let training = Array(months[..<lo] + months[hi...])
                guard training.count >= a + 2, hi > lo else { continue }
                let pca = try RegionalStress.principalComponents(raw, training: training, varianceExplained: spec.varianceExplained,
                                                                 components: a)
                let (ft2, fspe) = try RegionalStress.statistics(pca.standardized, months: Array(months[lo..<hi]), pca)
                outT2 += ft2; outSPE += fspe
            }
            guard outT2.count >= 4 else {
                throw ModelError.invalidArgument("reference window \(reference) is too short to cross-validate \(folds) folds with \(a) components")
            }
            t2Limit = RegionalStress.scaledChiSquareQuantile(outT2, 1 - alpha)
            speLimit = RegionalStress.scaledChiSquareQuantile(outSPE, 1 - alpha)
        }
        self.members = members
        self.reference = reference
        self.components = a
        self.eigenvalues = lambda
        self.loadings = full.loadings
        self.t2 = t2
        self.spe = spe
        self.t2Limit = t2Limit
        self.speLimit = speLimit
        self.standardized = z
    }
}

extension RegionalStress {
    /// A PCA of `raw` (T × p, NaN already 0) fitted on the `training` months: each column
    /// standardised by its training mean and standard deviation (all T months, so other
    /// months can be scored), eigenvalues and loadings of the training correlation
    /// structure, and `components` kept (by default the fewest explaining
    /// `varianceExplained`, at most p − 1 and n − 2).
    struct PCA {
        let standardized: Matrix
        let eigenvalues: [Double]
        let loadings: Matrix
        let components: Int
    }

    static func principalComponents(_ raw: Matrix, training: [Int], varianceExplained: Double,
                                    components fixed: Int? = nil) throws -> PCA {
        let T = raw.rows, p = raw.cols, n = training.count
        var z = raw
        for j in 0..<p {
            var m = 0.0
            for t in training { m += z[t, j] }
            m /= Double(n)
            var v = 0.0
            for t in training { v += (z[t, j] - m) * (z[t, j] - m) }
            var sd = (v / Double(n - 1)).squareRoot()
            if !(sd > 0) { sd = 1 }   // a constant series carries no signal; leave it at 0
            for t in 0..<T { z[t, j] = (z[t, j] - m) / sd }
        }
        var ref = Matrix(rows: n, cols: p)
        let scaleRef = 1 / Double(n - 1).squareRoot()
        for j in 0..<p { for (r, t) in training.enumerated() { ref[r, j] = z[t, j] * scaleRef } }
        let svd = try SingularValueDecomposition(ref)
        var lambda = svd.singularValues.map { $0 * $0 }
        lambda += [Double](repeating: 0, count: p - lambda.count)
        var a = 0
        if let fixed {
            a = min(fixed, p - 1, n - 2)
        } else {
            let total = lambda.reduce(0, +)
            var acc = 0.0
            while a < p - 1 && (a == 0 || acc < varianceExplained * total) { acc += lambda[a]; a += 1 }
            a = min(a, n - 2)
        }
        guard a >= 1, lambda[a - 1] > 0 else {
            throw ModelError.invalidArgument("the reference window has no variation to model")
        }
        var pl = Matrix(rows: p, cols: a)
        for c in 0..<a { for i in 0..<p { pl[i, c] = svd.vt[c, i] } }
        return PCA(standardized: z, eigenvalues: lambda, loadings: pl, components: a)
    }

    /// T² and SPE of the given months under `pca` (their rows of `z`).
    static func statistics(_ z: Matrix, months: [Int], _ pca: PCA) throws -> (t2: [Double], spe: [Double]) {
        let p = z.cols, a = pca.components
        var rows = Matrix(rows: months.count, cols: p)
        for (r, t) in months.enumerated() { for i in 0..<p { rows[r, i] = z[t, i] } }
        let tau = try Matrix.multiply(rows, .none, pca.loadings, .none)            // m × a
        let recon = try Matrix.multiply(tau, .none, pca.loadings, .transpose)      // m × p
        var t2 = [Double](repeating: 0, count: months.count), spe = t2
        for r in months.indices {
            for c in 0..<a { t2[r] += tau[r, c] * tau[r, c] / pca.eigenvalues[c] }
            for i in 0..<p { let e = rows[r, i] - recon[r, i]; spe[r] += e * e }
        }
        return (t2, spe)
    }

    /// The `q` quantile of g·χ²_h with mean and variance those of `values` (g = v/(2m),
    /// h = 2m²/v), the χ² quantile by Wilson–Hilferty: h(1 − 2/(9h) + z_q·√(2/(9h)))³.
    static func scaledChiSquareQuantile(_ values: [Double], _ q: Double) -> Double {
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let v = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        guard m > 0, v > 0 else { return m }
        let g = v / (2 * m), h = 2 * m * m / v
        let w = 1 - 2 / (9 * h) + Distributions.normalQuantile(q) * (2 / (9 * h)).squareRoot()
        return g * h * max(w, 0) * max(w, 0) * max(w, 0)
    }
}

extension SeasonalTrendFit {
    /// The stress monitor of the series `members` (e.g. every signal and sector of one
    /// region), on their robust z-scores. `reference` defaults to all but the last 12 months.
    public func regionalStress(members: [Int], reference: Range<Int>? = nil,
                               spec: RegionalStressSpec = .standard) throws -> RegionalStress {
        let T = periodCount
        let ref = reference ?? 0..<max(T - 12, 0)
        let fitted = members.filter { isFitted($0) }
        var r = Matrix(rows: T, cols: fitted.count)
        for (c, s) in fitted.enumerated() { for t in 0..<T { r[t, c] = z[t + s * T] } }
        return try RegionalStress(residuals: r, members: fitted, reference: ref, spec: spec)
    }
}
