import Codes
import TabularIO

/// One injected (or documented historical) event from a truth file:
/// `event_id,type,region_code,sector,enterprise_id,start,end,magnitude`.
public struct TruthEvent: Sendable, Equatable {
    public let id: String
    /// Event type as spelled in the file (`sector_downturn`, `mass_layoff`, `data_break`, …).
    public let type: String
    public let region: RegionCode
    /// `nil` for all sectors (`ALL` or blank).
    public let sector: String?
    public let enterpriseID: String?
    public let start: Period
    public let end: Period
    public let magnitude: Double

    public init(id: String, type: String, region: RegionCode, sector: String?, enterpriseID: String?,
                start: Period, end: Period, magnitude: Double) {
        self.id = id; self.type = type; self.region = region; self.sector = sector
        self.enterpriseID = enterpriseID; self.start = start; self.end = end; self.magnitude = magnitude
    }

    /// Event types that are not job loss but a change in how a source counts: they should
    /// raise data-quality alerts, never unemployment alerts.
    public static let dataQualityTypes: Set<String> = ["data_break"]

    /// The month the event reaches its full size. Sudden events peak when they start;
    /// build-ups (`gradual_deterioration`, `wage_arrears`) at their end; downturns after their
    /// slide (`sector_downturn` 3 months, `province_shock` 2 months, as the bundled generator
    /// injects them), never after `end`.
    public var peak: Period {
        switch type {
        case "gradual_deterioration", "wage_arrears": return end
        case "sector_downturn": return min(start + 2, end)
        case "province_shock": return min(start + 1, end)
        default: return start
        }
    }

    /// Reads a truth file.
    /// - Throws: `CSVError` naming the line and column of anything malformed.
    public static func read(path: String) throws -> [TruthEvent] {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else {
            throw CSVError(file: path, line: 1, column: 0, message: "empty truth file; expected a header row")
        }
        let required = ["event_id", "type", "region_code", "sector", "enterprise_id", "start", "end", "magnitude"]
        var col: [String: Int] = [:]
        for (i, n) in header.fields.enumerated() { col[n] = i }
        for r in required where col[r] == nil {
            throw CSVError(file: path, line: header.line, column: 0, message: "missing required column \"\(r)\"")
        }
        var events: [TruthEvent] = []
        while let rec = try reader.next() {
            let f = rec.fields
            func field(_ n: String) -> String { col[n]! < f.count ? f[col[n]!] : "" }
            func fail(_ n: String, _ what: String) -> CSVError {
                CSVError(file: path, line: rec.line, column: col[n]! + 1, message: "expected \(what) in column \"\(n)\", found \"\(field(n))\"")
            }
            guard let region = RegionCode(field("region_code")) else { throw fail("region_code", "a 6-digit region code") }
            guard let start = Period(field("start")) else { throw fail("start", "a month YYYY-MM") }
            guard let end = Period(field("end")), end >= start else { throw fail("end", "a month YYYY-MM not before start") }
            guard let magnitude = Double(field("magnitude")) else { throw fail("magnitude", "a number") }
            let sector = field("sector")
            let ent = field("enterprise_id")
            events.append(TruthEvent(id: field("event_id"), type: field("type"), region: region,
                                     sector: sector.isEmpty || sector == "ALL" ? nil : sector,
                                     enterpriseID: ent.isEmpty ? nil : ent, start: start, end: end, magnitude: magnitude))
        }
        return events
    }
}
