import Codes

/// The key of one aggregate cell, as small integers so hashing and sorting are cheap.
///
/// `region` is the code's value (430102); `sector` is 0...19 for sections A...T and 20 for
/// `ALL`; `group` indexes `KeyGroup.allCases`. For generic `series` files, whose ids are
/// any text, `region`, `sector`, `group` and `signal` index the table's `Vocabulary`.
public struct AggregateKey: Hashable, Comparable, Sendable {
    public var period: Int32
    public var region: Int32
    public var sector: Int32
    public var group: Int32
    public var signal: Int32

    public init(period: Int32, region: Int32, sector: Int32, group: Int32, signal: Int32 = 0) {
        self.period = period; self.region = region; self.sector = sector; self.group = group; self.signal = signal
    }

    public static func < (a: AggregateKey, b: AggregateKey) -> Bool {
        (a.period, a.region, a.sector, a.group, a.signal) < (b.period, b.region, b.sector, b.group, b.signal)
    }

    /// One combine of a packed word instead of five (roll-ups and panel loads hash
    /// millions of keys); equality still compares every field.
    public func hash(into hasher: inout Hasher) {
        let packed = UInt64(UInt32(bitPattern: region)) | UInt64(UInt16(truncatingIfNeeded: period)) << 32
            | UInt64(UInt8(truncatingIfNeeded: sector)) << 48 | UInt64(UInt8(truncatingIfNeeded: group)) << 56
        hasher.combine(packed ^ UInt64(UInt32(bitPattern: signal)) &* 0x9E37_79B9_7F4A_7C15)
    }
}

/// Interned names (ids of generic series files).
public struct Vocabulary: Sendable {
    public private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]
    public init() {}
    public mutating func id(_ name: String) -> Int32 {
        if let i = ids[name] { return i }
        let i = Int32(names.count)
        names.append(name); ids[name] = i
        return i
    }
    public subscript(id: Int32) -> String { names[Int(id)] }
}

/// Aggregate cells of one kind: key → one value per measure of the layout, `NaN` for
/// a blank. Additive measures of integer quantities (counts, amounts in fen) are whole
/// numbers below 2^53, so their sums in `Double` are exact.
public struct AggregateTable: Sendable {
    public let layout: AggregateLayout
    public private(set) var keys: [AggregateKey] = []
    /// Row-major, `layout.measures.count` values per cell.
    public private(set) var values: [Double] = []
    private var index: [AggregateKey: Int] = [:]
    public var vocabulary = Vocabulary()

    public init(layout: AggregateLayout) { self.layout = layout }

    public var count: Int { keys.count }
    public var width: Int { layout.measures.count }

    /// The slot of `key`, created blank if absent.
    public mutating func slot(_ key: AggregateKey) -> Int {
        if let s = index[key] { return s }
        let s = keys.count
        keys.append(key)
        index[key] = s
        values.append(contentsOf: repeatElement(.nan, count: width))
        return s
    }

    public func find(_ key: AggregateKey) -> Int? { index[key] }

    public func value(_ slot: Int, _ measure: Int) -> Double { values[slot * width + measure] }

    public mutating func setValue(_ slot: Int, _ measure: Int, _ v: Double) { values[slot * width + measure] = v }

    /// Adds `v` to a measure, treating blank as "no contribution".
    public mutating func accumulate(_ slot: Int, _ measure: Int, _ v: Double) {
        values.accumulate(at: slot * width + measure, v)
    }

    /// Recomputes the ratio measures of every cell, and the mean measures of the cells
    /// in `meansFor` (all when `nil`).
    public mutating func computeDerived(meansFor: Set<Int>? = nil) {
        layout.computeDerived(&values, count: count) { meansFor?.contains($0) ?? true }
    }

    /// Combines another table of the same kind into this one: summed for kinds whose
    /// partials are shards of the same cells, replaced (later wins) for kinds whose
    /// cells are already aggregates. Returns the keys that were replaced.
    @discardableResult
    public mutating func merge(_ other: AggregateTable) -> [AggregateKey] {
        var replaced: [AggregateKey] = []
        for (o, key0) in other.keys.enumerated() {
            var key = key0
            if layout.kind == .series {
                key.region = vocabulary.id(other.vocabulary[key0.region])
                key.sector = vocabulary.id(other.vocabulary[key0.sector])
                key.group = vocabulary.id(other.vocabulary[key0.group])
                key.signal = vocabulary.id(other.vocabulary[key0.signal])
            }
            let existed = index[key] != nil
            let s = slot(key)
            if existed && !layout.mergeBySum { replaced.append(key) }
            for (m, spec) in layout.measures.enumerated() {
                let v = other.value(o, m)
                if spec.isDerived { continue }
                if layout.mergeBySum && spec.role == .additive { accumulate(s, m, v) }
                else if !existed || !layout.mergeBySum || !v.isNaN { setValue(s, m, v) }
            }
        }
        computeDerived()
        return replaced
    }

    /// Cell order for output: by key; generic series by their text ids.
    public func sortedSlots() -> [Int] {
        if layout.kind == .series {
            return keys.indices.sorted { a, b in
                let x = keys[a], y = keys[b]
                if x.period != y.period { return x.period < y.period }
                return (vocabulary[x.region], vocabulary[x.sector], vocabulary[x.group], vocabulary[x.signal])
                    < (vocabulary[y.region], vocabulary[y.sector], vocabulary[y.group], vocabulary[y.signal])
            }
        }
        return keys.indices.sorted { keys[$0] < keys[$1] }
    }

    /// Region, sector and group of a key as text (`430102`, `C`, `ALL`).
    public func names(_ key: AggregateKey) -> (region: String, sector: String, group: String, signal: String) {
        layout.names(key, vocabulary: vocabulary)
    }
}

extension Array where Element == Double {
    /// Adds `v` at `i`, a blank (`NaN`) being no contribution: blank + x = x, x + blank = x,
    /// blank + blank = blank (how every aggregate sums its cells).
    mutating func accumulate(at i: Int, _ v: Double) {
        if v.isNaN { return }
        self[i] = self[i].isNaN ? v : self[i] + v
    }
}
