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

    /// - Throws: `ModelError.invalidSpecification` naming the parameter out of range.
    public init(varianceExplained: Double = 0.8, falseAlarmRate: Double = 0.01) throws {
        guard varianceExplained > 0, varianceExplained <= 1 else {
            throw ModelError.invalidSpecification(parameter: "varianceExplained", value: "\(varianceExplained)", expected: "a share in (0, 1]")
        }
        guard falseAlarmRate > 0, falseAlarmRate < 0.5 else {
            throw ModelError.invalidSpecification(parameter: "falseAlarmRate", value: "\(falseAlarmRate)", expected: "a probability in (0, 0.5)")
        }
        self.varianceExplained = varianceExplained
        self.falseAlarmRate = falseAlarmRate
    }

    public static let standard = try! RegionalStressSpec()
}

/// Hotelling T² and SPE (Q) of one region's standardised residuals across its p series,
/// from a PCA fitted on a reference window (MacGregor & Kourti 1995).
///
/// With Z the residuals standardised by their reference mean and standard deviation, the
/// SVD of Z_ref/√(n−1) gives eigenvalues λᵢ = sᵢ² and loadings P (p × a). For month t,
/// scores τ = Pᵀz_t, T² = Σ τᵢ²/λᵢ and SPE = ‖z_t − Pτ‖².
/// Limits at false-alarm rate α (new observations, phase II):
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
        var z = residuals
        for i in z.storage.indices where z.storage[i].isNaN { z.storage[i] = 0 }
        for j in 0..<p {
            var m = 0.0
            for t in reference { m += z[t, j] }
            m /= Double(n)
            var v = 0.0
            for t in reference { v += (z[t, j] - m) * (z[t, j] - m) }
            var sd = (v / Double(n - 1)).squareRoot()
            if !(sd > 0) { sd = 1 }   // a constant series carries no signal; leave it at 0
            for t in 0..<T { z[t, j] = (z[t, j] - m) / sd }
        }
        var ref = Matrix(rows: n, cols: p)
        let scaleRef = 1 / Double(n - 1).squareRoot()
        for j in 0..<p { for (r, t) in reference.enumerated() { ref[r, j] = z[t, j] * scaleRef } }
        let svd = try SingularValueDecomposition(ref)
        var lambda = svd.singularValues.map { $0 * $0 }
        lambda += [Double](repeating: 0, count: p - lambda.count)
        let total = lambda.reduce(0, +)
        var a = 0, acc = 0.0
        while a < p - 1 && (a == 0 || acc < spec.varianceExplained * total) { acc += lambda[a]; a += 1 }
        a = min(a, n - 2)
        guard a >= 1, lambda[a - 1] > 0 else {
            throw ModelError.invalidArgument("the reference window has no variation to model")
        }
        var pl = Matrix(rows: p, cols: a)
        for c in 0..<a { for i in 0..<p { pl[i, c] = svd.vt[c, i] } }
        let tau = try Matrix.multiply(z, .none, pl, .none)            // T × a
        let recon = try Matrix.multiply(tau, .none, pl, .transpose)   // T × p
        var t2 = [Double](repeating: 0, count: T), spe = t2
        for t in 0..<T {
            for c in 0..<a { t2[t] += tau[t, c] * tau[t, c] / lambda[c] }
            for i in 0..<p { let e = z[t, i] - recon[t, i]; spe[t] += e * e }
        }
        let alpha = spec.falseAlarmRate
        let nn = Double(n), aa = Double(a)
        let t2Limit = aa * (nn - 1) * (nn + 1) / (nn * (nn - aa)) * Distributions.fQuantile(1 - alpha, d1: aa, d2: nn - aa)
        let rest = lambda[a...]
        let th1 = rest.reduce(0, +), th2 = rest.reduce(0) { $0 + $1 * $1 }, th3 = rest.reduce(0) { $0 + $1 * $1 * $1 }
        var speLimit = 0.0
        if th1 > 0 {
            let h0 = 1 - 2 * th1 * th3 / (3 * th2 * th2)
            let c = Distributions.normalQuantile(1 - alpha)
            let base = c * (2 * th2 * h0 * h0).squareRoot() / th1 + 1 + th2 * h0 * (h0 - 1) / (th1 * th1)
            speLimit = th1 * Foundation.pow(base, 1 / h0)
        }
        self.members = members
        self.reference = reference
        self.components = a
        self.eigenvalues = lambda
        self.loadings = pl
        self.t2 = t2
        self.spe = spe
        self.t2Limit = t2Limit
        self.speLimit = speLimit
        self.standardized = z
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
