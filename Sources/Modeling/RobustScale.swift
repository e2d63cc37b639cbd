/// Median and median absolute deviation, the robust centre and scale of residuals.
public enum RobustScale {
    /// Consistency constant making 1.4826·MAD estimate σ for Gaussian data (1/Φ⁻¹(3/4)).
    public static let madToSigma = 1.482602218505602

    /// Median of `values` (mean of the two middle values for an even count); reorders `values`.
    /// - Precondition: `values` is not empty and holds no NaN.
    public static func median(_ values: inout [Double]) -> Double {
        median(&values, count: values.count)
    }

    /// Median of the first `n` elements of `values`, reordering them.
    public static func median(_ values: inout [Double], count n: Int) -> Double {
        precondition(n > 0 && n <= values.count, "median of an empty sample")
        return values.withUnsafeMutableBufferPointer { median($0.baseAddress!, count: n) }
    }

    /// (median, MAD) of the non-NaN values; `nil` if there are none.
    ///
    /// Inlinable so that callers in other modules (the enterprise rules call it for every firm
    /// and month) get a copy specialised to their sequence type instead of the generic
    /// `Sequence` witness calls.
    @inlinable
    public static func medianAndMAD(_ values: some Sequence<Double>) -> (median: Double, mad: Double)? {
        var v = values.filter { !$0.isNaN }
        if v.isEmpty { return nil }
        let m = median(&v)
        for i in v.indices { v[i] = abs(v[i] - m) }
        return (m, median(&v))
    }
}

extension RobustScale {
    /// Median of the first `n` elements of `buffer`, reordering them; no allocation, for
    /// the per-series loops of batched fits. - Precondition: n > 0, no NaN.
    @inlinable
    public static func median(_ buffer: UnsafeMutablePointer<Double>, count n: Int) -> Double {
        precondition(n > 0, "median of an empty sample")
        let hi = select(buffer, n, n / 2)
        if n % 2 == 1 { return hi }
        var lo = -Double.infinity
        for i in 0..<(n / 2) where buffer[i] > lo { lo = buffer[i] }
        return (lo + hi) / 2
    }

    /// Median of the first `n` elements of `buffer` when it most likely lies in [`low`, `high`]:
    /// one branch-free pass counts the values below the bracket and gathers those inside it
    /// into `scratch` (capacity n), and only those are searched. Exact whatever the bracket:
    /// when the middle ranks fall outside it, the whole buffer is searched as `median(_:count:)`
    /// does (and reordered). For the per-series scale of an iterative fit, where the previous
    /// iteration's scale brackets this one's median and a quarter of the values fall inside.
    /// - Precondition: n > 0, no NaN.
    @inlinable
    public static func median(_ buffer: UnsafeMutablePointer<Double>, count n: Int, within low: Double, _ high: Double,
                              scratch: UnsafeMutablePointer<Double>) -> Double {
        precondition(n > 0, "median of an empty sample")
        var below = 0, m = 0
        for i in 0..<n {
            let v = buffer[i]
            scratch[m] = v
            // Flags combined with `&`, not `&&`: no branch to mispredict on random data.
            let isBelow = v < low ? 1 : 0, notAbove = v <= high ? 1 : 0
            m &+= (1 &- isBelow) & notAbove
            below &+= isBelow
        }
        let k1 = (n - 1) / 2, k2 = n / 2          // the middle ranks (equal for odd n)
        guard below <= k1, k2 < below + m else { return median(buffer, count: n) }
        let hi = select(scratch, m, k2 - below)
        if k1 == k2 { return hi }
        var lo = -Double.infinity
        for i in 0..<(k2 - below) where scratch[i] > lo { lo = scratch[i] }
        return (lo + hi) / 2
    }

    /// k-th smallest of `a[0..<n]` by Hoare quickselect (median-of-three pivot).
    @inlinable
    static func select(_ a: UnsafeMutablePointer<Double>, _ n: Int, _ k: Int) -> Double {
        var lo = 0, hi = n - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
        }
        return a[k]
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    @inlinable
    func swapAt(_ i: Int, _ j: Int) { let t = self[i]; self[i] = self[j]; self[j] = t }
}
