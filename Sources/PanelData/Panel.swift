import Codes

/// The dense monthly panel: `periodCount` months × `keys.count` series, column-major,
/// one column per series, `NaN` where a month was not observed (the missing-value mask).
///
/// Column-major with one series per column means the whole panel is the right-hand
/// side of a single GEMM against a shared design's solution operator.
public struct Panel: Sendable {
    /// First month of the panel.
    public let start: Period
    /// Number of months.
    public let periodCount: Int
    /// Series, one per column, in column order.
    public let keys: [SeriesKey]
    /// `periodCount × keys.count` values, column-major; `NaN` marks a missing month.
    public var values: [Double]

    public init(start: Period, periodCount: Int, keys: [SeriesKey], values: [Double]) {
        precondition(values.count == periodCount * keys.count, "panel storage has the wrong size")
        self.start = start; self.periodCount = periodCount; self.keys = keys; self.values = values
    }

    public var seriesCount: Int { keys.count }
    public var periods: [Period] { (0..<periodCount).map { start + $0 } }

    @inlinable
    public subscript(t: Int, s: Int) -> Double {
        get { values[t + s * periodCount] }
        set { values[t + s * periodCount] = newValue }
    }

    /// The column of each series key (built on each call: keep it when looking up many).
    public var columnIndex: [SeriesKey: Int] {
        Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { $1 })
    }

    /// Whether month `t` of series `s` was observed.
    public func isObserved(_ t: Int, _ s: Int) -> Bool { !values[t + s * periodCount].isNaN }

    /// The values of series `s`.
    public func series(_ s: Int) -> ArraySlice<Double> {
        values[(s * periodCount)..<((s + 1) * periodCount)]
    }

    /// Number of observed months in series `s`.
    public func observedCount(_ s: Int) -> Int {
        series(s).reduce(0) { $1.isNaN ? $0 : $0 + 1 }
    }
}
