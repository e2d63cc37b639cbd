/// A problem at a place in a delimited text file, printed like a compiler diagnostic:
/// `payroll-2025-03.csv:1207:5: expected a non-negative integer in column "headcount", found "-3"`.
///
/// `line` is the 1-based physical line where the record starts; `column` is the 1-based
/// field number (0 when the problem concerns the whole record or file).
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
