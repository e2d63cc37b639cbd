/// One record of a CSV file as a view into the scanner's buffer: no `String` is made
/// unless asked for. Valid only until the scanner's next call.
public struct RawRecord {
    /// 1-based physical line on which the record starts.
    public let line: Int
    /// Number of fields.
    public let count: Int
    /// Set when the record is malformed (bad quoting, over-long line); `fields` then
    /// holds a best-effort split of the physical line, kept for the quarantine file.
    public let problem: CSVError?
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let bounds: UnsafePointer<Int>

    init(line: Int, count: Int, problem: CSVError?, base: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>) {
        self.line = line; self.count = count; self.problem = problem; self.base = base; self.bounds = bounds
    }

    /// The unquoted bytes of field `i` (0-based).
    @inlinable
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = bounds[2 * i], e = bounds[2 * i + 1]
        return UnsafeBufferPointer(start: base + s, count: e - s)
    }

    /// Field `i` decoded as UTF-8 (invalid bytes become U+FFFD).
    public func string(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }

    /// All fields as strings, for messages and the quarantine file.
    public var strings: [String] { (0..<count).map(string) }
}

/// Parsing numbers and codes straight from bytes, for the hot path.
public enum ByteParse {
    /// A non-negative decimal integer of at most 18 digits, or `nil`.
    @inlinable
    public static func unsigned(_ f: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = f.count
        guard n > 0 && n <= 18 else { return nil }
        var v: Int64 = 0
        for k in 0..<n {
            let d = f[k] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
        }
        return v
    }

    /// A non-negative amount with at most two decimals, in hundredths (分 for yuan):
    /// `"1234.5"` → 123450. Exact, so sums of amounts are exact too.
    @inlinable
    public static func hundredths(_ f: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = f.count
        guard n > 0 && n <= 18 else { return nil }
        var v: Int64 = 0
        var k = 0
        while k < n {
            let d = f[k] &- 48
            if d >= 10 { break }
            v = v &* 10 &+ Int64(d)
            k += 1
        }
        if k == n { return v &* 100 }
        guard k > 0, f[k] == UInt8(ascii: "."), n - k - 1 <= 2, n - k - 1 >= 1 else { return nil }
        var frac: Int64 = 0
        var digits = 0
        for j in (k + 1)..<n {
            let d = f[j] &- 48
            guard d < 10 else { return nil }
            frac = frac * 10 + Int64(d); digits += 1
        }
        if digits == 1 { frac *= 10 }
        return v &* 100 &+ frac
    }

    /// A finite decimal number (optional sign, fraction, exponent), or `nil`.
    public static func double(_ f: UnsafeBufferPointer<UInt8>) -> Double? {
        guard f.count > 0 && f.count < 64 else { return nil }
        guard let d = Double(String(decoding: f, as: UTF8.self)), d.isFinite else { return nil }
        return d
    }

    /// Whether the field is empty or only spaces.
    @inlinable
    public static func isBlank(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in f where c != 32 && c != 9 { return false }
        return true
    }

    /// The field for a message: quoted, and shortened past 40 characters.
    public static func show(_ f: UnsafeBufferPointer<UInt8>) -> String {
        if f.count <= 40 { return "\"\(String(decoding: f, as: UTF8.self))\"" }
        let head = String(decoding: UnsafeBufferPointer(rebasing: f[0..<40]), as: UTF8.self)
        return "\"\(head)…\" (\(f.count) bytes)"
    }
}
