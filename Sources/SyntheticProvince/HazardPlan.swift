import Codes
import Foundation
import GroundTruth

/// The hazards of the hard profile: what a careless rule reads as job loss and must not.
/// Each is a `none` row of `truth.csv` with its cause; the standard profile has none.
///
/// Drawn from their own random stream after the events, so the events of a seed are the same
/// in both profiles, and never on an event's host enterprise or in a data-break event's city.
struct HazardPlan: Sendable {
    /// Which field of one enterprise's row a keying error multiplies.
    enum FirmField: Sendable {
        case headcount, wages, insured
    }

    struct FirmOutlier: Sendable {
        let month: Int
        let field: FirmField
        let factor: Int
    }

    /// The quiet cases, numbered `N01…` in time order.
    let quiet: [TruthEvent]
    /// Global enterprise index -> the month and field of its one-month keying error.
    let firmOutliers: [Int: FirmOutlier]
    /// Global enterprise index -> log multipliers of its target from the two expansion months on.
    let expansions: [Int: (first: Int, second: Int)]
    /// County index -> log half-amplitude of its hospitality sector's yearly swing (peak in August).
    let seasonalSwing: [Int: Double]
    /// County index -> (start month, share of insured dropped from the count).
    let breaks: [Int: (start: Int, share: Double)]
    /// County index -> month whose new claims are keyed ×10.
    let claimsOutliers: [Int: Int]
    /// County index -> day number whose rail departures are keyed ×10.
    let railOutliers: [Int: Int]
    /// City index -> month whose published surveyed rate is keyed ×10.
    let rateOutliers: [Int: Int]
    /// Whether cities publish youth unemployment rates (with the graduation season).
    let cityYouthRates: Bool
    /// Large-firm closures, real job loss (events `C01…`, type `enterprise_closure`): global
    /// enterprise index -> the month its payroll stops and its insured count falls to 0.
    let closures: [Int: Int]
    /// The closures as `truth.csv` rows.
    let closureEvents: [TruthEvent]
    /// Large-firm payroll non-response (quiet, cause `nonresponse`): global enterprise index ->
    /// the months (first ... last) its payroll rows are missing while its insurance rows continue.
    let payrollGaps: [Int: ClosedRange<Int>]

    static let empty = HazardPlan(quiet: [], firmOutliers: [:], expansions: [:], seasonalSwing: [:], breaks: [:],
                                  claimsOutliers: [:], railOutliers: [:], rateOutliers: [:], cityYouthRates: false,
                                  closures: [:], closureEvents: [], payrollGaps: [:])

    /// The expansion decoy's two steps: +15 %, then +32 % on top, for good.
    static let expansionSteps = (log(1.15), log(1.15 * 1.32))
    /// The keying errors' factors.
    static let outlierFactor = 10, wageOutlierFactor = 100
    /// A county break keeps this share of the insured count (×0.85).
    static let breakKeeps = 0.85
    /// The youth rate's rise in July over its yearly mean, in points (see `SurveyModel.youthSeasonal`).
    static let graduationPeak = 4.5
    /// The truth type of a large firm's closure: job loss at one enterprise, all its staff, in
    /// one month (scored like any documented event type the scorer does not know by name:
    /// job loss that peaks when it starts).
    static let closureType = EventType(rawValue: "enterprise_closure")

    /// Log multiplier of enterprise `e`'s target in month `t` from the decoys it hosts.
    func decoyLog(enterprise e: Int, county c: Int, sectorLetter: String, month t: Int, period: Period) -> Double {
        var x = 0.0
        if let a = seasonalSwing[c], sectorLetter == "H" { x += a * cos(2 * Double.pi * Double(period.month - 8) / 12) }
        if let s = expansions[e] {
            if t >= s.second { x += HazardPlan.expansionSteps.1 } else if t >= s.first { x += HazardPlan.expansionSteps.0 }
        }
        return x
    }

    static func draw(spec: GeneratorSpec, geography g: Geography, enterprises: [EnterpriseRecord], events: [PlannedEvent]) -> HazardPlan {
        guard spec.isHard else { return .empty }
        var rng = RandomStream(seed: spec.seed, tags: [10])
        let T = spec.months, earliest = min(24, T / 2)
        let perKind = spec.scale == .demo ? 1 : 2
        let hunan = HunanDivisions.province.code
        func inHunan(county c: Int) -> Bool { g.provinces[g.cities[g.counties[c].city].province].code == hunan }
        let hunanCounties = g.counties.indices.filter(inHunan)
        let hunanCities = g.cities.indices.filter { g.provinces[g.cities[$0].province].code == hunan }
        let breakCities = Set(events.filter { $0.type == .dataBreak }.compactMap(\.city))
        var used = Set(events.compactMap(\.enterprise))
        var quiet = [TruthEvent]()
        func month() -> Int { rng.int(earliest...max(earliest, T - 4)) }
        func pick<C: Collection>(_ c: C) -> C.Element? where C.Index == Int {
            c.isEmpty ? nil : c[c.startIndex + rng.int(0...(c.count - 1))]
        }
        func add(_ cause: QuietCause, _ signal: String, region: RegionCode, sector: String?, enterprise: Int?,
                 start: Int, end: Int, magnitude: Double) {
            quiet.append(TruthEvent(id: "", type: .quiet, region: region, sector: sector,
                                    enterpriseID: enterprise.map { enterprises[$0].id }, start: spec.from + start,
                                    end: spec.from + end, magnitude: (magnitude * 1000).rounded() / 1000, cause: cause,
                                    signal: signal))
        }
        let stable = enterprises.indices.filter {
            enterprises[$0].birth == 0 && enterprises[$0].death == Int.max && inHunan(county: enterprises[$0].county)
        }
        func host(_ sizes: ClosedRange<Double>) -> Int? {
            let fits = stable.filter { !used.contains($0) && sizes.contains(enterprises[$0].baseSize) }
            guard let e = pick(fits) ?? stable.filter({ !used.contains($0) }).max(by: {
                enterprises[$0].baseSize < enterprises[$1].baseSize
            }) else { return nil }
            used.insert(e)
            return e
        }

        var firmOutliers = [Int: FirmOutlier]()
        let firmKinds: [(FirmField, String, Int)] = [(.headcount, "headcount", outlierFactor), (.wages, "wages_cny", wageOutlierFactor),
                                                     (.insured, "insured", outlierFactor)]
        for (field, signal, factor) in firmKinds {
            for _ in 0..<perKind {
                guard let e = host(30...3000) else { continue }
                let m = month(), r = enterprises[e]
                firmOutliers[e] = FirmOutlier(month: m, field: field, factor: factor)
                add(.outlier, signal, region: g.counties[r.county].code, sector: SectorProfile.all[r.sector].letter,
                    enterprise: e, start: m, end: m, magnitude: Double(factor))
            }
        }
        var claimsOutliers = [Int: Int](), railOutliers = [Int: Int](), rateOutliers = [Int: Int]()
        for _ in 0..<perKind {
            if let c = pick(hunanCounties.filter { claimsOutliers[$0] == nil }) {
                let m = month()
                claimsOutliers[c] = m
                add(.outlier, "new_claims", region: g.counties[c].code, sector: nil, enterprise: nil, start: m, end: m,
                    magnitude: Double(outlierFactor))
            }
            if let c = pick(hunanCounties.filter { g.counties[$0].hasRail && railOutliers[$0] == nil }) {
                let m = month(), p = spec.from + m
                railOutliers[c] = CivilDate(year: p.year, month: p.month, day: rng.int(1...p.dayCount))!.dayNumber
                add(.outlier, "rail_departures", region: g.counties[c].code, sector: nil, enterprise: nil, start: m, end: m,
                    magnitude: Double(outlierFactor))
            }
            if let c = pick(hunanCities.filter { rateOutliers[$0] == nil }) {
                let m = month()
                rateOutliers[c] = m
                add(.outlier, "surveyed_unemployment_rate", region: g.cities[c].code, sector: nil, enterprise: nil,
                    start: m, end: m, magnitude: Double(outlierFactor))
            }
        }
        // Decoys: in the most touristic cities' counties, the one(s) whose hospitality firms
        // present throughout employ the most (births and closures would blur the swing).
        var seasonalSwing = [Int: Double]()
        let hospitality = { (c: Int) in
            stable.filter { enterprises[$0].county == c && SectorProfile.all[enterprises[$0].sector].letter == "H" }
                .map { enterprises[$0].baseSize }.reduce(0, +)
        }
        let tourist = hunanCounties.filter { g.cities[g.counties[$0].city].profile.tourism >= 0.8 }
            .map { ($0, hospitality($0)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map(\.0)
        for _ in 0..<perKind {
            guard let c = tourist.first(where: { seasonalSwing[$0] == nil }) else { break }
            let ratio = (rng.uniform(3, 4) * 1000).rounded() / 1000
            seasonalSwing[c] = log(ratio) / 2
            add(.decoySeasonal, "headcount", region: g.counties[c].code, sector: "H", enterprise: nil, start: 0, end: T - 1,
                magnitude: ratio)
        }
        var expansions = [Int: (first: Int, second: Int)]()
        for _ in 0..<perKind {
            guard let e = host(1000...25_000) else { continue }
            let first = rng.int(earliest...max(earliest, T - 10)), second = min(T - 1, first + rng.int(2...4))
            expansions[e] = (first, second)
            let r = enterprises[e]
            add(.decoyExpansion, "headcount", region: g.counties[r.county].code, sector: SectorProfile.all[r.sector].letter,
                enterprise: e, start: first, end: min(T - 1, second + 12), magnitude: 1.15 * 1.32)
        }
        var breaks = [Int: (start: Int, share: Double)]()
        for _ in 0..<perKind {
            guard let c = pick(hunanCounties.filter { !breakCities.contains(g.counties[$0].city) && breaks[$0] == nil }) else { break }
            let s = rng.int(earliest...max(earliest, T - 6))
            breaks[c] = (s, 1 - breakKeeps)
            add(.dataBreak, "insured", region: g.counties[c].code, sector: nil, enterprise: nil, start: s, end: T - 1,
                magnitude: breakKeeps)
        }
        // Graduation season: every July–August in range, in every city and the province.
        for y in spec.from.year...spec.to.year {
            let july = Period(year: y, month: 7) - spec.from
            guard july >= 0, july + 1 < T else { continue }
            for region in hunanCities.map({ g.cities[$0].code }) + [hunan] {
                add(.graduationSeason, "youth_unemployment_rate", region: region, sector: nil, enterprise: nil,
                    start: july, end: july + 1, magnitude: graduationPeak)
            }
        }
        // Births (until the firm reaches its size) and closures of the firms that have them.
        for (e, r) in enterprises.enumerated() where inHunan(county: r.county) {
            let place = (region: g.counties[r.county].code, sector: SectorProfile.all[r.sector].letter)
            if r.birth > 0 {
                add(.firmBirth, "headcount", region: place.region, sector: place.sector, enterprise: e, start: r.birth,
                    end: min(T - 1, r.birth + max(1, r.rampMonths) - 1), magnitude: r.baseSize.rounded())
            }
            if r.death < T {
                add(.firmClosure, "headcount", region: place.region, sector: place.sector, enterprise: e, start: r.death,
                    end: r.death, magnitude: r.baseSize.rounded())
            }
        }
        let ordered = quiet.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        var numbered = ordered.enumerated().map { i, q in q.renumbered(String(format: "N%04d", i + 1)) }

        // Large-firm closures and payroll non-response, from a stream of their own drawn last,
        // so every hazard above (and its number) is what it was before they were added.
        // A closure is real job loss, and a rule must see it although the firm leaves the
        // files: its payroll stops and its insured count falls to 0 the same month. A payroll
        // gap is the same first sign in one source only, while the insurance rows go on.
        var own = RandomStream(seed: spec.seed, tags: [13])
        func ownPick(_ sizes: ClosedRange<Double>) -> Int? {
            let fits = stable.filter { !used.contains($0) && sizes.contains(enterprises[$0].baseSize) }
            guard !fits.isEmpty else { return nil }
            let e = fits[own.int(0...(fits.count - 1))]
            used.insert(e)
            return e
        }
        var closures = [Int: Int](), closureEvents = [TruthEvent]()
        let closureSizes: [ClosedRange<Double>] = spec.scale == .demo ? [1000...25_000, 200...999]
            : [1000...25_000, 1000...25_000, 200...999, 200...999]
        for sizes in closureSizes {
            guard let e = ownPick(sizes) ?? ownPick(200...25_000) else { continue }
            let m = own.int(earliest...max(earliest, T - 4)), r = enterprises[e]
            closures[e] = m
            closureEvents.append(TruthEvent(id: "", type: closureType, region: g.counties[r.county].code,
                                            sector: SectorProfile.all[r.sector].letter, enterpriseID: r.id,
                                            start: spec.from + m, end: spec.from + m, magnitude: 1))
        }
        closureEvents = closureEvents.sorted { $0.start < $1.start }.enumerated().map { i, c in
            c.renumbered(String(format: "C%02d", i + 1))
        }
        var payrollGaps = [Int: ClosedRange<Int>](), gapRows = [TruthEvent]()
        for _ in 0..<(spec.scale == .demo ? 2 : 4) {
            guard let e = ownPick(200...25_000) else { continue }
            let m = own.int(earliest...max(earliest, T - 4)), last = min(T - 1, m + own.int(0...2)), r = enterprises[e]
            payrollGaps[e] = m...last
            gapRows.append(TruthEvent(id: "", type: .quiet, region: g.counties[r.county].code,
                                      sector: SectorProfile.all[r.sector].letter, enterpriseID: r.id, start: spec.from + m,
                                      end: spec.from + last, magnitude: Double(last - m + 1), cause: .nonresponse,
                                      signal: "headcount"))
        }
        // Numbered after the others, which keep their numbers.
        for q in gapRows.sorted(by: { $0.start < $1.start }) {
            numbered.append(q.renumbered(String(format: "N%04d", numbered.count + 1)))
        }
        return HazardPlan(quiet: numbered, firmOutliers: firmOutliers, expansions: expansions, seasonalSwing: seasonalSwing,
                          breaks: breaks, claimsOutliers: claimsOutliers, railOutliers: railOutliers, rateOutliers: rateOutliers,
                          cityYouthRates: true, closures: closures, closureEvents: closureEvents, payrollGaps: payrollGaps)
    }
}
