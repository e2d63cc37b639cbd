import Codes
import Foundation
import TabularIO

extension TruthEvent {
    /// The columns every truth file has.
    public static let header = ["event_id", "type", "region_code", "sector", "enterprise_id", "start", "end", "magnitude"]
    /// The columns a truth file with `none` rows adds: `cause` (a `QuietCause`, blank for
    /// events) and `signal` (the column or series a quiet case touches).
    public static let quietColumns = ["cause", "signal"]

    /// The row's fields under `header`, followed by `quietColumns` when `withCause`.
    public func fields(withCause: Bool = false) -> [String] {
        let base = [id, type.rawValue, region.description, sector ?? "ALL", enterpriseID ?? "", start.description,
                    end.description, String(format: "%.3f", magnitude)]
        return withCause ? base + [cause?.rawValue ?? "", signal] : base
    }

    /// Reads a truth file: the columns of `header` (any order), and optionally `cause` and
    /// `signal`; a `none` row must name its cause.
    /// - Throws: `IOFailure` when the file cannot be opened; `CSVError` naming the line and
    ///   column of anything malformed.
    public static func read(path: String) throws -> [TruthEvent] {
        let reader = try CSVReader(path: path)
        guard let head = try reader.next() else {
            throw CSVError(file: path, line: 1, column: 0, message: "empty truth file; expected a header row")
        }
        var col: [String: Int] = [:]
        for (i, n) in head.fields.enumerated() { col[n] = i }
        for r in header where col[r] == nil {
            throw CSVError(file: path, line: head.line, column: 0, message: "missing required column \"\(r)\"")
        }
        var events: [TruthEvent] = []
        while let rec = try reader.next() {
            let f = rec.fields
            func field(_ n: String) -> String { col[n].map { $0 < f.count ? f[$0] : "" } ?? "" }
            func fail(_ n: String, _ what: String) -> CSVError {
                CSVError(file: path, line: rec.line, column: (col[n] ?? 0) + 1,
                         message: "expected \(what) in column \"\(n)\", found \"\(field(n))\"")
            }
            guard let region = RegionCode(field("region_code")) else { throw fail("region_code", "a 6-digit region code") }
            guard let start = Period(field("start")) else { throw fail("start", "a month YYYY-MM") }
            guard let end = Period(field("end")), end >= start else { throw fail("end", "a month YYYY-MM not before start") }
            guard let magnitude = Double(field("magnitude")) else { throw fail("magnitude", "a number") }
            let type = EventType(rawValue: field("type"))
            var cause: QuietCause?
            if type == .quiet {
                guard let c = QuietCause(rawValue: field("cause")) else {
                    throw fail("cause", "the cause of a \"none\" row (\(QuietCause.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                cause = c
            }
            let sector = field("sector")
            let ent = field("enterprise_id")
            events.append(TruthEvent(id: field("event_id"), type: type, region: region,
                                     sector: sector.isEmpty || sector == "ALL" ? nil : sector,
                                     enterpriseID: ent.isEmpty ? nil : ent, start: start, end: end, magnitude: magnitude,
                                     cause: cause, signal: field("signal")))
        }
        return events
    }
}
