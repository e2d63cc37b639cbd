import LinearAlgebra

extension SeasonalTrendFit {
    /// Predictive standard errors of months inside the fitted span, for every series:
    ///
    ///   se_s(t) = σ_s·√(1 + x_tᵀ(XᵀW_sX + Λ)⁻¹x_t),
    ///
    /// the observation interval of least squares (statsmodels' `get_prediction` `se_obs`,
    /// checked in `ModelReferenceTests` on months appended empty), with σ_s the robust z scale and W_s the final IRLS weights. It is the right
    /// yardstick for a month that took no part in the fit (missing, or masked to judge it out
    /// of sample: its weight is 0, so x_t enters only through the parameter uncertainty);
    /// for a month inside the fit it overstates the spread of its residual, which is
    /// σ²(1 − h_t), not σ²(1 + h_t).
    /// - Parameter months: 0-based month offsets within `0..<periodCount`.
    /// - Returns: layout `[j + s·months.count]`; NaN for skipped series.
    public func predictiveStandardErrors(months: [Int]) throws -> [Double] {
        let T = periodCount, N = seriesCount, k = parameterCount, m = months.count
        precondition(months.allSatisfy { (0..<T).contains($0) }, "months must lie inside the fitted span")
        var se = [Double](repeating: .nan, count: m * N)
        guard m > 0, N > 0 else { return se }
        let factors = try normalEquationFactors()
        for (j, t) in months.enumerated() {
            let row = (0..<k).map { design.matrix[t, $0] }
            var v = [Double](repeating: 0, count: k * N)
            for c in 0..<k { for s in 0..<N { v[s + c * N] = row[c] } }
            let q = factors.inverseQuadraticForm(v)
            for s in 0..<N where isFitted(s) { se[j + s * m] = zScale[s] * (1 + q[s]).squareRoot() }
        }
        return se
    }
}

extension SeasonalTrendFit {
    /// For each month set W (a window), the quadratic form
    ///
    ///   q_s(W) = (Σ_{t∈W} x_t)ᵀ(XᵀW_sX + Λ)⁻¹(Σ_{t∈W} x_t),
    ///
    /// for every series. It gives the variance of a window's summed residuals in units of
    /// σ_s²: months that took no part in the fit (weight 0) sum to σ²(n + q), the
    /// extrapolation error being common to them; months inside the fit sum to σ²(n − q) at
    /// unit weights (the hat matrix over the window; with the final IRLS weights below 1 the
    /// true variance is larger, so n − q errs low).
    /// - Parameter windows: month sets, each of 0-based offsets within `0..<periodCount`.
    /// - Returns: layout `[j + s·windows.count]`; NaN for skipped series.
    public func windowQuadraticForms(windows: [[Int]]) throws -> [Double] {
        let T = periodCount, N = seriesCount, k = parameterCount, m = windows.count
        precondition(windows.allSatisfy { $0.allSatisfy { (0..<T).contains($0) } }, "months must lie inside the fitted span")
        var q = [Double](repeating: .nan, count: m * N)
        guard m > 0, N > 0 else { return q }
        let factors = try normalEquationFactors()
        for (j, months) in windows.enumerated() {
            var row = [Double](repeating: 0, count: k)
            for t in months { for c in 0..<k { row[c] += design.matrix[t, c] } }
            var v = [Double](repeating: 0, count: k * N)
            for c in 0..<k { for s in 0..<N { v[s + c * N] = row[c] } }
            let f = factors.inverseQuadraticForm(v)
            for s in 0..<N where isFitted(s) { q[j + s * m] = f[s] }
        }
        return q
    }
}
