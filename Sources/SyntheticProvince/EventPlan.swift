import Codes
import Foundation
import GroundTruth

/// An injected event with the generator's handles on it: the host enterprise's global index
/// and the city index, which `truth.csv` spells as codes.
struct PlannedEvent: Sendable {
    let truth: TruthEvent
    let enterprise: Int?
    /// City index (for region events) or the enterprise's city; `nil` for the province.
    let city: Int?

    var type: EventType { truth.type }
    var magnitude: Double { truth.magnitude }
    var start: Period { truth.start }
    var end: Period { truth.end }
    var region: RegionCode { truth.region }
    var sector: String? { truth.sector }

    /// `truth.intensity(at:)` for month index `t` of a range starting at `origin`.
    func intensity(atMonth t: Int, origin: Period) -> Double { truth.intensity(at: origin + t) }
}

/// The injected events of one dataset, drawn from the seed, and the multipliers they put on
/// target employment.
struct EventPlan: Sendable {
    let events: [PlannedEvent]
    /// `regionMultiplier[city][sector * months + t]`: product of `1 − magnitude·intensity`
    /// over region events (sector downturn, province shock, gradual deterioration).
    let regionMultiplier: [[Double]]

    /// Draws events: timing after two clean years (or half of a short range), places
    /// spread over distinct cities, hosts with enough staff to show the effect.
    static func draw(spec: GeneratorSpec, geography: Geography, enterprises: [EnterpriseRecord]) -> EventPlan {
        var rng = RandomStream(seed: spec.seed, tags: [2])
        let T = spec.months
        let earliest = min(24, T / 2)
        let hunanCities = geography.cities.indices.filter {
            geography.provinces[geography.cities[$0].province].code == HunanDivisions.province.code
        }
        var cityPool = hunanCities
        for i in stride(from: cityPool.count - 1, to: 0, by: -1) { cityPool.swapAt(i, rng.int(0...i)) }
        func nextCity() -> Int {
            let c = cityPool.removeFirst()
            cityPool.append(c)  // reuse only after every city had an event
            return c
        }
        var events = [PlannedEvent]()
        var usedEnterprises = Set<Int>()
        func add(_ type: EventType, region: RegionCode, sector: String?, enterprise: Int?, start: Int, end: Int,
                 magnitude: Double, city: Int?) {
            events.append(PlannedEvent(
                truth: TruthEvent(id: "", type: type, region: region, sector: sector,
                                  enterpriseID: enterprise.map { enterprises[$0].id }, start: spec.from + start,
                                  end: spec.from + end, magnitude: (magnitude * 1000).rounded() / 1000),
                enterprise: enterprise, city: city))
        }
        func startMonth(duration: Int) -> Int { rng.int(earliest...max(earliest, T - duration - 3)) }

        for _ in 0..<spec.scale.eventCount(.provinceShock) {
            let d = rng.int(4...7), s = startMonth(duration: d + 6)
            add(.provinceShock, region: geography.provinces[geography.cities[hunanCities[0]].province].code,
                sector: nil, enterprise: nil, start: s, end: s + d - 1, magnitude: rng.uniform(0.05, 0.08), city: nil)
        }
        for _ in 0..<spec.scale.eventCount(.sectorDownturn) {
            let c = nextCity()
            // One of the city's big employers among the cyclical sectors (chosen at random among
            // those employing at least 60 % as many as the largest), so the downturn is felt.
            let candidates = ["C", "B", "H", "E", "F", "K"]
            let staff = candidates.map { letter in
                enterprises.filter { geography.counties[$0.county].city == c && SectorProfile.all[$0.sector].letter == letter }
                    .map(\.baseSize).reduce(0, +)
            }
            let big = candidates.indices.filter { staff[$0] >= 0.6 * staff.max()! }
            let letter = candidates[big[rng.int(0...(big.count - 1))]]
            let d = rng.int(6...10), s = startMonth(duration: d)
            add(.sectorDownturn, region: geography.cities[c].code, sector: letter, enterprise: nil,
                start: s, end: s + d - 1, magnitude: rng.uniform(0.2, 0.3), city: c)
        }
        for _ in 0..<spec.scale.eventCount(.gradualDeterioration) {
            let c = nextCity()
            let d = min(rng.int(15...24), T - earliest - 3), s = startMonth(duration: d)
            add(.gradualDeterioration, region: geography.cities[c].code, sector: nil, enterprise: nil,
                start: s, end: s + d - 1, magnitude: rng.uniform(0.12, 0.18), city: c)
        }
        // A data break that coincides with the province shock would be read against it; keep
        // them at least four months apart (when the range allows).
        let shockStarts = events.filter { $0.type == .provinceShock }.map { $0.start - spec.from }
        for _ in 0..<spec.scale.eventCount(.dataBreak) {
            let c = nextCity()
            var s = startMonth(duration: 6)
            for _ in 0..<20 where shockStarts.contains(where: { abs($0 - s) < 4 }) { s = startMonth(duration: 6) }
            add(.dataBreak, region: geography.cities[c].code, sector: nil, enterprise: nil,
                start: s, end: T - 1, magnitude: rng.uniform(0.15, 0.3), city: c)
        }
        for _ in 0..<spec.scale.eventCount(.migrantOutflowShortfall) {
            let senders = hunanCities.filter { geography.cities[$0].profile.migrantShare >= 0.12 }
            let c = senders[rng.int(0...(senders.count - 1))]
            // A festival whose 40-day departure window lies inside the range, after the clean years.
            let years = (spec.from.year...spec.to.year).filter { y in
                guard let f = SpringFestival.date(in: y) else { return false }
                let p = f.period - spec.from, q = CivilDate(dayNumber: f.dayNumber + 40).period - spec.from
                return p >= earliest && q < T
            }
            guard let y = years.isEmpty ? nil : years[rng.int(0...(years.count - 1))] else { continue }
            let f = SpringFestival.date(in: y)!
            add(.migrantOutflowShortfall, region: geography.cities[c].code, sector: nil, enterprise: nil,
                start: f.period - spec.from, end: CivilDate(dayNumber: f.dayNumber + 40).period - spec.from,
                magnitude: rng.uniform(0.3, 0.45), city: c)
        }
        let stable = enterprises.indices.filter { enterprises[$0].canHostEvents }
        func host(minSize: Double, maxSize: Double, keyOnly: Bool) -> Int? {
            let fits = stable.filter {
                let e = enterprises[$0]
                return !usedEnterprises.contains($0) && e.baseSize >= minSize && e.baseSize <= maxSize && (!keyOnly || e.key)
                    && geography.provinces[geography.cities[geography.counties[e.county].city].province].code == HunanDivisions.province.code
            }
            guard !fits.isEmpty else { return nil }
            let pick = fits[rng.int(0...(fits.count - 1))]
            usedEnterprises.insert(pick)
            return pick
        }
        /// In a small run with no enterprise in range: the largest one still free.
        func largestFree() -> Int? {
            let free = stable.filter {
                !usedEnterprises.contains($0)
                    && geography.provinces[geography.cities[geography.counties[enterprises[$0].county].city].province].code
                    == HunanDivisions.province.code
            }
            guard let pick = free.max(by: { enterprises[$0].baseSize < enterprises[$1].baseSize }) else { return nil }
            usedEnterprises.insert(pick)
            return pick
        }
        for _ in 0..<spec.scale.eventCount(.massLayoff) {
            guard let e = host(minSize: 1000, maxSize: 30_000, keyOnly: true) ?? host(minSize: 150, maxSize: 30_000, keyOnly: false)
                ?? largestFree()
            else { continue }
            let s = startMonth(duration: 1), county = geography.counties[enterprises[e].county]
            add(.massLayoff, region: county.code, sector: SectorProfile.all[enterprises[e].sector].letter, enterprise: e,
                start: s, end: s, magnitude: rng.uniform(0.25, 0.45), city: county.city)
        }
        for _ in 0..<spec.scale.eventCount(.wageArrears) {
            guard let e = host(minSize: 60, maxSize: 3000, keyOnly: false) ?? largestFree() else { continue }
            let d = rng.int(4...8), s = startMonth(duration: d + 1), county = geography.counties[enterprises[e].county]
            add(.wageArrears, region: county.code, sector: SectorProfile.all[enterprises[e].sector].letter, enterprise: e,
                start: s, end: s + d - 1, magnitude: rng.uniform(0.4, 0.7), city: county.city)
        }
        // Ids in time order, so truth.csv reads as a chronology.
        let ordered = events.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        let numbered = ordered.enumerated().map { i, e in
            PlannedEvent(truth: e.truth.renumbered(String(format: "E%02d", i + 1)), enterprise: e.enterprise, city: e.city)
        }
        return EventPlan(events: numbered, regionMultiplier: multipliers(
            numbered, spec: spec, cityProvinces: geography.cities.map { geography.provinces[$0.province].code }))
    }

    static func multipliers(_ events: [PlannedEvent], spec: GeneratorSpec, cityProvinces: [RegionCode]) -> [[Double]] {
        let T = spec.months, S = SectorProfile.all.count, cities = cityProvinces.count
        var table = [[Double]](repeating: [Double](repeating: 1, count: S * T), count: cities)
        for e in events where e.type == .sectorDownturn || e.type == .provinceShock || e.type == .gradualDeterioration {
            for c in 0..<cities where e.city == c || (e.city == nil && cityProvinces[c] == e.region) {
                for s in 0..<S where e.sector == nil || e.sector == SectorProfile.all[s].letter {
                    let scale = e.type == .provinceShock ? SectorProfile.all[s].sensitivity : 1
                    for t in 0..<T {
                        table[c][s * T + t] *= max(0.05, 1 - e.magnitude * scale * e.intensity(atMonth: t, origin: spec.from))
                    }
                }
            }
        }
        return table
    }

    /// The data break (definition change) affecting city `c`, if any: start month index and share.
    func dataBreak(city c: Int, origin: Period) -> (start: Int, share: Double)? {
        guard let e = events.first(where: { $0.type == .dataBreak && $0.city == c }) else { return nil }
        return (e.start - origin, e.magnitude)
    }
}
