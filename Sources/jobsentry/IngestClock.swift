import Codes
import Foundation
import Ingest
import Workbench

/// Today's date as far as screening inputs for future months goes: the real clock, or
/// `JOBSENTRY_TODAY=YYYY-MM-DD` (read here, in the executable, so that tests and replays of
/// old inboxes can fix it; library code is always handed the date).
enum IngestClock {
    static func today() throws -> Date {
        guard let text = ProcessInfo.processInfo.environment["JOBSENTRY_TODAY"], !text.isEmpty else { return Date() }
        guard let d = CivilDate(text) else {
            throw InvalidToday(text: text)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 12))!
    }

    /// The latest month an input row may carry: this month (China Standard Time) plus
    /// `toleranceMonths`.
    static func latestAccepted(toleranceMonths: Int) throws -> Period {
        IngestOptions.latestAccepted(today: try today(), toleranceMonths: toleranceMonths)
    }

    struct InvalidToday: Error, CustomStringConvertible {
        let text: String
        var description: String { "JOBSENTRY_TODAY must be a date as YYYY-MM-DD, got \"\(text)\"" }
    }
}

/// The clock handed to the application layer: the only place the executable reads
/// `SOURCE_DATE_EPOCH` (reproducible builds' convention: fixes the messages' sent time and
/// the ledger's ingestion time) and `JOBSENTRY_TODAY`.
enum CommandClock {
    /// `SOURCE_DATE_EPOCH` when set, else now.
    static func now() -> Date {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
    }

    /// The time stamped on messages (`RunClock.sent` of `now()`).
    static func sent() -> String { RunClock.sentText(now()) }

    /// Both instants `run` reads.
    /// - Throws: `IngestClock.InvalidToday` for a `JOBSENTRY_TODAY` that is not a date.
    static func run() throws -> RunClock { RunClock(now: now(), today: try IngestClock.today()) }
}
