/// A dense, column-major matrix of `Double`.
///
/// Element (i, j) lives at `storage[i + j * rows]`, the layout BLAS and LAPACK
/// expect with a leading dimension equal to `rows`, so no copy is needed to call them.
public struct Matrix: Sendable, Equatable {
    /// Number of rows (at least 0).
    public let rows: Int
    /// Number of columns (at least 0).
    public let cols: Int
    /// Column-major elements, `rows * cols` of them.
    public var storage: [Double]

    /// A matrix with every element equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over existing column-major storage.
    /// - Precondition: `columnMajor.count == rows * cols`.
    public init(rows: Int, cols: Int, columnMajor: [Double]) {
        precondition(columnMajor.count == rows * cols,
                     "expected \(rows * cols) elements for a \(rows)x\(cols) matrix, got \(columnMajor.count)")
        self.rows = rows
        self.cols = cols
        self.storage = columnMajor
    }

    /// A matrix from nested rows, convenient in tests: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        var s = [Double](repeating: 0, count: r * c)
        for (i, row) in rowArrays.enumerated() {
            precondition(row.count == c, "row \(i) has \(row.count) elements, expected \(c)")
            for j in 0..<c { s[i + j * r] = row[j] }
        }
        self.init(rows: r, cols: c, columnMajor: s)
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Double {
        get { storage[row + col * rows] }
        set { storage[row + col * rows] = newValue }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        (0..<cols).map { storage[i + $0 * rows] }
    }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for j in 0..<cols {
            for i in 0..<rows { t.storage[j + i * cols] = storage[i + j * rows] }
        }
        return t
    }

    /// The columns `range` as a new matrix (one contiguous copy).
    public func columns(_ range: Range<Int>) -> Matrix {
        Matrix(rows: rows, cols: range.count,
               columnMajor: Array(storage[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }
}
