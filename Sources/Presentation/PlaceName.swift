import Codes

/// Readers' names of an alert's place: region, sector (GB/T 4754 section name), key group
/// and enterprise, in Chinese and English. Codes stay in the machine columns beside them.
public struct PlaceName: Sendable, Equatable {
    public let zh: String
    public let en: String

    public func text(_ lang: Language) -> String { lang == .zh ? zh : en }

    /// - Parameters: `region` a GB/T 2260 code (other ids are shown as they are),
    ///   `sector` a section letter or `ALL`, `group` a key group or `ALL`,
    ///   `enterprise` the enterprise's name for enterprise alerts.
    public init(region: String, sector: String, group: String = "ALL", enterprise: String? = nil) {
        var en = [RegionName.text(region, .en)], zh = [RegionName.text(region, .zh)]
        if let enterprise {
            // An enterprise's sector and group are its own; its name and place say enough.
            self.en = "\(enterprise), \(en[0])"; self.zh = "\(enterprise)（\(zh[0])）"
            return
        }
        if sector != "ALL" { en.append(SectorName.text(sector, .en)); zh.append(SectorName.text(sector, .zh)) }
        if group != "ALL" { en.append(GroupName.text(group, .en)); zh.append(GroupName.text(group, .zh)) }
        self.en = en.joined(separator: ", ")
        self.zh = zh.joined(separator: " ")
    }
}

/// Names of regions: the province, its 14 cities and 122 counties by name (counties from the
/// boundary data in datasets/maps); a code outside those by its city and code.
public enum RegionName {
    public static func text(_ region: String, _ lang: Language) -> String {
        guard let code = RegionCode(region) else { return lang == .zh ? "地区 \(region)" : "region \(region)" }
        if code == HunanDivisions.province.code { return lang == .zh ? HunanDivisions.province.name : HunanDivisions.province.english }
        if let city = HunanDivisions.cities.first(where: { $0.code == code }) { return lang == .zh ? city.name : city.english }
        if let county = CountyNames.table[code.value] {
            // With its city: county names repeat across China, and readers place a county by its city.
            let city = code.parent.flatMap { p in HunanDivisions.cities.first { $0.code == p } }
            return lang == .zh ? "\(city?.name ?? "")\(county.zh)" : county.en + (city.map { ", \($0.english)" } ?? "")
        }
        if let parent = code.parent, let city = HunanDivisions.cities.first(where: { $0.code == parent }) {
            return lang == .zh ? "\(city.name) \(region)" : "\(city.english) county \(region)"
        }
        return lang == .zh ? "地区 \(region)" : "region \(region)"
    }
}

/// GB/T 4754-2017 section names, from the one table in `Codes.Sector`.
public enum SectorName {
    public static func text(_ sector: String, _ lang: Language) -> String {
        if sector == "ALL" { return lang == .zh ? "全部行业" : "all sectors" }
        guard let s = Sector(sector), let row = Sector.sections.first(where: { $0.letter == s.code }) else {
            return lang == .zh ? "行业 \(sector)" : "sector \(sector)"
        }
        return lang == .zh ? row.name : row.english
    }
}

/// The plan's key groups (重点群体).
public enum GroupName {
    public static func text(_ group: String, _ lang: Language) -> String {
        if lang == .en { return group == "ALL" ? "everyone" : group.replacingOccurrences(of: "_", with: " ") }
        return zh[group] ?? group
    }

    static let zh = ["graduate": "高校毕业生", "migrant_worker": "农民工", "poverty_alleviated": "脱贫人口",
                     "veteran": "退役军人", "hard_to_employ": "就业困难人员", "other": "其他人员", "ALL": "全体"]
}
