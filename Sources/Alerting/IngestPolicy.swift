/// How `run` screens input files before storing them (the `ingest:` section of the config).
///
/// ```yaml
/// ingest:
///   future_months: 1
/// ```
public struct IngestPolicy: Sendable, Codable, Equatable {
    /// Rows dated more than this many months after the current month are rejected to the
    /// quarantine. One month by default: files for the coming month sometimes arrive a few
    /// days early, while a row dated years ahead is a typo that would otherwise move every
    /// later run to that month.
    public var futureMonths: Int
    enum CodingKeys: String, CodingKey { case futureMonths = "future_months" }
    public init(futureMonths: Int) { self.futureMonths = futureMonths }

    public static let defaults = IngestPolicy(futureMonths: 1)
}

extension AlertConfig {
    /// The ingest policy in force: the config's, or the defaults.
    public var ingestPolicy: IngestPolicy { ingest ?? .defaults }
}
