import Modeling

/// A window's residuals in their own standard error, in sample and out of sample alike, so
/// that an area rule's null (its measure at earlier, in-sample months) and its judged
/// measure (the latest months, held out of the fit) are drawn from the same distribution
/// when nothing happened.
///
/// Without it they are not. A fitted month's residual has variance σ²(1 − h_t) (h_t its
/// leverage) and the residuals of a window are tied by the fit, Σ over a window of n months
/// having variance σ²(n − q_W); a held-out month's residual carries the extrapolation error
/// as well, σ²(n + q_W) summed over the window, since that error is common to its months
/// (q_W = x_Wᵀ(XᵀWX + Λ)⁻¹x_W, x_W the window's summed design rows;
/// `SeasonalTrendFit.windowQuadraticForms`). On a short history (the trend, 11 month-of-year
/// and the Spring Festival terms on 24–36 months) q_W is a large share of n: the in-sample
/// residuals of a small cell are shrunk towards 0 while its held-out months are not, and a
/// null of in-sample measures passes ordinary noise in the latest months as a contraction.
/// Divided by √(n ∓ q_W), both are unit-variance sums, whatever the history's length; a
/// window the fit leaves less than `minimumFreeShare` of its variance (fitted nearly
/// exactly) says nothing about the noise and is left out of the null.
struct WindowLeverage {
    /// The share of a window's variance the fit must leave for the window to join the null.
    static let minimumFreeShare = 0.05

    private let forms: [Double]
    private let index: [[Int]: Int]
    private let windowCount: Int
    private let heldOutFrom: Int

    /// The quadratic forms of `windows` (month sets) and of their held-out parts, for every
    /// series of `model`; nil when the model has no fit or its normal equations cannot be
    /// factored again.
    init?(model: SeriesModel, windows: [[Int]]) {
        guard let fit = model.fit else { return nil }
        let from = model.panel.periodCount - model.holdout
        var sets: [[Int]] = [], index: [[Int]: Int] = [:]
        func add(_ w: [Int]) { if !w.isEmpty, index[w] == nil { index[w] = sets.count; sets.append(w) } }
        for w in windows { add(w); add(w.filter { $0 >= from }) }
        guard let q = try? fit.windowQuadraticForms(windows: sets) else { return nil }
        forms = q; self.index = index; windowCount = sets.count; heldOutFrom = from
    }

    /// A window's places in the table of quadratic forms, looked up once: the area rules
    /// judge the same null windows for every series, and hashing a month set and filtering
    /// its held-out months anew for each series was most of `variance`'s time.
    struct Prepared {
        let months: [Int]
        /// The window's form.
        let whole: Int
        /// Its held-out part's form; −1 when no month is held out, −2 when that part has no form.
        let heldOut: Int
    }

    /// `months` prepared for `variance`; nil when the window was not among those given to `init`.
    func prepared(_ months: [Int]) -> Prepared? {
        guard let j = index[months] else { return nil }
        let out = months.filter { $0 >= heldOutFrom }
        return Prepared(months: months, whole: j, heldOut: out.isEmpty ? -1 : index[out] ?? -2)
    }

    /// The variance of the summed residuals of `months` of model series `m`, in units of σ²:
    /// n + 2·q(held-out months) − q(all months) (n − q in sample, n + q held out; the
    /// cross term of a mixed window is (q(W) − q(in) − q(out))/2, with a minus sign);
    /// nil when the fit leaves less than `minimumFreeShare` of n.
    func variance(_ months: [Int], _ m: Int) -> Double? {
        prepared(months).flatMap { variance($0, m) }
    }

    /// `variance` of a prepared window.
    func variance(_ w: Prepared, _ m: Int) -> Double? {
        let qOut = w.heldOut == -1 ? 0 : w.heldOut == -2 ? .nan : forms[w.heldOut + m * windowCount]
        let n = Double(w.months.count)
        let v = n + 2 * qOut - forms[w.whole + m * windowCount]
        guard !v.isNaN, v >= WindowLeverage.minimumFreeShare * n else { return nil }
        return v
    }

    /// Σ_{t∈months} (y_t − ŷ_t)/σ_t over √variance: a unit-variance measure of the window
    /// (σ_t the residual scale without the extrapolation's uncertainty,
    /// `SeriesModel.residualScale`); nil as `variance` is or when a month is missing.
    func standardized(_ months: [Int], _ m: Int, _ model: SeriesModel) -> Double? {
        prepared(months).flatMap { standardized($0, m, model) }
    }

    /// `standardized` of a prepared window.
    func standardized(_ w: Prepared, _ m: Int, _ model: SeriesModel) -> Double? {
        guard let v = variance(w, m) else { return nil }
        var sum = 0.0
        for t in w.months {
            let y = model.panel[t, m]
            guard !y.isNaN else { return nil }
            sum += (y - model.expected(t, m)) / model.residualScale(t, m)
        }
        return sum / v.squareRoot()
    }
}
