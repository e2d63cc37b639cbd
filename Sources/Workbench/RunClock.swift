import Foundation

/// The instants a run reads, handed in by the caller (the CLI reads `SOURCE_DATE_EPOCH` and
/// `JOBSENTRY_TODAY`; nothing in the library reads the environment for them, and the system
/// clock only when the caller asks for `RunClock.system`).
public struct RunClock: Sendable {
    /// When the run happens: stamped on the store's ledger and, as `sent`, on every message.
    public var now: Date
    /// The day future-dated input rows are judged from (`IngestOptions.latestAccepted`).
    public var today: Date

    public init(now: Date, today: Date) { self.now = now; self.today = today }

    /// `now` and `today` both the system's current time.
    public static var system: RunClock { let d = Date(); return RunClock(now: d, today: d) }

    /// `now` as messages carry it: China Standard Time (UTC+08:00), as CAP wants it,
    /// e.g. `2025-01-15T10:00:00+08:00`.
    public var sent: String { Self.sentText(now) }

    public static func sentText(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'+08:00'"
        return f.string(from: date)
    }
}
