/// An industry section of GB/T 4754-2017 (A–T), or `ALL` for the all-industry roll-up.
public struct Sector: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// "A"..."T" or "ALL".
    public let code: String

    public static let all = Sector(uncheckedCode: "ALL")

    /// The 20 sections with their Chinese names.
    public static let sections: [(letter: String, name: String, english: String)] = [
        ("A", "农林牧渔业", "Agriculture"), ("B", "采矿业", "Mining"), ("C", "制造业", "Manufacturing"),
        ("D", "电力热力燃气及水生产和供应业", "Utilities"), ("E", "建筑业", "Construction"),
        ("F", "批发和零售业", "Wholesale and retail"), ("G", "交通运输仓储和邮政业", "Transport and storage"),
        ("H", "住宿和餐饮业", "Accommodation and catering"), ("I", "信息传输软件和信息技术服务业", "Information technology"),
        ("J", "金融业", "Finance"), ("K", "房地产业", "Real estate"), ("L", "租赁和商务服务业", "Leasing and business services"),
        ("M", "科学研究和技术服务业", "Research and technical services"), ("N", "水利环境和公共设施管理业", "Water, environment and public facilities"),
        ("O", "居民服务修理和其他服务业", "Household and repair services"), ("P", "教育", "Education"),
        ("Q", "卫生和社会工作", "Health and social work"), ("R", "文化体育和娱乐业", "Culture, sports and entertainment"),
        ("S", "公共管理社会保障和社会组织", "Public administration"), ("T", "国际组织", "International organisations"),
    ]

    /// Division ranges (2-digit codes) of each section, GB/T 4754-2017.
    static let divisionRanges: [(ClosedRange<Int>, String)] = [
        (1...5, "A"), (6...12, "B"), (13...43, "C"), (44...46, "D"), (47...50, "E"), (51...52, "F"),
        (53...60, "G"), (61...62, "H"), (63...65, "I"), (66...69, "J"), (70...70, "K"), (71...72, "L"),
        (73...75, "M"), (76...79, "N"), (80...82, "O"), (83...83, "P"), (84...85, "Q"), (86...90, "R"),
        (91...96, "S"), (97...97, "T"),
    ]

    private init(uncheckedCode: String) { self.code = uncheckedCode }

    /// Parses a section letter (`C`, case-insensitive), a 2-digit division code (`36` → C),
    /// or `ALL`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let t = String(text)
        if t == "ALL" { self.code = "ALL"; return }
        let u = Array(t.utf8)
        if u.count == 1 {
            let c = u[0] & 0xDF  // upper-case
            guard c >= UInt8(ascii: "A"), c <= UInt8(ascii: "T") else { return nil }
            self.code = String(UnicodeScalar(c))
            return
        }
        if u.count == 2, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let d = Int(u[0] - 48) * 10 + Int(u[1] - 48)
            guard let hit = Sector.divisionRanges.first(where: { $0.0.contains(d) }) else { return nil }
            self.code = hit.1
            return
        }
        return nil
    }

    public var isAll: Bool { code == "ALL" }
    public var name: String { Sector.sections.first { $0.letter == code }?.name ?? "全部行业" }
    public var description: String { code }
    public static func < (a: Sector, b: Sector) -> Bool {
        a.isAll != b.isAll ? !a.isAll : a.code < b.code
    }
}

/// The plan's key groups (重点群体); absent in a file means `ALL`.
public enum KeyGroup: String, CaseIterable, Sendable, Comparable {
    case graduate, migrantWorker = "migrant_worker", povertyAlleviated = "poverty_alleviated"
    case veteran, hardToEmploy = "hard_to_employ", other, all = "ALL"

    /// Parses the file spelling; empty text means `ALL`.
    public init?(field: some StringProtocol) {
        if field.isEmpty { self = .all; return }
        self.init(rawValue: String(field))
    }

    public static func < (a: KeyGroup, b: KeyGroup) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
