import Alerting
import Codes
import Foundation
import Logging
import PanelData
import Publishing
import TabularIO

/// What `run` feeds the alert stage: the area panel, per-enterprise series and the
/// ledger of input files (path relative to the workspace, SHA-256, size).
struct RunInputs {
    var panel: Panel
    var enterprises: [EnterpriseSeries]
    var ledger: [Manifest.FileDigest]

    /// Reads every generic long-format file (`period,region_code,sector,signal,value[,group]`)
    /// in the inbox into one panel; a later file's value for the same series and month
    /// replaces an earlier one. Rejected rows are logged with file, line and column.
    static func load(_ ws: Workspace, logger: Logger) throws -> RunInputs {
        var ledger: [Manifest.FileDigest] = []
        var parts: [Panel] = []
        for url in try ws.inboxFiles() {
            let data = try Data(contentsOf: url)
            ledger.append(Manifest.FileDigest(path: "inbox/\(url.lastPathComponent)", data: data))
            let header = String(decoding: data.prefix(4096), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let columns = Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            guard columns.isSuperset(of: LongFormat.requiredColumns) else {
                logger.warning("skipped: not a generic series file", metadata: ["file": "\(url.lastPathComponent)"])
                continue
            }
            let r = try LongFormat.read(path: url.path)
            for bad in r.rejected { logger.error("row rejected: \(bad.error)") }
            logger.info("read", metadata: ["file": "\(url.lastPathComponent)", "rows": "\(r.rowsRead)",
                                           "rejected": "\(r.rejected.count)", "series": "\(r.panel.seriesCount)"])
            parts.append(r.panel)
        }
        return RunInputs(panel: Panel.merging(parts), enterprises: [], ledger: ledger)
    }
}

extension Panel {
    /// One panel spanning every part's months and series; later parts win where they overlap.
    static func merging(_ parts: [Panel]) -> Panel {
        let nonEmpty = parts.filter { $0.periodCount > 0 && $0.seriesCount > 0 }
        guard let first = nonEmpty.first else { return Panel(start: Period(index: 0), periodCount: 0, keys: [], values: []) }
        if nonEmpty.count == 1 { return first }
        let start = nonEmpty.map(\.start).min()!
        let end = nonEmpty.map { $0.start + ($0.periodCount - 1) }.max()!
        let T = end - start + 1
        var keys: [SeriesKey] = [], index: [SeriesKey: Int] = [:]
        for p in nonEmpty { for k in p.keys where index[k] == nil { index[k] = keys.count; keys.append(k) } }
        var out = Panel(start: start, periodCount: T, keys: keys, values: [Double](repeating: .nan, count: T * keys.count))
        for p in nonEmpty {
            let off = p.start - start
            for (s, k) in p.keys.enumerated() {
                let col = index[k]!
                for t in 0..<p.periodCount where p.isObserved(t, s) { out[t + off, col] = p[t, s] }
            }
        }
        return out
    }
}
