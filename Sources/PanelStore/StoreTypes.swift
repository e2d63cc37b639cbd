import Codes
import Foundation
import Ingest

/// One file in the ingestion ledger. Its `id` is the vintage: every ingested file
/// gets the next number, so "as known at vintage v" means "from files 1...v".
public struct LedgerEntry: Sendable, Equatable {
    public let id: Int64
    /// SHA-256 of the file's bytes as stored (compressed bytes for `.gz`), lower-case hex.
    public let sha256: String
    public let path: String
    public let kind: SignalKind
    public let ingestedAt: Date
    public let rowsRead: Int
    public let accepted: Int
    public let rejected: Int
    public let duplicates: Int
    /// Where rejected rows were written, if any were.
    public let quarantinePath: String?
    /// When `ingest --withdraw` took this vintage's figures out of the store, if it did.
    public var withdrawnAt: Date? = nil
}

/// What `Store.ingest` did with one file.
public enum IngestOutcome: Sendable {
    /// New content: stored as a new vintage.
    case ingested(LedgerEntry, IngestReport)
    /// The same bytes were ingested before: nothing changed.
    case alreadyIngested(LedgerEntry)
}

/// Which vintage of the data to read.
public enum KnownAt: Sendable, Equatable {
    /// Everything ingested so far.
    case latest
    /// Files up to and including this ledger id.
    case vintage(Int64)
    /// Files ingested at or before this instant (for backtests: "what was known then").
    case date(Date)
}

/// One enterprise's month, merged from its payroll and insurance rows (latest file wins
/// for each). `nil` where that source has not reported.
public struct EnterpriseMonth: Sendable, Equatable {
    public let enterpriseID: String
    public let period: Period
    public let region: String
    public let sector: String
    public let headcount: Int?
    public let wagesCNY: Double?
    public let daysLate: Int?
    public let insured: Int?
    public let enrolled: Int?
    public let separated: Int?
    public let arrearsCNY: Double?

    public init(enterpriseID: String, period: Period, region: String, sector: String, headcount: Int?,
                wagesCNY: Double?, daysLate: Int?, insured: Int?, enrolled: Int?, separated: Int?, arrearsCNY: Double?) {
        self.enterpriseID = enterpriseID; self.period = period; self.region = region; self.sector = sector
        self.headcount = headcount; self.wagesCNY = wagesCNY; self.daysLate = daysLate; self.insured = insured
        self.enrolled = enrolled; self.separated = separated; self.arrearsCNY = arrearsCNY
    }
}

/// An entry of the enterprise registry (重点企业名录).
public struct Enterprise: Sendable, Equatable {
    public let enterpriseID: String
    public let name: String
    public let region: String
    public let sector: String
    public let isKeyEnterprise: Bool
}

/// A store-level failure, with what was being done.
public struct StoreError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
