import Codes
import PanelData

/// What the enterprises behind one region × sector cell look like in a month, for
/// disclosure control.
public struct CellComposition: Sendable, Equatable, Codable {
    /// Enterprises reporting a positive headcount.
    public var enterprises: Int
    /// Share of the cell's headcount held by its `dominanceCount` largest enterprises.
    public var topShare: Double

    public init(enterprises: Int, topShare: Double) { self.enterprises = enterprises; self.topShare = topShare }

    /// Compositions of every cell at every level of the region and sector roll-ups
    /// (county → city → province by code prefix, sector → ALL), for `period`.
    public static func compute(_ enterprises: [EnterpriseSeries], period: Period, dominanceCount n: Int) -> [CellKey: CellComposition] {
        var sizes: [CellKey: [Double]] = [:]
        for e in enterprises {
            guard let t = e.index(of: period) ?? e.lastObservedIndex(onOrBefore: period) else { continue }
            let h = e.headcount[t]
            guard h > 0 else { continue }
            for cell in CellKey.rollUps(region: e.region, sector: e.sector) { sizes[cell, default: []].append(h) }
        }
        var out: [CellKey: CellComposition] = [:]
        for (k, v) in sizes {
            let total = v.reduce(0, +)
            let top = v.sorted(by: >).prefix(n).reduce(0, +)
            out[k] = CellComposition(enterprises: v.count, topShare: total > 0 ? top / total : 1)
        }
        return out
    }
}

/// A region × sector cell.
public struct CellKey: Hashable, Sendable, Codable {
    public var region: String
    public var sector: String
    public init(region: String, sector: String) { self.region = region; self.sector = sector }

    /// The cells a firm in `region` × `sector` is summed into: the region and every enclosing
    /// division (county → city → province by code prefix; a code outside GB/T 2260 is an area
    /// of its own), each in the firm's sector and in `ALL`. Most specific region first.
    static func rollUps(region: String, sector: String) -> [CellKey] {
        let regions = RegionCode(region).map { $0.lineage.map(\.description) } ?? [region]
        let sectors = sector == "ALL" ? ["ALL"] : [sector, "ALL"]
        return regions.flatMap { r in sectors.map { CellKey(region: r, sector: $0) } }
    }
}
