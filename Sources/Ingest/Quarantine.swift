import TabularIO

/// Writes rejected rows so nothing is lost: `line,column,reason`, then the row's
/// original fields under the file's own header (extra fields follow unnamed).
public enum Quarantine {
    public static func write(_ rejected: [RowRejection], header: [String], to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["line", "column", "reason"] + header)
        for r in rejected {
            try w.write([String(r.line), String(r.column), r.problem.description] + r.fields)
        }
        try w.close()
    }
}
