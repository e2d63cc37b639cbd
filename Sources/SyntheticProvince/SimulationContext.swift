import Codes
import Foundation

/// Everything the county simulations share, computed once from the spec and the seed.
struct SimulationContext: Sendable {
    let spec: GeneratorSpec
    let geography: Geography
    let plan: EventPlan
    let hazards: HazardPlan
    let months: Int
    /// `logLevel[city][s * months + t]`: log of target employment relative to an enterprise's
    /// base size: sector trend (city-specific) + month-of-year + festival dip + cycle.
    let logLevel: [[Double]]
    /// The same without the business cycle (the no-shock path the survey compares against).
    let logNoCycle: [[Double]]
    /// `exp(festivalDip_s · share_t)`, `s * months + t`: how much a festival month lowers targets.
    let festivalFactor: [Double]
    /// Share of the festival absence window (festival day −7 ... +21) in month t.
    let festivalShare: [Double]
    /// Wage growth and the pre-festival year-end bonus, by month.
    let wageIndex: [Double]
    /// Province business cycle (log deviation of employment for sensitivity 1).
    let cycle: [Double]

    init(spec: GeneratorSpec, geography: Geography, plan: EventPlan, hazards: HazardPlan = .empty) {
        self.spec = spec; self.geography = geography; self.plan = plan; self.hazards = hazards
        let T = spec.months, S = SectorProfile.all.count
        months = T
        festivalShare = (0..<T).map { SpringFestival.windowShare(of: spec.from + $0, fromDay: -7, toDay: 21) }
        var f = [Double](repeating: 1, count: S * T)
        for s in 0..<S { for t in 0..<T { f[s * T + t] = exp(SectorProfile.all[s].festivalDip * festivalShare[t]) } }
        festivalFactor = f
        // Cycle: AR(1) with φ = 0.92 and innovation 0.35 %, a stationary s.d. of about 0.9 %.
        var rng = RandomStream(seed: spec.seed, tags: [4])
        var c = [Double](), x = 0.0
        for _ in 0..<T { x = 0.92 * x + 0.0035 * rng.normal(); c.append(x) }
        cycle = c
        wageIndex = (0..<T).map { t in
            let p = spec.from + t
            let years = Double(t) / 12
            // 7 %/yr nominal wage growth until 2021, 5 % after; bonus = half a month's pay.
            let growth = p.year < 2022 ? 0.07 * years : 0.07 * Double(Period(year: 2022, month: 1) - spec.from) / 12
                + 0.05 * Double(p - Period(year: 2022, month: 1)) / 12
            let bonus = 0.5 * SpringFestival.windowShare(of: p, fromDay: -20, toDay: 0)
            return exp(growth) * (1 + bonus)
        }
        var level = [[Double]](), noCycle = [[Double]]()
        for (ci, city) in geography.cities.enumerated() {
            var r = RandomStream(seed: spec.seed, tags: [3, UInt64(city.code.value)])
            var a = [Double](repeating: 0, count: S * T), b = a
            for (s, p) in SectorProfile.all.enumerated() {
                let localGrowth = p.growth + 0.01 * r.normal()
                var trend = 0.0
                for t in 0..<T {
                    let period = spec.from + t
                    var g = localGrowth
                    if p.letter == "K" && period >= Period(year: SectorProfile.realEstateTurn.year, month: SectorProfile.realEstateTurn.month) {
                        g = SectorProfile.realEstateTurn.growthAfter + 0.01 * Double(ci % 3 - 1)
                    }
                    if t > 0 { trend += g / 12 }
                    let base = trend + p.seasonal[period.month - 1] - p.festivalDip * festivalShare[t]
                        + (p.letter == "H" || p.letter == "R" ? city.profile.tourism * p.seasonal[period.month - 1] : 0)
                    b[s * T + t] = base
                    a[s * T + t] = base + p.sensitivity * c[t]
                }
            }
            level.append(a); noCycle.append(b)
        }
        logLevel = level
        logNoCycle = noCycle
    }
}
