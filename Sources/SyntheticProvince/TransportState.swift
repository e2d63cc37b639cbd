import Codes
import Foundation
import GroundTruth

/// Daily rail and mobile-signalling flows of one county.
///
/// Hunan sends migrants out: they come home in the 25 days before the Spring Festival
/// (peak day −4) and leave in the 40 days after it (peak day +6). Mobile population obeys
/// `population(d) = population(d−1) + inflow(d) − outflow(d)` exactly on every published day.
/// Rail counts are a share of the same trips (45 % of migrant trips, 12 % of everyday ones).
struct TransportState: Sendable {
    let residents: Double
    let migrants: Double
    let tourism: Double
    let hasRail: Bool
    var rng: RandomStream
    var population: Double
    var migrantsHome: Double = 0
    var visitorsYesterday: Double = 0
    /// Migrants who stayed after a shortfall, leaving slowly over the following months.
    var lateLeavers: Double = 0
    var started = false

    /// Mobile-signalling data start on this day (operators' feeds began in 2018).
    static let mobileStart = CivilDate(year: 2018, month: 1, day: 1)!.dayNumber
    /// Probability a day's rail or mobile figures are missing.
    static let missingDay = 0.003
    /// Everyday trips out of the county per resident per day.
    static let tripRate = 0.003
    static let returnKernel = kernel(from: -25, peak: -4, to: -1)
    static let leaveKernel = kernel(from: 1, peak: 6, to: 40)
    /// Day-of-week factors, Monday first.
    static let weekday = [1.0, 0.92, 0.92, 0.95, 1.15, 0.98, 1.12]
    /// Visitors per resident per day, by month (Golden Week handled separately).
    static let tourismSeason = [0.4, 0.6, 0.6, 0.9, 1.1, 1.0, 1.6, 1.7, 0.9, 1.4, 0.6, 0.4]

    /// A day whose rail departures are keyed ×10 (hard profile).
    var railOutlierDay: Int?

    init(county: Geography.County, profile: CityProfile, seed: UInt64) {
        residents = county.population * (1 - profile.migrantShare)
        migrants = county.population * profile.migrantShare
        tourism = profile.tourism
        hasRail = county.hasRail
        rng = RandomStream(seed: seed, tags: [UInt64(county.code.value), 6])
        population = residents.rounded()
    }

    /// Migrants at home on day `dn` had every festival played out normally (for the first day).
    func migrantsHome(onDay dn: Int, year: Int) -> Double {
        var home = 0.0
        for y in (year - 1)...(year + 1) {
            guard let f = SpringFestival.date(in: y)?.dayNumber else { continue }
            for (d, w) in TransportState.returnKernel.days where f + d < dn { home += migrants * w }
            for (d, w) in TransportState.leaveKernel.days where f + d < dn { home -= migrants * w }
        }
        return home
    }

    /// Triangular weights on whole days `from...to` peaking at `peak`, summing to 1.
    /// (An array, not a dictionary: summation order must not depend on hashing for the bytes to be stable.)
    struct Kernel: Sendable {
        let from: Int
        let weights: [Double]
        subscript(day: Int) -> Double? {
            let i = day - from
            return i >= 0 && i < weights.count ? weights[i] : nil
        }
        var days: [(Int, Double)] { weights.enumerated().map { (from + $0.offset, $0.element) } }
    }

    static func kernel(from: Int, peak: Int, to: Int) -> Kernel {
        let w = (from...to).map { (d: Int) -> Double in
            if d <= peak { return Double(d - from + 1) / Double(peak - from + 1) }
            return Double(to - d + 1) / Double(to - peak + 1)
        }
        let s = w.reduce(0, +)
        return Kernel(from: from, weights: w.map { $0 / s })
    }

    mutating func appendMonth(_ period: Period, context: SimulationContext, codeBytes: [UInt8], to out: inout [UInt8]) {
        let cityCode = codeBytes.regionParent
        let city = context.geography.cities.firstIndex { $0.code == cityCode }
        let shortfall = context.plan.events.first { e in
            e.type == .migrantOutflowShortfall && e.city == city && e.start.year == period.year
        }
        for day in 1...period.dayCount {
            let date = CivilDate(year: period.year, month: period.month, day: day)!
            let dn = date.dayNumber
            if !started {
                started = true
                migrantsHome = migrantsHome(onDay: dn, year: period.year)
                population = (residents + migrantsHome).rounded()
            }
            var returning = 0.0, leaving = 0.0
            for y in (period.year - 1)...(period.year + 1) {
                guard let f = SpringFestival.date(in: y)?.dayNumber else { continue }
                let rel = dn - f
                returning += migrants * (TransportState.returnKernel[rel] ?? 0)
                if let w = TransportState.leaveKernel[rel] {
                    var m = 1.0
                    if let s = shortfall, s.start.year == y { m = 1 - s.magnitude; lateLeavers += 0.5 * migrants * w * s.magnitude }
                    leaving += migrants * w * m
                }
            }
            // Stayers who give up and leave later drain at 1 % a day.
            let late = lateLeavers * 0.01
            lateLeavers -= late
            leaving += late
            let dow = TransportState.weekday[((dn % 7) + 7 + 3) % 7]  // 1970-01-01 was a Thursday
            let base = residents * TransportState.tripRate * dow
            var visitors = residents * 0.002 * tourism * TransportState.tourismSeason[period.month - 1]
            if period.month == 10 && day <= 7 { visitors *= 2.5 }
            visitors *= 1 + 0.08 * rng.normal()
            let outflowBase = base * (1 + 0.04 * rng.normal())
            // Everyday inflow pulls the population back to residents + migrants at home.
            let home = residents + migrantsHome
            let inflowBase = base * (1 + 0.04 * rng.normal()) + 0.1 * (home - population)
            let outflow = max(0, (outflowBase + leaving + visitorsYesterday).rounded())
            let inflow = max(0, (inflowBase + returning + visitors).rounded())
            migrantsHome += returning - leaving
            population += inflow - outflow
            visitorsYesterday = visitors

            out.appendText(date.description); out.appendComma()
            out.append(contentsOf: codeBytes); out.appendComma()
            let railOutlier = railOutlierDay == dn
            if hasRail && (!rng.bernoulli(TransportState.missingDay) || railOutlier) {
                var rd = (0.12 * outflowBase + 0.45 * leaving + 0.2 * visitorsYesterday) * (1 + 0.03 * rng.normal())
                if railOutlier { rd *= Double(HazardPlan.outlierFactor) }
                let ra = (0.12 * (inflowBase - 0.1 * (home - population)) + 0.45 * returning + 0.2 * visitors) * (1 + 0.03 * rng.normal())
                out.appendInt(max(0, Int(rd.rounded()))); out.appendComma()
                out.appendInt(max(0, Int(ra.rounded()))); out.appendComma()
            } else {
                out.appendComma(); out.appendComma()
            }
            if dn >= TransportState.mobileStart && !rng.bernoulli(TransportState.missingDay) {
                out.appendInt(Int(population)); out.appendComma()
                out.appendInt(Int(inflow)); out.appendComma()
                out.appendInt(Int(outflow))
            } else {
                out.appendComma(); out.appendComma()
            }
            out.appendNewline()
        }
    }
}

private extension Array where Element == UInt8 {
    /// The prefecture code of a county code given as ASCII digits.
    var regionParent: RegionCode { RegionCode(String(decoding: self, as: UTF8.self))!.parent! }
}
