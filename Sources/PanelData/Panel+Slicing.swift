import Codes

extension Panel {
    /// The months up to and including `last` (all of them when `last` is at or past the end;
    /// none when it is before `start`).
    public func truncated(through last: Period) -> Panel {
        let keep = Swift.max(0, Swift.min(periodCount, last - start + 1))
        if keep == periodCount { return self }
        var v = [Double](repeating: .nan, count: keep * seriesCount)
        for s in 0..<seriesCount {
            for t in 0..<keep { v[t + s * keep] = self[t, s] }
        }
        return Panel(start: start, periodCount: keep, keys: keys, values: v)
    }

    /// The panel restricted to the columns `cols`, in that order.
    public func columns(_ cols: [Int]) -> Panel {
        var v = [Double]()
        v.reserveCapacity(cols.count * periodCount)
        for s in cols { v.append(contentsOf: series(s)) }
        return Panel(start: start, periodCount: periodCount, keys: cols.map { keys[$0] }, values: v)
    }

    /// The columns `series`, months up to and including `through`.
    public func selecting(_ series: [Int], through: Period) -> Panel {
        columns(series).truncated(through: through)
    }
}
