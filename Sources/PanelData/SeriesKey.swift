/// Identifies one monthly series: region × sector × key group × signal.
///
/// Components are text so that generic `series` files with their own ids fit too;
/// the ingest stage writes canonical codes (`430100`, `C`, `ALL`, `payroll_headcount`).
public struct SeriesKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let region: String
    public let sector: String
    /// Key group, `ALL` when the source has none.
    public let group: String
    public let signal: String

    public init(region: String, sector: String, group: String = "ALL", signal: String) {
        self.region = region; self.sector = sector; self.group = group; self.signal = signal
    }

    public var description: String { "\(region)/\(sector)/\(group)/\(signal)" }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        (a.region, a.sector, a.group, a.signal) < (b.region, b.sector, b.group, b.signal)
    }
}
