import Codes
import PanelData

extension Shock {
    /// Whether series `key` lies inside the selection.
    func selects(_ key: SeriesKey) -> Bool {
        guard key.signal == signal else { return false }
        if let region {
            guard let r = RegionCode(key.region), r.isWithin(region) else { return false }
        }
        if let sector, key.sector != sector.code { return false }
        if let group, key.group != group { return false }
        return true
    }

    /// The series that holds the selection's total at the same sector/group granularity as
    /// `key` (an aggregate above the selection), or `nil` when `key` does not contain the selection.
    func sourceKey(forAggregate key: SeriesKey) -> SeriesKey? {
        guard key.signal == signal, !selects(key) else { return nil }
        // The region must contain the selection region (or be anywhere if none was given).
        guard let r = RegionCode(key.region) else { return nil }
        let selRegion = region ?? r
        guard selRegion.isWithin(r) else { return nil }
        let sectorOK = key.sector == "ALL" || sector == nil || key.sector == sector!.code
        let groupOK = key.group == "ALL" || group == nil || key.group == group!
        guard sectorOK, groupOK else { return nil }
        let sourceSector = sector?.code ?? key.sector
        let sourceGroup = group ?? key.group
        if region == nil && sourceSector == key.sector && sourceGroup == key.group { return nil }
        return SeriesKey(region: selRegion.description, sector: sourceSector, group: sourceGroup, signal: signal)
    }
}

/// What applying shocks changed.
public struct ShockReport: Sendable, Equatable {
    /// Series moved directly by a shock, and aggregates that contain them.
    public var shockedSeries: Int
    public var aggregatesAdjusted: Int
    public var ratiosRecomputed: Int

    public init(shockedSeries: Int, aggregatesAdjusted: Int, ratiosRecomputed: Int) {
        self.shockedSeries = shockedSeries; self.aggregatesAdjusted = aggregatesAdjusted
        self.ratiosRecomputed = ratiosRecomputed
    }
}

extension Panel {
    /// A copy of the panel with `shocks` applied (the original is untouched).
    ///
    /// Series inside a selection move by the same fraction; an absolute change is spread in
    /// proportion to each series' share of the selection total. Aggregates that contain the
    /// selection (the province, all-sector totals) move by the selection total's change, so
    /// sums stay consistent; ratio signals are then recomputed from their parts.
    /// - Parameter asOf: the month a shock without `from` starts.
    public func applying(_ shocks: [Shock], asOf: Period) -> (panel: Panel, report: ShockReport) {
        var out = self
        var report = ShockReport(shockedSeries: 0, aggregatesAdjusted: 0, ratiosRecomputed: 0)
        let T = periodCount
        let index = columnIndex
        var direct = Set<Int>(), aggregates = Set<Int>()
        for shock in shocks {
            let startT = (shock.from ?? asOf) - start
            let endT = shock.months.map { min(T, startT + $0) } ?? T
            guard startT < T, endT > max(0, startT) else { continue }
            // Per-month relative change of the selection, from its total series when known.
            let selectionTotal = SeriesKey(region: shock.region?.description ?? "", sector: shock.sector?.code ?? "ALL",
                                           group: shock.group ?? "ALL", signal: shock.signal)
            var fraction = [Double](repeating: 0, count: T)
            for t in max(0, startT)..<endT {
                let f = shock.rampFactor(t - startT)
                switch shock.change {
                case .relative(let r): fraction[t] = r * f
                case .absolute(let a):
                    if let s = index[selectionTotal], !self[t, s].isNaN, self[t, s] != 0 {
                        fraction[t] = a * f / self[t, s]
                    } else {
                        fraction[t] = .nan
                    }
                }
            }
            var deltas: [SeriesKey: [Double]] = [:]
            for (s, k) in keys.enumerated() where shock.selects(k) {
                var d = [Double](repeating: 0, count: T)
                for t in max(0, startT)..<endT where !self[t, s].isNaN && !fraction[t].isNaN {
                    d[t] = self[t, s] * fraction[t]
                    out[t, s] += d[t]
                }
                deltas[k] = d
                direct.insert(s)
            }
            for (s, k) in keys.enumerated() {
                guard let src = shock.sourceKey(forAggregate: k), let d = deltas[src] else { continue }
                for t in 0..<T where !out[t, s].isNaN { out[t, s] += d[t] }
                aggregates.insert(s)
            }
        }
        // Distinct series: several shocks on one series (an enterprise's month by month) count once.
        report.shockedSeries = direct.count
        report.aggregatesAdjusted = aggregates.subtracting(direct).count
        // Recompute ratios wherever a part moved, keeping each series' own scale (fraction or percent).
        for ratio in RatioSignal.defaults {
            for (s, k) in keys.enumerated() where k.signal == ratio.name {
                let nk = SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: ratio.numerator)
                let dk = SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: ratio.denominator)
                guard let n = index[nk], let d = index[dk] else { continue }
                var changed = false
                for t in 0..<T where out[t, n] != self[t, n] || out[t, d] != self[t, d] {
                    let before = self[t, n] / self[t, d], after = out[t, n] / out[t, d]
                    guard before.isFinite, after.isFinite, before != 0, !self[t, s].isNaN else { continue }
                    out[t, s] = self[t, s] * after / before
                    changed = true
                }
                if changed { report.ratiosRecomputed += 1 }
            }
        }
        return (out, report)
    }
}
