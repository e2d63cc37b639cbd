/// The per-series passes of the batched robust fit, four months at a time (`SIMD4`), with
/// independent accumulators: written as scalar loops each month waited on the previous
/// month's sum, maximum or hash, and the passes cost as much as the GEMMs and solves.
///
/// Series with missing months take the scalar forms (`refitScalar`, `newtonScalar`), which
/// skip NaNs; both forms give the same pattern words, so a series' convergence test does
/// not depend on which one ran.
enum SeriesPasses {
    typealias V = SIMD4<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ t: Int) -> V { UnsafeRawPointer(p + t).loadUnaligned(as: V.self) }

    @inline(__always)
    static func store(_ x: V, _ p: UnsafeMutablePointer<Double>, _ t: Int) {
        UnsafeMutableRawPointer(p + t).storeBytes(of: x, as: V.self)
    }

    @inline(__always)
    static func magnitude(_ x: V) -> V { x.replacing(with: -x, where: x .< 0) }

    /// Words of a pattern bit set over T months: one bit per month.
    static func words(months T: Int) -> Int { (T + 63) / 64 }

    /// Replaces the fit of a complete series: returns max_t |new − fitted|, Σ r² and sets
    /// fitted ← new, signed ← y − new, absolute ← |y − new|.
    @inline(__always)
    static func refit(y: UnsafePointer<Double>, new: UnsafePointer<Double>, fitted: UnsafeMutablePointer<Double>,
                      signed: UnsafeMutablePointer<Double>, absolute: UnsafeMutablePointer<Double>,
                      months T: Int) -> (change: Double, rss: Double) {
        var change4 = V(repeating: 0), rss4 = V(repeating: 0)
        var t = 0
        while t + 4 <= T {
            let f = load(new, t), r = load(y, t) - f
            let d = magnitude(f - load(fitted, t))
            change4 = change4.replacing(with: d, where: d .> change4)
            store(f, fitted, t)
            store(r, signed, t)
            store(magnitude(r), absolute, t)
            rss4 += r * r
            t += 4
        }
        var change = change4.max(), rss = rss4.sum()
        while t < T {
            let f = new[t], r = y[t] - f
            change = max(change, abs(f - fitted[t]))
            fitted[t] = f; signed[t] = r; absolute[t] = abs(r); rss += r * r
            t += 1
        }
        return (change, rss)
    }

    /// `refit` for a series with missing months: |r| of the observed months compacted into
    /// `absolute`, `signed` NaN where missing; also returns the number observed.
    static func refitScalar(y: UnsafePointer<Double>, new: UnsafePointer<Double>, fitted: UnsafeMutablePointer<Double>,
                            signed: UnsafeMutablePointer<Double>, absolute: UnsafeMutablePointer<Double>,
                            months T: Int) -> (change: Double, rss: Double, observed: Int) {
        var change = 0.0, n = 0, rss = 0.0
        for t in 0..<T {
            let f = new[t]
            change = max(change, abs(f - fitted[t]))
            fitted[t] = f
            let r = y[t] - f
            signed[t] = r
            if !r.isNaN { absolute[n] = abs(r); rss += r * r; n += 1 }
        }
        return (change, rss, n)
    }

    /// Huber Newton weights and pseudo-data of a complete series (see the fit for the
    /// step): inside ±`bound` weight 1 and y, outside `floor` and floor·ŷ ± bound. Writes
    /// the months beyond ±bound into `outside` and those above +bound into `above` (bit t of
    /// word t/64), for the convergence test.
    @inline(__always)
    static func newton(y: UnsafePointer<Double>, fitted: UnsafePointer<Double>, signed: UnsafePointer<Double>,
                       bound: Double, floor: Double, weights: UnsafeMutablePointer<Double>,
                       pseudo: UnsafeMutablePointer<Double>, outside: UnsafeMutablePointer<UInt64>,
                       above: UnsafeMutablePointer<UInt64>, months T: Int) {
        let one = V(repeating: 1), floor4 = V(repeating: floor), plus = V(repeating: bound), minus = -plus
        let bit = SIMD4<Int64>(1, 2, 4, 8), none = SIMD4<Int64>(repeating: 0)
        for w in 0..<words(months: T) { outside[w] = 0; above[w] = 0 }
        var t = 0
        while t + 4 <= T {
            let r = load(signed, t)
            let inside = magnitude(r) .<= plus, up = r .> 0
            store(floor4.replacing(with: one, where: inside), weights, t)
            let clipped = floor4 * load(fitted, t) + minus.replacing(with: plus, where: up)
            store(clipped.replacing(with: load(y, t), where: inside), pseudo, t)
            let out = .!inside
            outside[t >> 6] |= UInt64(truncatingIfNeeded: none.replacing(with: bit, where: out).wrappedSum()) << (t & 63)
            above[t >> 6] |= UInt64(truncatingIfNeeded: none.replacing(with: bit, where: out .& up).wrappedSum()) << (t & 63)
            t += 4
        }
        while t < T {
            newtonMonth(t, y: y, fitted: fitted, signed: signed, bound: bound, floor: floor, weights: weights,
                        pseudo: pseudo, outside: outside, above: above)
            t += 1
        }
    }

    /// `newton` for a series with missing months (they keep weight and pseudo-data 0).
    static func newtonScalar(y: UnsafePointer<Double>, fitted: UnsafePointer<Double>, signed: UnsafePointer<Double>,
                             bound: Double, floor: Double, weights: UnsafeMutablePointer<Double>,
                             pseudo: UnsafeMutablePointer<Double>, outside: UnsafeMutablePointer<UInt64>,
                             above: UnsafeMutablePointer<UInt64>, months T: Int) {
        for w in 0..<words(months: T) { outside[w] = 0; above[w] = 0 }
        for t in 0..<T where !signed[t].isNaN {
            newtonMonth(t, y: y, fitted: fitted, signed: signed, bound: bound, floor: floor, weights: weights,
                        pseudo: pseudo, outside: outside, above: above)
        }
    }

    @inline(__always)
    static func newtonMonth(_ t: Int, y: UnsafePointer<Double>, fitted: UnsafePointer<Double>, signed: UnsafePointer<Double>,
                            bound: Double, floor: Double, weights: UnsafeMutablePointer<Double>,
                            pseudo: UnsafeMutablePointer<Double>, outside: UnsafeMutablePointer<UInt64>,
                            above: UnsafeMutablePointer<UInt64>) {
        let r = signed[t]
        let inside = abs(r) <= bound
        weights[t] = inside ? 1 : floor
        pseudo[t] = inside ? y[t] : floor * fitted[t] + (r > 0 ? bound : -bound)
        outside[t >> 6] |= (inside ? 0 : 1) << UInt64(t & 63)
        above[t >> 6] |= (!inside && r > 0 ? 1 : 0) << UInt64(t & 63)
    }

    /// Huber's proposal-2 scale of a complete series' residuals (see `winsorizedScale`).
    @inline(__always)
    static func winsorizedScale(residuals r: UnsafePointer<Double>, months T: Int, start: Double,
                                degreesOfFreedom nu: Double) -> Double {
        let c = 2.5, beta = 0.9775599834528066
        var sigma = start
        for _ in 0..<3 {
            let cap = (c * sigma) * (c * sigma)
            let cap4 = V(repeating: cap)
            var sum4 = V(repeating: 0), t = 0
            while t + 4 <= T { let x2 = load(r, t) * load(r, t); sum4 += x2.replacing(with: cap4, where: x2 .> cap4); t += 4 }
            var sum = sum4.sum()
            while t < T { sum += min(r[t] * r[t], cap); t += 1 }
            sigma = (sum / (max(nu, 1) * beta)).squareRoot()
        }
        return sigma
    }

    /// z-scores r/σ and Huber weights at `irlsScale` of a complete series' residuals.
    @inline(__always)
    static func huberScores(residuals r: UnsafePointer<Double>, sigma: Double, irlsScale: Double, tuning c: Double,
                            z: UnsafeMutablePointer<Double>, weights: UnsafeMutablePointer<Double>, months T: Int) {
        let s4 = V(repeating: sigma), i4 = V(repeating: irlsScale), c4 = V(repeating: c), one = V(repeating: 1)
        var t = 0
        while t + 4 <= T {
            let x = load(r, t)
            store(x / s4, z, t)
            let u = magnitude(x / i4)
            store((c4 / u).replacing(with: one, where: u .<= c4), weights, t)
            t += 4
        }
        while t < T {
            z[t] = r[t] / sigma
            weights[t] = RobustLoss.huber(tuning: c).weight(r[t] / irlsScale)
            t += 1
        }
    }
}
