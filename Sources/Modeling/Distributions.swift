import Foundation

/// Distribution functions the models need for intervals and control limits, written out
/// so that no statistics library is pulled in. Accuracy is tested against scipy 1.17
/// (`scripts/reference/models/make_reference.py`) to 1e-12 relative or better.
public enum Distributions {
    // MARK: Normal

    /// Φ(x) = ½·erfc(−x/√2).
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation (relative error 1.15e-9)
    /// refined by one Halley step on erfc, which brings it to full double precision.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile needs 0 < p < 1, got \(p)")
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let lowTail = 0.02425
        var x: Double
        if p < lowTail {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - lowTail {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2). In the upper half the error is
        // taken from the complement, 1 − p being exact there while Φ(x) near 1 is not.
        let e = p > 0.5 ? (1 - p) - 0.5 * erfc(x / 2.0.squareRoot()) : normalCDF(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    // MARK: Incomplete beta

    /// The regularised incomplete beta function I_x(a, b), by the continued fraction of
    /// Numerical Recipes (§6.4, modified Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
    /// where the fraction converges faster.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0, d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < eps { break }
        }
        return h
    }

    /// x with I_x(a, b) = p: bisection safeguarding Newton steps (the derivative is the
    /// beta density), to 1e-15 relative in x.
    public static func inverseRegularizedIncompleteBeta(_ p: Double, a: Double, b: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability must lie in [0, 1]")
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        let lnB = lgamma(a) + lgamma(b) - lgamma(a + b)
        var lo = 0.0, hi = 1.0, x = a / (a + b)
        for _ in 0..<200 {
            let f = regularizedIncompleteBeta(x, a: a, b: b) - p
            if f < 0 { lo = x } else { hi = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lnB)
            var next = x - f / density
            if !(next > lo && next < hi) || !next.isFinite { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-15 * max(x, 1e-300) { return next }
            x = next
            if hi - lo <= 1e-16 * hi { return x }
        }
        return x
    }

    // MARK: Student t and F

    /// P(T ≤ t) for Student's t with ν degrees of freedom: I_{ν/(ν+t²)}(ν/2, ½)/2 in the tail.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// Student t quantile, from the inverse incomplete beta.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1 && nu > 0, "t quantile needs 0 < p < 1 and ν > 0")
        if p == 0.5 { return 0 }
        let tail = min(p, 1 - p)
        let x = inverseRegularizedIncompleteBeta(2 * tail, a: nu / 2, b: 0.5)
        let t = (nu * (1 - x) / x).squareRoot()
        return p < 0.5 ? -t : t
    }

    /// P(F ≤ f) for the F distribution with (d1, d2) degrees of freedom: I_{d1f/(d1f+d2)}(d1/2, d2/2).
    public static func fCDF(_ f: Double, d1: Double, d2: Double) -> Double {
        if f <= 0 { return 0 }
        return regularizedIncompleteBeta(d1 * f / (d1 * f + d2), a: d1 / 2, b: d2 / 2)
    }

    /// F quantile: x = I⁻¹_p(d1/2, d2/2), f = d2·x / (d1·(1 − x)).
    public static func fQuantile(_ p: Double, d1: Double, d2: Double) -> Double {
        precondition(p > 0 && p < 1 && d1 > 0 && d2 > 0, "F quantile needs 0 < p < 1 and positive degrees of freedom")
        let x = inverseRegularizedIncompleteBeta(p, a: d1 / 2, b: d2 / 2)
        return d2 * x / (d1 * (1 - x))
    }
}
