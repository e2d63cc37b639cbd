import Codes
import Foundation

/// The statistical survey: published for each prefecture and each province, never for counties.
///
/// The surveyed unemployment rate of a city is
/// `natural + season(month) + 0.35·festival_after(t) + 28·(P_event(t−2) + P_cycle(t−2)) + AR(1) noise`,
/// where `P` are pools of lost jobs as shares of the city's no-shock payroll employment
/// (`P(t) = 0.94·P(t−1) + ΔG(t)`: 6 % of the displaced find work each month; the event pool
/// never goes below 0). `G_event` is the payroll employment that injected job-loss events
/// removed, `G_cycle` what the business cycle removed, both read off the micro-data (a mass
/// layoff counts against the city's real labour force, so it barely moves a city rate, as in life).
/// 28 = 100 · 0.7 (share of the displaced who look for work) · 0.4 (payroll's share of the
/// labour force). A data break removes no jobs, so the rate does not see it.
/// The province rate is the labour-force-weighted mean of its cities. Youth (16–24) rates are
/// province-only, with the July graduation peak; the hard profile publishes them for cities too
/// (`2.3 × natural rate + season + 2.5 × excess + AR(1) noise`), and keys one city-month's
/// surveyed rate ×10.
enum SurveyModel {
    static let header = "period,region_code,group,surveyed_unemployment_rate,youth_unemployment_rate,registered_unemployment_rate,new_urban_jobs,job_vacancies,job_seekers\n"
    /// Months between job loss and the survey registering it.
    static let lag = 2
    static let findingRate = 0.06
    static let passThrough = 28.0
    static let seasonal = [0.1, 0.15, 0.1, 0.0, -0.1, -0.05, 0.15, 0.2, 0.0, -0.1, -0.1, -0.05]
    static let youthSeasonal = [0.0, 0.5, 0.3, -0.5, -0.8, 0.5, 4.5, 3.5, 1.0, -0.5, -1.0, -1.0]

    struct CitySeries {
        var target: [Double], noEvent: [Double], noShock: [Double], hires: [Double], enterpriseLoss: [Double]
    }

    struct Published {
        var rate: [Double], registered: [Double], extra: [Double], labourForce: Double
        var jobs: [Int], vacancies: [Int], seekers: [Int]
    }

    static func city(_ s: CitySeries, profile: CityProfile, context: SimulationContext, rng: inout RandomStream) -> Published {
        let T = context.months
        var poolE = 0.0, poolC = 0.0, prevE = 0.0, prevC = 0.0
        var pools = [Double]()
        for t in 0..<T {
            let base = max(s.noShock[t], 1)
            // Enterprise cuts count against the real labour force (population × 0.55 participation),
            // expressed in payroll-share units like the rest: a key enterprise is a small part of a
            // real city even when it is a large part of a sampled one.
            let realPayroll = profile.population * 1e6 * 0.55 * 0.4
            let gE = (s.noEvent[t] - s.target[t] - s.enterpriseLoss[t]) / base + s.enterpriseLoss[t] / realPayroll
            let gC = (s.noShock[t] - s.noEvent[t]) / base
            poolE = max(0, poolE * (1 - findingRate) + gE - prevE)
            poolC = poolC * (1 - findingRate) + gC - prevC
            prevE = gE; prevC = gC
            pools.append(poolE + poolC)
        }
        let lf = s.noShock.prefix(12).reduce(0, +) / Double(min(12, T)) / 0.4
        var p = Published(rate: [], registered: [], extra: [], labourForce: lf, jobs: [], vacancies: [], seekers: [])
        var noise = 0.0
        for t in 0..<T {
            let period = context.spec.from + t
            let extra = passThrough * (t >= lag ? pools[t - lag] : 0)
            let extraSlow = passThrough * (t >= lag + 2 ? pools[t - lag - 2] : 0)
            let after = SpringFestival.windowShare(of: period, fromDay: 1, toDay: 31)
            noise = 0.6 * noise + 0.07 * rng.normal()
            let rate = profile.naturalRate + seasonal[period.month - 1] + 0.35 * after + extra + noise
            p.rate.append(rate)
            p.extra.append(extra)
            p.registered.append(profile.registeredRate + 0.35 * extraSlow + 0.03 * rng.normal())
            p.jobs.append(Int((s.hires[t] * 0.45 * (1 + 0.05 * rng.normal())).rounded()))
            let seekers = lf * rate / 100 * 0.22 * (1 + 0.03 * rng.normal())
            let ratio = max(0.3, 1.25 - 0.12 * extra + 0.15 * after + 0.03 * rng.normal())
            p.seekers.append(Int(seekers.rounded()))
            p.vacancies.append(Int((seekers * ratio).rounded()))
        }
        return p
    }

    /// All survey rows: per month, each province's cities then the province itself.
    static func rows(cities: [Published], context: SimulationContext, seed: UInt64) -> [UInt8] {
        var out = Array(header.utf8)
        let g = context.geography
        var rng = RandomStream(seed: seed, tags: [8])
        var youthNoise = [Double](repeating: 0, count: g.provinces.count)
        let hz = context.hazards
        var cityYouth = hz.cityYouthRates ? g.cities.map { RandomStream(seed: seed, tags: [11, UInt64($0.code.value)]) } : []
        var cityYouthNoise = [Double](repeating: 0, count: cityYouth.count)
        for t in 0..<context.months {
            let period = context.spec.from + t
            let periodText = period.description
            for (pi, province) in g.provinces.enumerated() {
                let members = g.cities.indices.filter { g.cities[$0].province == pi }
                var lf = 0.0, rate = 0.0, registered = 0.0, extra = 0.0, jobs = 0, vac = 0, seek = 0
                for c in members {
                    let p = cities[c]
                    lf += p.labourForce; rate += p.labourForce * p.rate[t]
                    registered += p.labourForce * p.registered[t]; extra += p.labourForce * p.extra[t]
                    jobs += p.jobs[t]; vac += p.vacancies[t]; seek += p.seekers[t]
                    out.appendText(periodText); out.appendComma()
                    out.appendText(g.cities[c].code.description); out.appendComma(); out.appendComma()
                    // About 1.5 % of city rates and 1 % of vacancy counts are not published in time.
                    let keyed = hz.rateOutliers[c] == t
                    if !rng.bernoulli(0.015) || keyed { out.appendTenths(keyed ? p.rate[t] * Double(HazardPlan.outlierFactor) : p.rate[t]) }
                    out.appendComma()
                    if !cityYouth.isEmpty {
                        cityYouthNoise[c] = 0.5 * cityYouthNoise[c] + 0.35 * cityYouth[c].normal()
                        out.appendTenths(2.3 * g.cities[c].profile.naturalRate + youthSeasonal[period.month - 1]
                            + 2.5 * p.extra[t] + cityYouthNoise[c])
                    }
                    out.appendComma()
                    out.appendTenths(p.registered[t]); out.appendComma()
                    out.appendInt(p.jobs[t]); out.appendComma()
                    if !rng.bernoulli(0.01) { out.appendInt(p.vacancies[t]) }
                    out.appendComma()
                    out.appendInt(p.seekers[t]); out.appendNewline()
                }
                youthNoise[pi] = 0.5 * youthNoise[pi] + 0.25 * rng.normal()
                let youth = 11.5 + youthSeasonal[period.month - 1] + 2.5 * extra / lf + youthNoise[pi]
                out.appendText(periodText); out.appendComma()
                out.appendText(province.code.description); out.appendComma(); out.appendComma()
                out.appendTenths(rate / lf + 0.03 * rng.normal()); out.appendComma()
                out.appendTenths(youth); out.appendComma()
                out.appendTenths(registered / lf); out.appendComma()
                out.appendInt(jobs); out.appendComma()
                out.appendInt(vac); out.appendComma()
                out.appendInt(seek); out.appendNewline()
            }
        }
        return out
    }
}
