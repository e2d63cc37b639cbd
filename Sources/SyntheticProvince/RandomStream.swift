import Foundation

/// A seeded pseudo-random stream (xoshiro256**, state filled by SplitMix64).
///
/// Every part of the province draws from its own stream, derived from the seed and a few
/// tags (`RandomStream(seed: 7, tags: [county, purpose])`), so counties can be simulated in
/// any order or in parallel and still give the same bytes.
public struct RandomStream: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64, tags: [UInt64] = []) {
        var x = RandomStream.splitMix(seed ^ 0x4A6F_6253_656E_7472)  // "JobSentr"
        for t in tags { x = RandomStream.splitMix(x ^ RandomStream.splitMix(t &+ 0x9E37_79B9_7F4A_7C15)) }
        var z = x
        func step() -> UInt64 { z = z &+ 0x9E37_79B9_7F4A_7C15; return RandomStream.splitMix(z) }
        s0 = step(); s1 = step(); s2 = step(); s3 = step()
    }

    static func splitMix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform on [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform on [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal (Box–Muller; one of the pair is dropped to keep the stream stateless).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Student's t with `degreesOfFreedom` (a whole number ≥ 1): a standard normal over the root
    /// of a chi-square (sum of squared normals) divided by its degrees of freedom. Variance
    /// ν/(ν−2) for ν > 2; with 3 df the tails fall off as |x|⁻⁴, like firm growth rates.
    public mutating func studentT(degreesOfFreedom nu: Int) -> Double {
        let z = normal()
        var chi2 = 0.0
        for _ in 0..<nu { let x = normal(); chi2 += x * x }
        return z / max(chi2 / Double(nu), 1e-300).squareRoot()
    }

    /// Poisson(λ): Knuth's product method below 30, a rounded normal above (error < 1 % there).
    public mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda < 30 {
            let limit = exp(-lambda)
            var k = 0, p = uniform()
            while p > limit { k += 1; p *= uniform() }
            return k
        }
        return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded()))
    }

    /// Binomial(n, p): exact below 40 trials, Poisson when n·p·(1−p) < 9, else a rounded normal.
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        guard n > 0, p > 0 else { return 0 }
        if p >= 1 { return n }
        if n < 40 {
            var k = 0
            for _ in 0..<n where uniform() < p { k += 1 }
            return k
        }
        let mean = Double(n) * p, v = mean * (1 - p)
        if v < 9 { return min(n, poisson(mean)) }
        return min(n, max(0, Int((mean + v.squareRoot() * normal()).rounded())))
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
    public mutating func choose(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
