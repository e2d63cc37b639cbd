import TabularIO

/// Turns one raw record into a typed row, or says which field is wrong.
///
/// `SendableMetatype`: `runPipeline` decodes on its reading thread, whose closure names the
/// decoder's type (`Batch<D.Row>`); the decoder value itself is handed over in a
/// `ReaderState`, never shared.
protocol RowDecoder: SendableMetatype {
    associatedtype Row
    mutating func decode(_ r: RawRecord) throws(FieldIssue) -> Row
}

/// `payroll` and `insurance`.
struct EnterpriseRowDecoder: RowDecoder {
    let kind: SignalKind
    let period, enterprise, region, sector: Int
    let m0, m1: Int
    let m2: Int?, m3: Int?
    let names: [String]
    /// The latest month accepted, as a `Period.index` (`Int32.max`: no limit).
    let latest: Int32

    init(kind: SignalKind, columns c: ColumnMap, latest: Int32 = .max) {
        self.kind = kind
        self.latest = latest
        names = c.names
        period = c.required("period"); enterprise = c.required("enterprise_id")
        region = c.required("region_code"); sector = c.required("sector")
        if kind == .payroll {
            m0 = c.required("headcount"); m1 = c.required("wages_cny"); m2 = c["days_late"]; m3 = nil
        } else {
            m0 = c.required("insured"); m1 = c.required("enrolled"); m2 = c.required("separated"); m3 = c["arrears_cny"]
        }
    }

    @inline(__always)
    func decode(_ r: RawRecord) throws(FieldIssue) -> EnterpriseRow {
        let p = try FieldDecoding.period(r[period], "period", period)
        try FieldDecoding.notAfter(p, latest, r[period], "period", period)
        let key = try FieldDecoding.creditCode(r[enterprise], "enterprise_id", enterprise)
        let reg = try FieldDecoding.region(r[region], "region_code", region)
        let sec = try FieldDecoding.sector(r[sector], "sector", sector)
        var m = SIMD4<Int64>(0, 0, -1, -1)
        if kind == .payroll {
            m[0] = try FieldDecoding.count(r[m0], "headcount", m0)
            m[1] = try FieldDecoding.amount(r[m1], "wages_cny", m1)
            if let d = m2 { m[2] = try FieldDecoding.optionalCount(r[d], "days_late", d) ?? -1 }
        } else {
            m[0] = try FieldDecoding.count(r[m0], "insured", m0)
            m[1] = try FieldDecoding.count(r[m1], "enrolled", m1)
            m[2] = try FieldDecoding.count(r[m2!], "separated", m2!)
            if let a = m3 { m[3] = try FieldDecoding.optionalAmount(r[a], "arrears_cny", a) ?? -1 }
        }
        return EnterpriseRow(key: key, period: p, region: reg, sector: sec, line: r.line, m: m)
    }
}

/// `claims`, `survey`, `transport`, `series`.
struct CellRowDecoder: RowDecoder {
    let kind: SignalKind
    let period: Int?, date: Int?, region: Int, sector: Int?, group: Int?, signal: Int?
    /// Value columns in layout order (nil when the column is absent: all blank).
    let valueColumns: [(name: String, index: Int?)]
    /// The latest month accepted, as a `Period.index` (`Int32.max`: no limit).
    let latest: Int32
    var vocabulary = Vocabulary()

    static func valueNames(_ kind: SignalKind) -> [String] {
        switch kind {
        case .claims: return ["new_claims", "recipients"]
        case .survey: return ["surveyed_unemployment_rate", "youth_unemployment_rate", "registered_unemployment_rate",
                              "new_urban_jobs", "job_vacancies", "job_seekers"]
        case .transport: return ["rail_departures", "rail_arrivals", "mobile_population", "mobile_inflow", "mobile_outflow"]
        case .series: return ["value"]
        default: return []
        }
    }

    init(kind: SignalKind, columns c: ColumnMap, latest: Int32 = .max) {
        self.kind = kind
        self.latest = latest
        period = c["period"]; date = kind == .transport ? c["date"] : nil
        region = c.required("region_code")
        sector = kind == .claims || kind == .series ? c["sector"] : nil
        group = kind == .transport ? nil : c["group"]
        signal = kind == .series ? c["signal"] : nil
        valueColumns = CellRowDecoder.valueNames(kind).map { ($0, c[$0]) }
    }

    mutating func decode(_ r: RawRecord) throws(FieldIssue) -> CellRow {
        var key = AggregateKey(period: 0, region: 0, sector: FieldDecoding.allSectors, group: FieldDecoding.allGroups)
        var day: Int32 = 0
        if let d = date {
            (key.period, day) = try FieldDecoding.date(r[d], "date", d)
            try FieldDecoding.notAfter(key.period, latest, r[d], "date", d)
        } else if let p = period {
            key.period = try FieldDecoding.period(r[p], "period", p)
            try FieldDecoding.notAfter(key.period, latest, r[p], "period", p)
        }
        var v = SIMD8<Double>(repeating: .nan)
        if kind == .series {
            func text(_ i: Int, _ name: String) throws(FieldIssue) -> String {
                let f = r[i]
                if ByteParse.isBlank(f) { throw FieldIssue(index: i, problem: .missing(column: name)) }
                return String(decoding: f, as: UTF8.self)
            }
            key.region = vocabulary.id(try text(region, "region_code"))
            key.sector = vocabulary.id(try text(sector!, "sector"))
            key.group = vocabulary.id(group.map { r[$0].isEmpty ? "ALL" : r.string($0) } ?? "ALL")
            key.signal = vocabulary.id(try text(signal!, "signal"))
            let vi = valueColumns[0].index!
            if !ByteParse.isBlank(r[vi]) {
                guard let x = ByteParse.double(r[vi]) else {
                    throw FieldIssue(index: vi, problem: .notNumber(column: "value", found: ByteParse.show(r[vi])))
                }
                v[0] = x
            }
            return CellRow(key: key, day: 0, line: r.line, v: v)
        }
        key.region = try FieldDecoding.region(r[region], "region_code", region)
        if let s = sector { key.sector = try FieldDecoding.sector(r[s], "sector", s, blankIsAll: true) }
        if let g = group { key.group = try FieldDecoding.group(r[g], "group", g) }
        for (j, col) in valueColumns.enumerated() {
            guard let i = col.index else { continue }
            let isRate = kind == .survey && j < 3
            let required = kind == .claims
            if isRate {
                if let x = try FieldDecoding.optionalRate(r[i], col.name, i) { v[j] = x }
            } else if required {
                v[j] = Double(try FieldDecoding.count(r[i], col.name, i))
            } else if let x = try FieldDecoding.optionalCount(r[i], col.name, i) {
                v[j] = Double(x)
            }
        }
        return CellRow(key: key, day: day, line: r.line, v: v)
    }
}

/// `enterprises` (the registry).
struct RegistryDecoder: RowDecoder {
    let enterprise, name, region, sector: Int
    let key: Int?

    init(columns c: ColumnMap) {
        enterprise = c.required("enterprise_id"); name = c.required("name")
        region = c.required("region_code"); sector = c.required("sector"); key = c["key_enterprise"]
    }

    func decode(_ r: RawRecord) throws(FieldIssue) -> RegistryEntry {
        let k = try FieldDecoding.creditCode(r[enterprise], "enterprise_id", enterprise)
        if ByteParse.isBlank(r[name]) { throw FieldIssue(index: name, problem: .missing(column: "name")) }
        let reg = try FieldDecoding.region(r[region], "region_code", region)
        let sec = try FieldDecoding.sector(r[sector], "sector", sector)
        let isKey = try key.map { i throws(FieldIssue) in try FieldDecoding.flag(r[i], "key_enterprise", i) } ?? false
        return RegistryEntry(key: k, name: r.string(name), region: reg, sector: sec, isKeyEnterprise: isKey, line: r.line)
    }
}
