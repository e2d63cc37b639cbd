import Codes
import Foundation
import Ingest
import PanelData
import PanelStore
import TabularIO

/// A long-format file, `period,region_code,sector,signal,value[,group]`, read by Ingest's
/// `series` reader (the one `ingest`, `aggregate` and `run` use) and laid out by
/// `PanelAssembly` as the panel `run` builds from the same file: `detect`'s input; and
/// the writer of that format (`panel export`).
///
/// Bad rows are in `report.rejected` with file, line and column, later rows replacing an
/// earlier one of the same series and month in `report.duplicates`; the good rows are kept.
public struct SeriesFile: Sendable {
    /// What the reader made of the file: rows read, rejected, duplicates, ignored columns.
    public let report: IngestReport
    /// One column per series with at least one value, in key order.
    public let panel: Panel
    /// Whether the header has a `group` column (the outputs then carry it too).
    public let hasGroupColumn: Bool

    /// The columns `detect` reads, for messages.
    public static let columns = SignalKind.series.requiredColumns.joined(separator: ",")
        + SignalKind.series.optionalColumns.map { "[,\($0)]" }.joined()

    /// Reads `path` (`-` is standard input; `.gz`, GB18030 and UTF-16 are recognised).
    /// - Parameter progress: called now and then with the decoded bytes so far.
    /// - Throws: `WorkbenchFailure` `.noInput` when the file cannot be opened, `.dataError`
    ///   (with file, line and column) when it is empty, lacks a column or is another kind's
    ///   file. A file without a valid row is read (its rejected rows are in the report);
    ///   `requireRows()` then fails.
    public static func read(path: String, encoding: TextEncoding = .auto, progress: ((Int) -> Void)? = nil) throws -> SeriesFile {
        let report: IngestReport
        do {
            report = try Ingestor.run(path: path, options: IngestOptions(kind: .series, encoding: encoding)) { bytes, _ in
                progress?(bytes)
            }
        } catch IngestError.kindMismatch(let file, _, let header, let detected) {
            let other = detected.map { "the columns of a \($0) file" } ?? "no signal and value columns"
            throw WorkbenchFailure(.dataError, "\(file):1:0: the header \(header.joined(separator: ",")) has \(other); expected the long format \(columns)")
        } catch let e as IngestError {
            throw WorkbenchFailure(e.isUnreadable ? .noInput : .dataError, e.description)
        }
        var assembly = PanelAssembly()
        assembly.add(CellGrid(report.table))
        let group = report.header.contains { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased() == "group" }
        return SeriesFile(report: report, panel: assembly.panel(emptyStart: Period(year: 2000, month: 1)), hasGroupColumn: group)
    }

    /// - Throws: `WorkbenchFailure` `.dataError` when no row was accepted (a header alone,
    ///   or every row rejected), as `ingest` refuses such a file.
    public func requireRows() throws {
        guard report.accepted == 0 else { return }
        let n = report.rowsRead
        let what = n == 0 ? "a header and no data row" : "no valid row (all \(n) rejected)"
        throw WorkbenchFailure(.dataError, "\(report.path):\(n == 0 ? 2 : 1):0: \(what); expected at least one row of \(Self.columns)")
    }

    /// The columns `panel export` writes: the long format with its optional `group`.
    public static let exportHeader = ["period", "region_code", "sector", "group", "signal", "value"]

    /// Writes `panel` in the long format `read` reads: `exportHeader`, then one row per
    /// observed month of each series in column order, values as `NumberText.exact` (the
    /// shortest text that reads back to the same `Double`). Returns the rows written.
    @discardableResult
    public static func write(_ panel: Panel, to w: CSVWriter) throws -> Int {
        try w.write(exportHeader)
        var rows = 0
        for (s, key) in panel.keys.enumerated() {
            for t in 0..<panel.periodCount where panel.isObserved(t, s) {
                try w.write([(panel.start + t).description, key.region, key.sector, key.group, key.signal,
                             NumberText.exact(panel[t, s])])
                rows += 1
            }
        }
        return rows
    }
}
