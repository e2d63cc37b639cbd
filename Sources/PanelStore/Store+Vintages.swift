import Codes
import GRDB

extension Store {
    /// The vintage a backtest sees at `month`: every file whose earliest month is at or
    /// before `month` (a file of later months could not have arrived yet), months after
    /// `month` then being cut by `panel(asOf:)`. A correction of an old month therefore
    /// counts from the month it corrects; with real ingestion times use `KnownAt.date`.
    /// `nil` when no file qualifies.
    public func vintage(knownAtMonth month: Period) throws -> KnownAt? {
        let id = try db.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(ingestion_id) FROM fact_block WHERE part = 'cells' AND first_period <= ?",
                               arguments: [month.index])
        }
        return id.map { .vintage($0) }
    }
}
