import Codes

/// Aggregate cells of one kind on a dense index: a cell is found by its coordinate
/// (region, sector, group, signal) and its month's offset in an array, not by hashing its
/// key. Slots are numbered in creation order, as `AggregateTable`'s are, so work that walks
/// the slots (a roll-up adding children into parents) adds values in the same order either
/// way and every figure is the same to the bit.
///
/// A province's ten years of payroll are about 300,000 cells over 2,900 coordinates and 120
/// months; walking them through the grid touches memory in order, where a hash table keyed
/// by `AggregateKey` misses the cache on nearly every cell.
public struct CellGrid: Sendable {
    /// A cell's key without its month (ids as in `AggregateKey`).
    public struct Coordinate: Hashable, Sendable {
        public var region: Int32
        public var sector: Int32
        public var group: Int32
        public var signal: Int32

        public init(region: Int32, sector: Int32, group: Int32, signal: Int32) {
            self.region = region; self.sector = sector; self.group = group; self.signal = signal
        }
    }

    public let layout: AggregateLayout
    public var vocabulary: Vocabulary
    /// The month of offset 0 (`AggregateKey.period`).
    public let firstPeriod: Int32
    /// Months the grid spans; every cell's period lies in `firstPeriod ..< firstPeriod + months`.
    public let months: Int
    public private(set) var coordinates: [Coordinate] = []
    private var coordinateIndex: [Coordinate: Int32] = [:]
    /// `coordinates.count × months`, coordinate-major: the slot of each cell, or −1.
    var slotAt: [Int32] = []
    /// Each slot's cell: coordinate × `months` + month offset.
    public internal(set) var cells: [Int] = []
    /// Slot-major, `width` values per slot; `NaN` for a blank.
    public internal(set) var values: [Double] = []

    public init(layout: AggregateLayout, vocabulary: Vocabulary = Vocabulary(), firstPeriod: Int32, months: Int) {
        precondition(months >= 0, "a grid spans a non-negative number of months")
        self.layout = layout; self.vocabulary = vocabulary; self.firstPeriod = firstPeriod; self.months = months
    }

    /// The cells of `table` in its slot order.
    public init(_ table: AggregateTable) {
        let periods = table.keys.lazy.map(\.period)
        let p0 = periods.min() ?? 0, p1 = periods.max() ?? -1
        self.init(layout: table.layout, vocabulary: table.vocabulary, firstPeriod: p0, months: Int(p1) - Int(p0) + 1)
        for s in 0..<table.count {
            let k = table.keys[s]
            let slot = slot(cell: cell(coordinate(Coordinate(region: k.region, sector: k.sector, group: k.group, signal: k.signal)),
                                       period: k.period))
            for m in 0..<width { setValue(slot, m, table.value(s, m)) }
        }
    }

    /// The cells as an `AggregateTable`, in slot order.
    public func table() -> AggregateTable {
        var t = AggregateTable(layout: layout)
        t.vocabulary = vocabulary
        for s in 0..<count {
            let slot = t.slot(key(s))
            for m in 0..<width { t.setValue(slot, m, value(s, m)) }
        }
        return t
    }

    public var count: Int { cells.count }
    public var width: Int { layout.measures.count }

    /// The id of `c`, added if new.
    public mutating func coordinate(_ c: Coordinate) -> Int {
        if let i = coordinateIndex[c] { return Int(i) }
        let i = coordinates.count
        coordinates.append(c)
        coordinateIndex[c] = Int32(i)
        slotAt.append(contentsOf: repeatElement(-1, count: months))
        return i
    }

    /// The cell of a coordinate id and a period within the grid's months.
    public func cell(_ coordinate: Int, period: Int32) -> Int {
        let t = Int(period) - Int(firstPeriod)
        precondition(t >= 0 && t < months, "period \(period) outside the grid's months")
        return coordinate * months + t
    }

    /// The slot of `cell`, or `nil` when the grid has no such cell.
    public func find(cell: Int) -> Int? {
        guard cell < slotAt.count else { return nil }
        let s = slotAt[cell]
        return s < 0 ? nil : Int(s)
    }

    /// The slot of `cell`, created blank if absent.
    public mutating func slot(cell: Int) -> Int {
        let s = slotAt[cell]
        if s >= 0 { return Int(s) }
        let n = cells.count
        slotAt[cell] = Int32(n)
        cells.append(cell)
        values.append(contentsOf: repeatElement(.nan, count: width))
        return n
    }

    public func value(_ slot: Int, _ measure: Int) -> Double { values[slot * width + measure] }

    public mutating func setValue(_ slot: Int, _ measure: Int, _ v: Double) { values[slot * width + measure] = v }

    /// Adds `v` to a measure, treating blank as "no contribution" (`AggregateTable.accumulate`).
    public mutating func accumulate(_ slot: Int, _ measure: Int, _ v: Double) {
        values.accumulate(at: slot * width + measure, v)
    }

    /// The coordinate id and period of slot `s`.
    public func coordinateAndPeriod(_ s: Int) -> (coordinate: Int, period: Int32) {
        let c = cells[s]
        return (c / months, firstPeriod + Int32(c % months))
    }

    /// The `AggregateKey` of slot `s`.
    public func key(_ s: Int) -> AggregateKey {
        let (c, p) = coordinateAndPeriod(s)
        let k = coordinates[c]
        return AggregateKey(period: p, region: k.region, sector: k.sector, group: k.group, signal: k.signal)
    }

    /// Recomputes ratio measures in every cell and mean measures where `means(slot)`
    /// (`AggregateTable.computeDerived`).
    public mutating func computeDerived(means: (Int) -> Bool = { _ in true }) {
        layout.computeDerived(&values, count: count, means: means)
    }

    /// Region, sector, group and signal of a coordinate as text (`AggregateTable.names`).
    public func names(_ coordinate: Int) -> (region: String, sector: String, group: String, signal: String) {
        let c = coordinates[coordinate]
        return layout.names(AggregateKey(period: 0, region: c.region, sector: c.sector, group: c.group, signal: c.signal),
                            vocabulary: vocabulary)
    }

    /// The grid with its slots renumbered by region, sector, group and signal as text, then
    /// month (each name compared as UTF-8 bytes); coordinates keep their ids.
    public func orderedByName() -> CellGrid {
        var rank = [[Int32: Int]](repeating: [:], count: 4)
        var text = [[Int32: String]](repeating: [:], count: 4)
        for c in coordinates.indices {
            let k = coordinates[c], n = names(c)
            let ids = [k.region, k.sector, k.group, k.signal], t = [n.region, n.sector, n.group, n.signal]
            for f in 0..<4 where text[f][ids[f]] == nil { text[f][ids[f]] = t[f] }
        }
        for f in 0..<4 {
            for (i, (id, _)) in text[f].sorted(by: { Array($0.value.utf8).lexicographicallyPrecedes(Array($1.value.utf8)) }).enumerated() {
                rank[f][id] = i
            }
        }
        let ranked = coordinates.map { k in (rank[0][k.region]!, rank[1][k.sector]!, rank[2][k.group]!, rank[3][k.signal]!) }
        let order = coordinates.indices.sorted { ranked[$0] < ranked[$1] }
        var out = self
        out.cells = []; out.values = []
        out.cells.reserveCapacity(count); out.values.reserveCapacity(values.count)
        for i in out.slotAt.indices { out.slotAt[i] = -1 }
        for c in order {
            for t in 0..<months {
                guard let s = find(cell: c * months + t) else { continue }
                let slot = out.slot(cell: c * months + t)
                for m in 0..<width { out.setValue(slot, m, value(s, m)) }
            }
        }
        return out
    }
}

extension AggregateLayout {
    /// Recomputes the ratio measures of each of `count` cells in `values` (cell-major, one
    /// value per measure), and the mean measures of the cells where `means(cell)`.
    func computeDerived(_ values: inout [Double], count: Int, means: (Int) -> Bool) {
        let width = measures.count
        for (m, spec) in measures.enumerated() {
            switch spec.role {
            case let .ratio(num, den, scale):
                for s in 0..<count {
                    let n = values[s * width + num], d = values[s * width + den]
                    values[s * width + m] = (d > 0 && !n.isNaN) ? n / d * scale : .nan
                }
            case let .mean(sum, days):
                for s in 0..<count where means(s) {
                    let n = values[s * width + sum], d = values[s * width + days]
                    values[s * width + m] = (d > 0 && !n.isNaN) ? n / d : .nan
                }
            default: break
            }
        }
    }

    /// Region, sector, group and signal of a key as text (`430102`, `C`, `ALL`); generic
    /// series name them in `vocabulary`.
    func names(_ key: AggregateKey, vocabulary: Vocabulary) -> (region: String, sector: String, group: String, signal: String) {
        if kind == .series {
            return (vocabulary[key.region], vocabulary[key.sector], vocabulary[key.group], vocabulary[key.signal])
        }
        return (String(key.region), FieldDecoding.sectorName(key.sector), FieldDecoding.groupName(key.group), "")
    }
}
