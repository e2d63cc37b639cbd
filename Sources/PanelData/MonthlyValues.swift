/// Many enterprises' months of one measure as 32-bit integers in one allocation, written
/// once by the reader that fills it and read-only after it is shared (`MonthlyValues`
/// views it). `MonthColumn.missing` marks a month not reported.
///
/// At a million enterprises over ten years an enterprise's five measures as `Double`
/// arrays are 40 bytes per enterprise-month (4.8 GB); headcounts, insured persons and days
/// late are integers, and wages and arrears integers in fen, so 4 bytes each hold them
/// exactly (20 bytes per enterprise-month).
public final class MonthColumn: @unchecked Sendable {  // filled before it is shared, then only read
    /// Marks a month not reported (`NaN` when read).
    public static let missing = Int32.min
    public let values: UnsafeMutablePointer<Int32>
    public let count: Int

    /// `count` months, every one `missing`.
    public init(count: Int) {
        self.count = count
        values = .allocate(capacity: max(1, count))
        values.initialize(repeating: MonthColumn.missing, count: max(1, count))
    }

    deinit { values.deallocate() }
}

/// One enterprise's monthly figures of one measure (`NaN` = not reported), indexed from 0
/// like the `[Double]` it stands for.
///
/// Either a view of `count` months of a `MonthColumn` (each value `Double(raw) / divisor`:
/// the divisor is 1 for counts and 100 for amounts held in fen), or its own `Double`s: a
/// value written through the subscript first copies the view into its own `Double`s, so a
/// scenario's shock changes this enterprise's figures only. Reading a view gives, bit for
/// bit, the `Double` the store's integer converts to.
public struct MonthlyValues: RandomAccessCollection, MutableCollection, Equatable, ExpressibleByArrayLiteral,
    CustomStringConvertible, @unchecked Sendable {  // `base` points into `column`, which is immutable once shared
    @usableFromInline var column: MonthColumn?
    @usableFromInline var base: UnsafePointer<Int32>?
    @usableFromInline var divisor: Double
    @usableFromInline var doubles: [Double]
    public let count: Int

    /// Own values.
    public init(_ values: [Double]) {
        column = nil; base = nil; divisor = 1; doubles = values; count = values.count
    }

    public init(arrayLiteral elements: Double...) { self.init(elements) }

    /// `count` months of `column` from `offset`, each read as `Double(raw) / divisor`.
    public init(column: MonthColumn, offset: Int, count: Int, divisor: Double) {
        precondition(offset >= 0 && offset + count <= column.count, "monthly values outside their column")
        self.column = column; base = UnsafePointer(column.values + offset); self.divisor = divisor
        doubles = []; self.count = count
    }

    /// `count` months, every one `NaN`.
    public static func missing(count: Int) -> MonthlyValues { MonthlyValues([Double](repeating: .nan, count: count)) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Double {
        get {
            guard let p = base else { return doubles[position] }
            precondition(position >= 0 && position < count, "month index out of range")
            let raw = p[position]
            if raw == MonthColumn.missing { return .nan }
            return divisor == 1 ? Double(raw) : Double(raw) / divisor
        }
        set {
            if base != nil { own() }
            doubles[position] = newValue
        }
    }

    /// The values as an array.
    public var array: [Double] { base == nil ? doubles : Array(self) }

    /// Calls `body` with the values as contiguous `Double`s (a temporary copy for a view).
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        guard base != nil else { return try doubles.withUnsafeBufferPointer(body) }
        return try withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer in
            for i in 0..<count { buffer[i] = self[i] }
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// Calls `body` with the bytes of the values as contiguous `Double`s (see `withUnsafeBufferPointer`).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    public static func == (a: MonthlyValues, b: MonthlyValues) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0] == b[$0] }
    }

    public var description: String { array.description }

    /// Turns a view into own `Double`s.
    @usableFromInline
    mutating func own() {
        doubles = array
        base = nil; column = nil; divisor = 1
    }
}
