import Codes

/// The divisions a generated dataset covers: provinces, prefectures and counties with the
/// profiles that drive their simulation.
public struct Geography: Sendable {
    public struct Province: Sendable {
        public let code: RegionCode
        public let name: String
    }

    public struct City: Sendable {
        public let code: RegionCode
        public let name: String
        /// The name without 市/州 suffix, used in enterprise names ("长沙").
        public let shortName: String
        public let province: Int
        public let profile: CityProfile
    }

    /// What kind of county-level unit, from the last two code digits (GB/T 2260).
    public enum CountyKind: Sendable {
        case district, county, countyCity

        init(code: Int) {
            let tail = code % 100
            self = tail < 20 ? .district : tail >= 81 ? .countyCity : .county
        }
    }

    public struct County: Sendable {
        public let code: RegionCode
        public let name: String
        public let city: Int
        public let kind: CountyKind
        /// Resident population (persons).
        public let population: Double
        /// Relative weight of the county in its city's enterprise count.
        public let enterpriseWeight: Double
        /// Whether the county has a passenger railway station (rail columns blank otherwise).
        public let hasRail: Bool
    }

    public let provinces: [Province]
    public let cities: [City]
    public let counties: [County]

    /// Indices of the counties of city `c`.
    public func counties(ofCity c: Int) -> [Int] { counties.indices.filter { counties[$0].city == c } }

    /// Hunan, with every county (`countiesPerCity == nil`) or the first k/2 and last k − k/2 of each
    /// prefecture (the small demo); `otherProvinces` adds synthetic prefectures elsewhere.
    static func build(countiesPerCity: Int?, otherProvinces: Bool) -> Geography {
        var provinces = [Province]()
        var cities = [City]()
        var counties = [County]()
        let hunanCode = HunanDivisions.province.code.value
        var units = [(hunanCode, HunanDivisions.province.name)]
        if otherProvinces { units += otherProvinceNames }
        // Code order throughout, so every file is sorted by region code.
        for (i, (pcode, pname)) in units.sorted(by: { $0.0 < $1.0 }).enumerated() {
            provinces.append(Province(code: RegionCode(value: pcode)!, name: pname))
            if pcode == hunanCode {
                for (code, name, _) in HunanDivisions.cities {
                    let profile = CityProfile.hunan[code.value]!
                    let short = name.hasPrefix("湘西") ? "湘西" : String(name.dropLast())
                    cities.append(City(code: code, name: name, shortName: short, province: i, profile: profile))
                    var list = HunanCounties.table[code.value]!
                    if let k = countiesPerCity, list.count > k {
                        list = Array(list.prefix(k / 2) + list.suffix(k - k / 2))
                    }
                    addCounties(list, city: cities.count - 1, profile: profile, to: &counties)
                }
                continue
            }
            let short = pname.hasSuffix("自治区") ? String(pname.prefix(2)) : String(pname.dropLast())
            for k in 1...3 {
                let ccode = pcode + (70 + k) * 100
                let profile = CityProfile.synthetic(variation: Double((i * 7 + k * 3) % 10) / 10)
                let cname = "\(short)合成\(k)市"
                cities.append(City(code: RegionCode(value: ccode)!, name: cname, shortName: "\(short)合成\(k)",
                                   province: i, profile: profile))
                let list = [(ccode + 1, "\(cname)合成1区"), (ccode + 2, "\(cname)合成2区"), (ccode + 81, "\(cname)合成县级市")]
                addCounties(list, city: cities.count - 1, profile: profile, to: &counties)
            }
        }
        return Geography(provinces: provinces, cities: cities, counties: counties)
    }

    private static func addCounties(_ list: [(Int, String)], city: Int, profile: CityProfile, to counties: inout [County]) {
        let kinds = list.map { CountyKind(code: $0.0) }
        // Districts hold more firms per head; county-level cities more people than plain counties.
        let popWeights = kinds.map { $0 == .countyCity ? 1.3 : 1.0 }
        let firmWeights = kinds.map { $0 == .district ? 2.0 : $0 == .countyCity ? 1.4 : 1.0 }
        let popTotal = popWeights.reduce(0, +)
        for (j, (code, name)) in list.enumerated() {
            // A station in every district and county-level city, and in two counties of three
            // (chosen by code so the geography does not depend on the seed).
            let rail = kinds[j] != .county || code % 3 != 0
            counties.append(County(code: RegionCode(value: code)!, name: name, city: city, kind: kinds[j],
                                   population: profile.population * 1e6 * popWeights[j] / popTotal,
                                   enterpriseWeight: firmWeights[j], hasRail: rail))
        }
    }

    /// The other 30 provincial units of the mainland (GB/T 2260), for the national scale.
    static let otherProvinceNames: [(Int, String)] = [
        (110000, "北京市"), (120000, "天津市"), (130000, "河北省"), (140000, "山西省"), (150000, "内蒙古自治区"),
        (210000, "辽宁省"), (220000, "吉林省"), (230000, "黑龙江省"), (310000, "上海市"), (320000, "江苏省"),
        (330000, "浙江省"), (340000, "安徽省"), (350000, "福建省"), (360000, "江西省"), (370000, "山东省"),
        (410000, "河南省"), (420000, "湖北省"), (440000, "广东省"), (450000, "广西壮族自治区"), (460000, "海南省"),
        (500000, "重庆市"), (510000, "四川省"), (520000, "贵州省"), (530000, "云南省"), (540000, "西藏自治区"),
        (610000, "陕西省"), (620000, "甘肃省"), (630000, "青海省"), (640000, "宁夏回族自治区"), (650000, "新疆维吾尔自治区"),
    ]
}
