/// A 6-digit administrative division code (GB/T 2260), e.g. 430102 (长沙市芙蓉区).
///
/// Roll-up is by prefix: county 430102 → city 430100 → province 430000.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The level of an administrative division.
    public enum Level: String, Sendable, Comparable {
        case province, city, county
        private var rank: Int { self == .province ? 0 : self == .city ? 1 : 2 }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// The code as an integer, 100000...999999.
    public let value: Int

    /// Parses exactly six ASCII digits not starting with 0; `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 6, u[0] != UInt8(ascii: "0") else { return nil }
        var v = 0
        for c in u {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        self.value = v
    }

    public init?(value: Int) {
        guard (100000...999999).contains(value) else { return nil }
        self.value = value
    }

    public var level: Level {
        if value % 10000 == 0 { return .province }
        if value % 100 == 0 { return .city }
        return .county
    }

    /// The enclosing division one level up, or `nil` for a province.
    public var parent: RegionCode? {
        switch level {
        case .province: return nil
        case .city: return RegionCode(value: value / 10000 * 10000)
        case .county: return RegionCode(value: value / 100 * 100)
        }
    }

    /// This code and every ancestor, most specific first: [430102, 430100, 430000].
    public var lineage: [RegionCode] {
        var out = [self]
        while let p = out.last!.parent { out.append(p) }
        return out
    }

    /// Whether `self` is `other` or lies inside it.
    public func isWithin(_ other: RegionCode) -> Bool { lineage.contains(other) }

    public var description: String { String(value) }
    public static func < (a: RegionCode, b: RegionCode) -> Bool { a.value < b.value }
}

/// Names of the divisions the bundled data uses (facts from GB/T 2260).
public enum HunanDivisions {
    public static let province = (code: RegionCode(value: 430000)!, name: "湖南省", english: "Hunan")
    /// The 14 prefecture-level units of Hunan.
    public static let cities: [(code: RegionCode, name: String, english: String)] = [
        (RegionCode(value: 430100)!, "长沙市", "Changsha"), (RegionCode(value: 430200)!, "株洲市", "Zhuzhou"),
        (RegionCode(value: 430300)!, "湘潭市", "Xiangtan"), (RegionCode(value: 430400)!, "衡阳市", "Hengyang"),
        (RegionCode(value: 430500)!, "邵阳市", "Shaoyang"), (RegionCode(value: 430600)!, "岳阳市", "Yueyang"),
        (RegionCode(value: 430700)!, "常德市", "Changde"), (RegionCode(value: 430800)!, "张家界市", "Zhangjiajie"),
        (RegionCode(value: 430900)!, "益阳市", "Yiyang"), (RegionCode(value: 431000)!, "郴州市", "Chenzhou"),
        (RegionCode(value: 431100)!, "永州市", "Yongzhou"), (RegionCode(value: 431200)!, "怀化市", "Huaihua"),
        (RegionCode(value: 431300)!, "娄底市", "Loudi"), (RegionCode(value: 433100)!, "湘西土家族苗族自治州", "Xiangxi"),
    ]
}
