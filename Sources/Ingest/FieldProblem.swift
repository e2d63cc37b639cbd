import Codes
import TabularIO

/// Why one field of a row was not accepted. Each case names the column and shows what
/// was found, so the message reads like a compiler diagnostic.
public enum FieldProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(column: String)
    case fieldCount(expected: Int, found: Int)
    case notCount(column: String, found: String)
    /// A negative count or amount; `expected` is "integer" or "amount".
    case negative(column: String, found: String, expected: String)
    case notAmount(column: String, found: String)
    case notNumber(column: String, found: String)
    case rateOutOfRange(column: String, found: String)
    case period(column: String, found: String)
    case date(column: String, found: String)
    /// A month after the latest one accepted (the current month plus the tolerance).
    case future(column: String, found: String, latest: Period)
    case region(column: String, found: String)
    case sector(column: String, found: String)
    case group(column: String, found: String)
    case flag(column: String, found: String)
    case creditCode(column: String, found: String, problem: CreditCode.Problem)
    /// A malformed CSV record (quoting, NUL byte, over-long line).
    case malformed(String)

    public var description: String {
        switch self {
        case .missing(let c): return "expected a value in column \"\(c)\", found an empty field"
        case let .fieldCount(e, f): return "expected \(e) fields as in the header, found \(f)"
        case let .notCount(c, f): return "expected a non-negative integer in column \"\(c)\", found \(f)"
        case let .negative(c, f, e): return "expected a non-negative \(e) in column \"\(c)\", found \(f)"
        case let .notAmount(c, f): return "expected a non-negative amount with at most 2 decimals in column \"\(c)\", found \(f)"
        case let .notNumber(c, f): return "expected a number in column \"\(c)\", found \(f)"
        case let .rateOutOfRange(c, f): return "expected a percentage between 0 and 100 in column \"\(c)\", found \(f)"
        case let .period(c, f): return "expected a month as YYYY-MM (years \(Period.validYears.lowerBound)-\(Period.validYears.upperBound)) in column \"\(c)\", found \(f)"
        case let .date(c, f): return "expected a date as YYYY-MM-DD in column \"\(c)\", found \(f)"
        case let .future(c, f, l): return "expected a month no later than \(l) (the current month plus the tolerance for early files) in column \"\(c)\", found \(f)"
        case let .region(c, f): return "expected a 6-digit administrative division code (GB/T 2260) in column \"\(c)\", found \(f)"
        case let .sector(c, f): return "expected a GB/T 4754 section letter A-T or a 2-digit division code in column \"\(c)\", found \(f)"
        case let .group(c, f): return "expected a key group (\(KeyGroup.allCases.filter { $0 != .all }.map(\.rawValue).joined(separator: ", ")) or an empty field in column \"\(c)\", found \(f)"
        case let .flag(c, f): return "expected 0 or 1 in column \"\(c)\", found \(f)"
        case let .creditCode(c, f, p): return "invalid Unified Social Credit Code in column \"\(c)\" (GB 32100-2015): \(p); found \(f)"
        case .malformed(let m): return m
        }
    }
}

/// A row that was read but not accepted: where, why, and its original fields.
public struct RowRejection: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// 1-based column of the offending field; 0 when the row as a whole is wrong.
    public let column: Int
    public let problem: FieldProblem
    public let fields: [String]

    public init(file: String, line: Int, column: Int, problem: FieldProblem, fields: [String]) {
        self.file = file; self.line = line; self.column = column; self.problem = problem; self.fields = fields
    }

    public var error: CSVError { CSVError(file: file, line: line, column: column, message: problem.description) }
    public var description: String { error.description }
}

/// A later row that replaced an earlier one with the same key (the later one wins).
public struct DuplicateRow: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The row that wins.
    public let line: Int
    /// The row it replaced.
    public let replacedLine: Int
    /// The key, e.g. `enterprise 91430102MA5FHK410A, period 2016-01`.
    public let key: String

    public var description: String {
        "\(file):\(line):0: duplicate row for \(key); it replaces line \(replacedLine) (the later row wins)"
    }
}

/// A field problem with the 0-based index of its column.
struct FieldIssue: Error {
    let index: Int
    let problem: FieldProblem
}
