/// The Benjamini–Hochberg (1995) step-up procedure: which of m tests to reject so that the
/// expected share of false rejections among all rejections is at most `rate` (for
/// independent or positively dependent p-values).
enum BenjaminiHochberg {
    /// Rejections for the given p-values, in their order. `tests` is m, the number of tests
    /// run (at least `p.count`): tests left out of `p` had nothing to report and count with
    /// p = 1, so they raise the bar as they should.
    ///
    /// With p₍₁₎ ≤ … ≤ p₍ₘ₎, reject every test with p ≤ p₍ₖ₎, k = max{i : p₍ᵢ₎ ≤ i·rate/m}.
    static func rejections(_ p: [Double], tests m: Int, rate: Double) -> [Bool] {
        precondition(m >= p.count, "m counts every test run")
        guard !p.isEmpty, m > 0 else { return p.map { _ in false } }
        let order = p.indices.sorted { p[$0] < p[$1] }
        var cutoff = -Double.infinity
        for (rank, i) in order.enumerated() where p[i] <= Double(rank + 1) * rate / Double(m) {
            cutoff = p[i]
        }
        return p.map { $0 <= cutoff }
    }
}
