import Codes
import Foundation

/// One synthetic enterprise as registered (its fixed traits; the monthly state lives in
/// `CountySimulation`).
struct EnterpriseRecord: Sendable {
    let id: String
    let name: String
    let county: Int
    let sector: Int
    /// Headcount level at the start, before trend and season (persons).
    let baseSize: Double
    let key: Bool
    /// First and last simulated month index (death month: everyone separated, no payroll row).
    var birth: Int
    var death: Int
    /// Months a firm founded during the period takes to reach its size (hard profile; 0: at once).
    var rampMonths = 0
    /// Whether the standard profile has the firm through the whole range: events are hosted
    /// only by such firms, so a seed's events are the same in both profiles.
    var canHostEvents = true

    /// The firm without the hard profile's birth or closure (an event's host keeps its staff).
    func throughout() -> EnterpriseRecord {
        var r = self
        r.birth = 0; r.death = Int.max; r.rampMonths = 0
        return r
    }
}

/// Draws the enterprises of one county.
///
/// Sizes are Pareto above the sector median, `P(X > x) = (x_m / x)^α` with α = 1.15 (the
/// firm-size tail exponent is close to 1 in most economies: Axtell 2001), capped at 25,000;
/// schools, hospitals and public bodies use α = 2. Enterprises of 1,000 or more staff are
/// flagged `key_enterprise`. About 10 % of those under 100 staff are founded during the period and
/// 12 % of those under 50 close (new and dying firms are small). The hard profile, from a
/// stream of its own so the firms are the same, also founds 8 % of those of 100–300 during the
/// period, has every firm founded during the period hire up to its size over 3–8 months, and
/// closes another 6 % of the non-key firms under 80.
enum EnterpriseRegistry {
    static let brandSyllables = Array("泰鑫恒盛新骏华龙辉嘉宏明立丰荣力顺光银岳麓湘楚瑞创凯达源远兴德信安康金祥和正鼎博天宇腾飞众诚")
    static let suffixes = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]

    static func make(county c: Int, count: Int, geography: Geography, months: Int, seed: UInt64,
                     profile: GenerationProfile = .standard) -> [EnterpriseRecord] {
        let county = geography.counties[c]
        let city = geography.cities[county.city]
        var rng = RandomStream(seed: seed, tags: [UInt64(county.code.value), 1])
        var extra = RandomStream(seed: seed, tags: [UInt64(county.code.value), 12])
        let weights = SectorProfile.all.map { p -> Double in
            let m = city.profile.sectorMultipliers[p.letter] ?? (p.letter == "T" ? 0 : 1)
            return p.share * m
        }
        var used = Set<String>()
        var out = [EnterpriseRecord]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            let s = rng.choose(weights: weights)
            let p = SectorProfile.all[s]
            let alpha = ["P", "Q", "S"].contains(p.letter) ? 2.0 : 1.15
            let xm = p.medianSize / pow(2, 1 / alpha)
            let size = min(25_000, max(1, xm * pow(max(rng.uniform(), 1e-12), -1 / alpha)))
            var id: String
            repeat { id = creditCode(county: county.code, rng: &rng) } while used.contains(id)
            used.insert(id)
            let key = size >= 1000
            var birth = size < 100 && months > 12 && rng.bernoulli(0.10) ? rng.int(1...(months - 1)) : 0
            var death = Int.max
            if !key && size < 50 && rng.bernoulli(0.12) && birth + 6 < months - 1 {
                death = rng.int((birth + 6)...(months - 1))
            }
            let canHost = birth == 0 && death == Int.max
            var ramp = 0
            if profile == .hard {
                if birth == 0 && size >= 100 && size < 300 && months > 12 && extra.bernoulli(0.08) {
                    birth = extra.int(1...(months - 1))
                }
                if birth > 0 { ramp = extra.int(3...8) }
                if death == Int.max && !key && size < 80 && extra.bernoulli(0.06) && birth + ramp + 6 < months - 1 {
                    death = extra.int((birth + ramp + 6)...(months - 1))
                }
            }
            var name = city.shortName
            if rng.bernoulli(0.3) { name += county.name }
            name += String(brandSyllables[rng.int(0...(brandSyllables.count - 1))])
            name += String(brandSyllables[rng.int(0...(brandSyllables.count - 1))])
            name += p.nameWords[rng.int(0...(p.nameWords.count - 1))]
            name += suffixes[rng.int(0...(suffixes.count - 1))]
            out.append(EnterpriseRecord(id: id, name: name, county: c, sector: s, baseSize: size, key: key,
                                        birth: birth, death: death, rampMonths: ramp, canHostEvents: canHost))
        }
        return out.sorted { $0.id < $1.id }
    }

    /// `91` (market regulator, enterprise) + division + organisation code + check character.
    /// Older firms carry a GB 11714 organisation code (8 digits + its own check digit), newer
    /// ones the `MA…` form introduced with the unified code in 2015.
    static func creditCode(county: RegionCode, rng: inout RandomStream) -> String {
        var body = "91\(county.value)"
        if rng.bernoulli(0.45) {
            let digits = (0..<8).map { _ in rng.int(0...9) }
            let w = [3, 7, 9, 10, 5, 8, 4, 2]
            let c = 11 - zip(digits, w).map(*).reduce(0, +) % 11
            body += digits.map(String.init).joined() + (c == 10 ? "X" : c == 11 ? "0" : String(c))
        } else {
            body += "MA"
            for _ in 0..<7 { body.append(Character(UnicodeScalar(CreditCode.alphabet[rng.int(0...30)]))) }
        }
        return CreditCode.withCheckCharacter(body).text
    }

    /// Splits `total` enterprises over counties by weight (largest remainder, so the sum is exact).
    static func apportion(total: Int, geography: Geography) -> [Int] {
        let hunan = HunanDivisions.province.code
        let others = geography.provinces.count - 1
        // National scale: Hunan keeps 110 shares, every other province 4.
        let hunanShare = others == 0 ? 1.0 : 110.0 / Double(110 + 4 * others)
        let cityCountByProvince = Dictionary(grouping: geography.cities.indices, by: { geography.cities[$0].province })
        var w = [Double]()
        for county in geography.counties {
            let city = geography.cities[county.city]
            let inCity = geography.counties.filter { $0.city == county.city }.map(\.enterpriseWeight).reduce(0, +)
            let cityWeight: Double
            if geography.provinces[city.province].code == hunan {
                cityWeight = hunanShare * city.profile.enterpriseWeight
            } else {
                cityWeight = (1 - hunanShare) / Double(others) / Double(cityCountByProvince[city.province]!.count)
            }
            w.append(cityWeight * county.enterpriseWeight / inCity)
        }
        let sum = w.reduce(0, +)
        let exact = w.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), $1) > (exact[$1] - Double(counts[$1]), $0) }
        for i in order.prefix(total - counts.reduce(0, +)) { counts[i] += 1 }
        return counts
    }
}
