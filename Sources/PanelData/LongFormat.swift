import Codes
import TabularIO

/// A row that was read but not used, with where and why.
public struct RejectedRow: Sendable, Equatable, CustomStringConvertible {
    public let error: CSVError
    /// The original fields, kept so nothing is lost.
    public let fields: [String]
    public var description: String { error.description }
}

/// The generic long format `period,region_code,sector,signal,value[,group]`
/// (columns matched by name, any order, extra columns ignored and reported).
public enum LongFormat {
    public static let requiredColumns = ["period", "region_code", "sector", "signal", "value"]

    /// What reading a long-format file produced.
    public struct ReadResult: Sendable {
        public var panel: Panel
        /// Whether the file had a `group` column (outputs then carry it too).
        public var hasGroupColumn: Bool
        public var rowsRead: Int
        public var rejected: [RejectedRow]
        /// Later rows that replaced an earlier value for the same series and month.
        public var duplicates: [CSVError]
        public var ignoredColumns: [String]
    }

    /// Reads a long-format file into a dense panel.
    ///
    /// Bad rows (malformed period, empty ids, non-numeric or non-finite value, wrong field
    /// count) are returned in `rejected` with file, line and column; good rows are kept.
    /// A value left blank is a missing month, not an error.
    /// - Throws: `CSVError` for an empty file, a missing required column or unreadable CSV;
    ///   `IOFailure` if the file cannot be opened.
    public static func read(path: String) throws -> ReadResult {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else {
            throw CSVError(file: path, line: 1, column: 0,
                           message: "empty file; expected a header row with columns \(requiredColumns.joined(separator: ","))")
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        for c in requiredColumns where index[c] == nil {
            throw CSVError(file: path, line: header.line, column: 0,
                           message: "missing required column \"\(c)\"; the header has \(names.joined(separator: ","))")
        }
        let ip = index["period"]!, ir = index["region_code"]!, isec = index["sector"]!
        let isig = index["signal"]!, iv = index["value"]!
        let ig = index["group"]
        let known = Set(requiredColumns + ["group"])
        let ignored = names.filter { !known.contains($0) }

        var seriesIndex: [SeriesKey: Int] = [:]
        var keys: [SeriesKey] = []
        var cells: [(t: Int, s: Int, v: Double, line: Int)] = []
        var minP = Int.max, maxP = Int.min
        var rejected: [RejectedRow] = []
        var rows = 0
        while let rec = try reader.next() {
            rows += 1
            let f = rec.fields
            func reject(_ col: Int, _ msg: String) {
                rejected.append(RejectedRow(error: CSVError(file: path, line: rec.line, column: col, message: msg), fields: f))
            }
            guard f.count == names.count else {
                reject(0, "expected \(names.count) fields as in the header, found \(f.count)")
                continue
            }
            guard let p = Period(f[ip]) else {
                reject(ip + 1, "expected a month as YYYY-MM in column \"period\", found \"\(f[ip])\"")
                continue
            }
            let region = f[ir], sector = f[isec], signal = f[isig]
            if region.isEmpty { reject(ir + 1, "expected a region code in column \"region_code\", found an empty field"); continue }
            if sector.isEmpty { reject(isec + 1, "expected a sector in column \"sector\", found an empty field"); continue }
            if signal.isEmpty { reject(isig + 1, "expected a signal name in column \"signal\", found an empty field"); continue }
            let group = ig.map { f[$0].isEmpty ? "ALL" : f[$0] } ?? "ALL"
            let raw = f[iv].trimmingSpaces()
            let v: Double
            if raw.isEmpty {
                v = .nan
            } else {
                guard let d = Double(raw), d.isFinite else {
                    reject(iv + 1, "expected a number in column \"value\", found \"\(f[iv])\"")
                    continue
                }
                v = d
            }
            let key = SeriesKey(region: region, sector: sector, group: group, signal: signal)
            let s: Int
            if let e = seriesIndex[key] { s = e } else {
                s = keys.count; seriesIndex[key] = s; keys.append(key)
            }
            minP = min(minP, p.index); maxP = max(maxP, p.index)
            cells.append((p.index, s, v, rec.line))
        }
        let start = Period(index: minP == Int.max ? 0 : minP)
        let T = minP == Int.max ? 0 : maxP - minP + 1
        var values = [Double](repeating: .nan, count: T * keys.count)
        var seen = [Int32](repeating: 0, count: T * keys.count)
        var duplicates: [CSVError] = []
        for c in cells {
            let at = (c.t - start.index) + c.s * T
            if seen[at] != 0 {
                duplicates.append(CSVError(file: path, line: c.line, column: 0,
                    message: "duplicate row for \(keys[c.s]) \(Period(index: c.t)); it replaces line \(seen[at])"))
            }
            seen[at] = Int32(c.line)
            values[at] = c.v
        }
        return ReadResult(panel: Panel(start: start, periodCount: T, keys: keys, values: values),
                          hasGroupColumn: ig != nil, rowsRead: rows, rejected: rejected,
                          duplicates: duplicates, ignoredColumns: ignored)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
