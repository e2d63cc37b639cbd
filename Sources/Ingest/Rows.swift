import TabularIO

/// A decoded row of a `payroll` or `insurance` file.
///
/// `m` holds the kind's measures: payroll (headcount, wages in fen, days late, 0);
/// insurance (insured, enrolled, separated, arrears in fen); −1 marks a blank optional.
public struct EnterpriseRow: Sendable, Equatable {
    public var key: EnterpriseKey
    public var period: Int32
    public var region: Int32
    /// 0...19 for sections A...T.
    public var sector: Int32
    public var line: Int
    public var m: SIMD4<Int64>

    /// The aggregate cell the row belongs to, packed: period, region, sector.
    @inline(__always)
    var cell: UInt64 { UInt64(UInt32(period)) << 32 | UInt64(UInt32(region)) << 8 | UInt64(UInt8(sector)) }
}

/// A decoded row of an already aggregated file (claims, survey, transport, series):
/// the cell key, the day for daily files, and up to eight values (`NaN` = blank).
struct CellRow {
    var key: AggregateKey
    var day: Int32
    var line: Int
    var v: SIMD8<Double>
}

/// A row of the enterprise registry.
public struct RegistryEntry: Sendable, Equatable {
    public var key: EnterpriseKey
    public var name: String
    public var region: Int32
    public var sector: Int32
    public var isKeyEnterprise: Bool
    public var line: Int
    public var enterpriseID: String { key.text }
    public var sectorCode: String { FieldDecoding.sectorName(sector) }
}

/// Header columns matched by name (trimmed, case-insensitive), in any order.
struct ColumnMap {
    let names: [String]
    private let index: [String: Int]
    let ignored: [String]

    init(header: [String], kind: SignalKind) {
        names = header.map { $0.trimmingCharacters(in: " \t").lowercased() }
        var idx: [String: Int] = [:]
        for (i, n) in names.enumerated() where idx[n] == nil { idx[n] = i }
        index = idx
        let known = Set(kind.requiredColumns + kind.optionalColumns)
        ignored = names.filter { !known.contains($0) && !$0.isEmpty }
    }

    func missing(_ kind: SignalKind) -> [String] { kind.requiredColumns.filter { index[$0] == nil } }
    subscript(name: String) -> Int? { index[name] }
    func required(_ name: String) -> Int { index[name]! }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        var s = Substring(self)
        while let f = s.first, drop.contains(f) { s.removeFirst() }
        while let l = s.last, drop.contains(l) { s.removeLast() }
        return String(s)
    }
}
