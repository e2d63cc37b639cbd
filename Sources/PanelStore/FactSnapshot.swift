import Codes
import Dispatch
import Foundation
import Ingest
import PanelData
import Parallel

/// The store's fact blocks up to a vintage, read once and held compressed in memory, so the
/// panel and the enterprise series as known at any vintage and month up to it are sliced
/// here without going back to the file (a backtest reads the store once for all months).
///
/// ```swift
/// let facts = try store.snapshot()
/// for month in months {
///     guard let known = facts.vintage(knownAtMonth: month) else { continue }
///     let panel = try facts.panel(asOf: month, knownAt: known)
///     let firms = try facts.enterpriseSeries(from: panel.start, through: month, knownAt: known)
/// }
/// ```
public struct FactSnapshot: Sendable {
    struct Ingestion: Sendable {
        let id: Int64
        let kind: SignalKind
        let ingestedAt: Double
    }

    struct Block: Sendable {
        let ingestion: Int64
        let kind: SignalKind
        let firstPeriod: Int32
        let lastPeriod: Int32
        let firstKey: String?
        let lastKey: String?
        let data: [UInt8]
    }

    /// Every ledger entry, oldest first (vintages resolve against all of them).
    let ledger: [Ingestion]
    /// Cell blocks, one per file, oldest file first.
    let cells: [Block]
    /// Enterprise blocks, oldest file first, then in credit-code order.
    let enterprise: [Block]
    /// Names the store in errors.
    let label: String
    /// The whole panel of the last vintage asked for; a panel as of an earlier month is
    /// sliced from it (a backtest asks for one vintage month after month).
    let panels = PanelCache()

    /// Compressed bytes held (for the benchmark's memory accounting).
    public var compressedBytes: Int { (cells + enterprise).reduce(0) { $0 + $1.data.count } }

    /// The highest ledger id included by `knownAt`, or `nil` when nothing qualifies.
    public func vintage(_ knownAt: KnownAt) -> Int64? {
        switch knownAt {
        case .latest: return ledger.last?.id
        case .vintage(let v): return v
        case .date(let d):
            let t = d.timeIntervalSince1970
            return ledger.last { $0.ingestedAt <= t }?.id
        }
    }

    /// The vintage a backtest sees at `month` (see `Store.vintage(knownAtMonth:)`).
    public func vintage(knownAtMonth month: Period) -> KnownAt? {
        let m = Int32(month.index)
        return cells.last { $0.firstPeriod <= m }.map { .vintage($0.ingestion) }
    }

    // MARK: - Panel

    /// Every panel series as known at `knownAt`, months up to `asOf` (see `Store.panel`).
    ///
    /// The whole panel of the vintage is built once and kept (`panels`); for `asOf` it is
    /// cut to the months through `asOf` and to the series observed in them. That is the
    /// panel built from the cells through `asOf` alone, to the bit: each cell's value is the
    /// latest file's, roll-ups and ratios are formed month by month from the cells of that
    /// month in the same order, and columns are in key order either way.
    public func panel(asOf: Period? = nil, knownAt: KnownAt = .latest) throws -> Panel {
        let empty = Panel(start: asOf ?? Period(year: 2000, month: 1), periodCount: 0, keys: [], values: [])
        guard let v = vintage(knownAt) else { return empty }
        let full: Panel
        if let cached = panels.panel(vintage: v) {
            full = cached
        } else {
            full = try builtPanel(asOf: nil, knownAt: .vintage(v))
            panels.keep(full, vintage: v)
        }
        guard let asOf else { return full }
        return full.observed(through: asOf) ?? empty
    }

    /// Every panel series as known at `knownAt`, months up to `asOf`, built from the cells
    /// (no cache).
    func builtPanel(asOf: Period?, knownAt: KnownAt) throws -> Panel {
        var assembly = PanelAssembly()
        for base in try baseGrids(asOf: asOf, knownAt: knownAt) { assembly.add(base.rolledUp()) }
        return assembly.panel(emptyStart: asOf ?? Period(year: 2000, month: 1))
    }

    /// The stored cells of each kind at their source grain, latest vintage per cell: each
    /// file's cells replace the same cells of earlier files, measure by measure (a blank
    /// included), then ratios and means are recomputed. Kinds in `SignalKind.allCases` order.
    func baseGrids(asOf: Period?, knownAt: KnownAt) throws -> [CellGrid] {
        guard let v = vintage(knownAt) else { return [] }
        let last = Int32(clamping: asOf?.index ?? Int(Int32.max))
        var blocks = [[CellBlock.Columns]](repeating: [], count: SignalKind.allCases.count)
        for b in cells where b.ingestion <= v && b.firstPeriod <= last {
            let t = try CellBlock.decode(b.data, label: "\(label): cells of file \(b.ingestion)")
            blocks[SignalKind.allCases.firstIndex(of: t.kind)!].append(t)
        }
        return zip(SignalKind.allCases, blocks).compactMap { kind, blocks in
            guard !blocks.isEmpty else { return nil }
            var grid = FactSnapshot.latestCells(blocks, layout: AggregateLayout.of(kind), through: last).orderedByName()
            grid.computeDerived()
            return grid
        }
    }

    /// The cells of `blocks` (oldest file first) through period `last`, each cell's stored
    /// measures from the last block that has the cell.
    static func latestCells(_ blocks: [CellBlock.Columns], layout: AggregateLayout, through last: Int32) -> CellGrid {
        var p0 = Int64.max, p1 = Int64.min
        for b in blocks {
            for p in b.period where p <= Int64(last) { p0 = min(p0, p); p1 = max(p1, p) }
        }
        guard p0 <= p1 else { return CellGrid(layout: layout, firstPeriod: 0, months: 0) }
        var grid = CellGrid(layout: layout, firstPeriod: Int32(p0), months: Int(p1 - p0) + 1)
        let stored = layout.measures.indices.filter { !layout.measures[$0].isDerived }
        let series = layout.kind == .series
        for b in blocks {
            let ids = series ? b.vocabulary.map { grid.vocabulary.id($0) } : []
            var previous: (CellGrid.Coordinate, Int)?
            for s in 0..<b.count where b.period[s] <= Int64(last) {
                var k = CellGrid.Coordinate(region: Int32(b.region[s]), sector: Int32(b.sector[s]), group: Int32(b.group[s]),
                                            signal: Int32(b.signal[s]))
                if series {
                    k = CellGrid.Coordinate(region: ids[Int(k.region)], sector: ids[Int(k.sector)], group: ids[Int(k.group)],
                                            signal: ids[Int(k.signal)])
                }
                let c: Int
                if let (pk, pc) = previous, pk == k { c = pc } else { c = grid.coordinate(k); previous = (k, c) }
                let slot = grid.slot(cell: grid.cell(c, period: Int32(b.period[s])))
                for m in stored { grid.setValue(slot, m, b.values[m * b.count + s]) }
            }
        }
        return grid
    }

    // MARK: - Enterprises

    /// Each enterprise's monthly payroll and insurance figures from `from` through `through`
    /// as known at `knownAt`, in credit-code order; only enterprises with a row in the range.
    ///
    /// For each enterprise and month the latest file of each kind that has a row wins
    /// (payroll gives headcount, wages and days late; insurance gives arrears). The region
    /// and sector are those of the enterprise's first month in the range, as the latest
    /// file to report that month gives them. Memory: 20 bytes per enterprise-month (five
    /// 32-bit columns shared by all enterprises, `SeriesOverlay`) plus one small record per
    /// enterprise; nothing per row.
    public func enterpriseSeries(from: Period, through: Period, knownAt: KnownAt = .latest) throws -> [EnterpriseMonthlySeries] {
        guard let v = vintage(knownAt), through >= from else { return [] }
        let lo = Int32(from.index), hi = Int32(through.index)
        let T = Int(hi - lo) + 1
        var state = SeriesOverlay(months: T)
        let blocks = enterprise.filter { $0.ingestion <= v && $0.lastPeriod >= lo && $0.firstPeriod <= hi }
        // Blocks are decoded a few at a time, one per core, and laid over the series in file
        // order (the overlay must go in order; decoding need not): while this thread lays
        // one batch over the series, the next batch is decoded on the other cores.
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let batches = stride(from: 0, to: blocks.count, by: width).map { Array(blocks[$0..<min(blocks.count, $0 + width)]) }
        var pending = batches.first.map { BatchDecoder($0, label: label) }
        for (n, batch) in batches.enumerated() {
            let decoded = try pending!.wait()
            pending = n + 1 < batches.count ? BatchDecoder(batches[n + 1], label: label) : nil
            for (b, d) in zip(batch, decoded) { state.apply(d, kind: b.kind, lo: lo, hi: hi) }
        }
        return state.finish()
    }

    /// Enterprise-month rows (payroll and insurance merged) as known at `knownAt`, ordered by
    /// enterprise then month (see `Store.enterpriseMonthly`).
    public func enterpriseMonthly(enterpriseID: String? = nil, from: Period? = nil, through: Period? = nil,
                                  knownAt: KnownAt = .latest) throws -> [EnterpriseMonth] {
        guard let v = vintage(knownAt) else { return [] }
        let lo = Int32(clamping: from?.index ?? Int(Int32.min)), hi = Int32(clamping: through?.index ?? Int(Int32.max))
        struct Merged { var region: Int64 = 0; var sector: Int64 = 0; var payroll: [Int64]?; var insurance: [Int64]? }
        var rows: [EnterpriseKey: [Int32: Merged]] = [:]
        for b in enterprise where b.ingestion <= v && b.lastPeriod >= lo && b.firstPeriod <= hi {
            if let id = enterpriseID, let f = b.firstKey, let l = b.lastKey, id < f || id > l { continue }
            let d = try EnterpriseBlock.decode(b.data, label: "\(label): enterprise block of file \(b.ingestion)")
            d.withPayload { bytes in
                for (e, key) in d.keys.enumerated() {
                    if let id = enterpriseID, key.text != id { continue }
                    for t in 0..<d.months {
                        let i = e * d.months + t, p = d.firstPeriod + Int32(t)
                        guard d.present(bytes, i), p >= lo, p <= hi else { continue }
                        var r = rows[key, default: [:]][p] ?? Merged()
                        r.region = d.region.value(bytes, i); r.sector = d.sector.value(bytes, i)
                        let m = d.m.map { $0.value(bytes, i) }
                        if b.kind == .payroll { r.payroll = m } else { r.insurance = m }
                        rows[key, default: [:]][p] = r
                    }
                }
            }
        }
        var out: [EnterpriseMonth] = []
        for key in rows.keys.sorted() {
            let id = key.text
            for (p, r) in rows[key]!.sorted(by: { $0.key < $1.key }) {
                let pay = r.payroll, ins = r.insurance
                out.append(EnterpriseMonth(
                    enterpriseID: id, period: Period(index: Int(p)), region: String(r.region),
                    sector: String(UnicodeScalar(UInt8(65 + r.sector))),
                    headcount: pay.map { Int($0[0]) }, wagesCNY: pay.map { Double($0[1]) / 100 },
                    daysLate: pay.flatMap { $0[2] < 0 ? nil : Int($0[2]) },
                    insured: ins.map { Int($0[0]) }, enrolled: ins.map { Int($0[1]) }, separated: ins.map { Int($0[2]) },
                    arrearsCNY: ins.flatMap { $0[3] < 0 ? nil : Double($0[3]) / 100 }))
            }
        }
        return out
    }
}

/// One batch of enterprise blocks decoded on other threads (one block per core) while the
/// caller works on the batch before.
///
/// The batch runs on a thread of its own, not on a queue of the shared pool: a backtest
/// reads months from pool threads, and a pool thread waiting for work queued behind itself
/// could wait for ever.
final class BatchDecoder: @unchecked Sendable {  // `result` is written before `group.leave()` and read after `group.wait()`
    private let group = DispatchGroup()
    private var result: Result<[EnterpriseBlock.Decoded], any Error>?

    init(_ blocks: [FactSnapshot.Block], label: String) {
        group.enter()
        Thread { [self] in
            result = Result {
                try concurrentMap(blocks.count) { k in
                    try EnterpriseBlock.decode(blocks[k].data, label: "\(label): enterprise block of file \(blocks[k].ingestion)")
                }
            }
            group.leave()
        }.start()
    }

    /// The decoded blocks, in order, once every one is done.
    /// - Throws: the first block's error, in order.
    func wait() throws -> [EnterpriseBlock.Decoded] {
        group.wait()
        return try result!.get()
    }
}

/// The last whole panel a `FactSnapshot` built, with its vintage.
final class PanelCache: @unchecked Sendable {  // every access to `entry` holds `lock`
    private let lock = NSLock()
    private var entry: (vintage: Int64, panel: Panel)?

    func panel(vintage: Int64) -> Panel? {
        lock.lock(); defer { lock.unlock() }
        return entry?.vintage == vintage ? entry?.panel : nil
    }

    func keep(_ panel: Panel, vintage: Int64) {
        lock.lock(); defer { lock.unlock() }
        entry = (vintage, panel)
    }
}

extension Panel {
    /// The months through `last` up to the last one observed in any series, and the series
    /// observed in them, in the same order; `nil` when nothing is observed by `last`.
    /// The panel's first month must be observed (as a panel built from cells is).
    func observed(through last: Period) -> Panel? {
        let limit = Swift.min(periodCount, last - start + 1)
        guard limit > 0 else { return nil }
        var kept: [Int] = [], lastObserved = -1
        values.withUnsafeBufferPointer { v in
            for s in 0..<seriesCount {
                let base = s * periodCount
                var seen = -1
                for t in stride(from: limit - 1, through: 0, by: -1) where !v[base + t].isNaN { seen = t; break }
                if seen >= 0 { kept.append(s); lastObserved = Swift.max(lastObserved, seen) }
            }
        }
        guard lastObserved >= 0 else { return nil }
        let T = lastObserved + 1
        if T == periodCount && kept.count == seriesCount { return self }
        var out = [Double]()
        out.reserveCapacity(T * kept.count)
        for s in kept { out.append(contentsOf: values[(s * periodCount)..<(s * periodCount + T)]) }
        return Panel(start: start, periodCount: T, keys: kept.map { keys[$0] }, values: out)
    }
}
