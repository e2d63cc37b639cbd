import Codes
import LinearAlgebra

/// The design matrix of a `SeasonalTrendSpec` for one panel, shared by all its series.
///
/// Columns, in order: `intercept`, `trend` (t/12, years since the first month),
/// `knot_<YYYY-MM>` ((t − τⱼ)₊/12 for each knot month τⱼ), `month_2` … `month_12`
/// (January is the base), and `sf_before`, `sf_after` (share of the Spring Festival
/// windows falling in the month, `Codes.SpringFestival.windowShare`).
/// Rows can run past the fitted months (`rows > fitMonths`) to build forecasts;
/// knots are placed from the fitted months only.
public struct SeasonalTrendDesign: Sendable {
    public let start: Period
    /// Months the model is fitted on; knots lie inside them.
    public let fitMonths: Int
    /// Knot positions t = τⱼ (0-based month offsets).
    public let knots: [Int]
    public let columnNames: [String]
    /// rows × k design.
    public let matrix: Matrix
    /// Columns holding the penalised knot hinges.
    public let knotColumns: Range<Int>
    /// Ridge penalty per column (λ on knot columns, 0 elsewhere), added to XᵀWX.
    public let penalty: [Double]

    public var parameterCount: Int { columnNames.count }

    /// The seasonal columns: month-of-year and Spring Festival (after intercept, trend, knots).
    public var seasonalColumns: Range<Int> { (2 + knots.count)..<columnNames.count }

    /// Builds the design for `rows` months from `start`, with knots for `fitMonths` months.
    public init(spec: SeasonalTrendSpec, start: Period, fitMonths: Int, rows: Int? = nil) {
        let rows = rows ?? fitMonths
        precondition(rows >= fitMonths, "design rows must cover the fitted months")
        var knots: [Int] = []
        if let s = spec.knotSpacing {
            var tau = s
            while tau <= fitMonths - s { knots.append(tau); tau += s }
        }
        var names = ["intercept", "trend"] + knots.map { "knot_\(start + $0)" }
        names += (2...12).map { "month_\($0)" }
        if spec.springFestival != nil { names += ["sf_before", "sf_after"] }
        let k = names.count
        var x = Matrix(rows: rows, cols: k)
        let monthBase = 2 + knots.count
        for t in 0..<rows {
            let p = start + t
            x[t, 0] = 1
            x[t, 1] = Double(t) / 12
            for (j, tau) in knots.enumerated() where t > tau { x[t, 2 + j] = Double(t - tau) / 12 }
            if p.month >= 2 { x[t, monthBase + p.month - 2] = 1 }
            if let w = spec.springFestival {
                x[t, monthBase + 11] = SpringFestival.windowShare(of: p, fromDay: -w.daysBefore, toDay: 0)
                x[t, monthBase + 12] = SpringFestival.windowShare(of: p, fromDay: 0, toDay: w.daysAfter)
            }
        }
        var penalty = [Double](repeating: 0, count: k)
        for j in 0..<knots.count { penalty[2 + j] = spec.knotPenalty }
        self.start = start
        self.fitMonths = fitMonths
        self.knots = knots
        self.columnNames = names
        self.matrix = x
        self.knotColumns = 2..<(2 + knots.count)
        self.penalty = penalty
    }

    /// The distinct pairwise column products Xᵢ∘Xⱼ (i ≥ j) over the first `fitMonths` rows,
    /// and where each packed position of `BatchedCholesky` finds its column: Wᵀ·`matrix`
    /// expanded by `source` is every series' packed XᵀWX. Of the k(k+1)/2 products many
    /// repeat or vanish — a month dummy times itself is the dummy, two different months
    /// never overlap, the intercept times a column is that column — so with 19 parameters
    /// only ~105 of 190 columns are distinct, which nearly halves the Gram GEMM.
    public struct PairwiseProducts: Sendable {
        /// T × u distinct, non-zero products.
        public let matrix: Matrix
        /// For packed index p, the column of `matrix` holding it, or -1 for an all-zero product.
        public let source: [Int]
    }

    public func pairwiseProducts() -> PairwiseProducts {
        let k = parameterCount, T = fitMonths
        var columns: [[Double]] = [], seen: [[Double]: Int] = [:]
        var source = [Int](repeating: -1, count: BatchedCholesky.packedCount(order: k))
        for j in 0..<k {
            for i in j..<k {
                let c = (0..<T).map { matrix[$0, i] * matrix[$0, j] }
                guard c.contains(where: { $0 != 0 }) else { continue }
                if let e = seen[c] { source[BatchedCholesky.packedIndex(row: i, col: j, order: k)] = e; continue }
                seen[c] = columns.count
                source[BatchedCholesky.packedIndex(row: i, col: j, order: k)] = columns.count
                columns.append(c)
            }
        }
        return PairwiseProducts(matrix: Matrix(rows: T, cols: columns.count, columnMajor: columns.flatMap { $0 }),
                                source: source)
    }

    /// Packed XᵀW_sX (n × k(k+1)/2, series fastest) from the GEMM product Wᵀ·P (n × u).
    static func expand(_ reduced: Matrix, _ source: [Int]) -> [Double] {
        let n = reduced.rows
        var packed = [Double](repeating: 0, count: n * source.count)
        reduced.storage.withUnsafeBufferPointer { r in
            packed.withUnsafeMutableBufferPointer { p in
                for (q, c) in source.enumerated() where c >= 0 {
                    (p.baseAddress! + q * n).update(from: r.baseAddress! + c * n, count: n)
                }
            }
        }
        return packed
    }

    /// The first `fitMonths` rows.
    public var fitted: Matrix {
        if matrix.rows == fitMonths { return matrix }
        var x = Matrix(rows: fitMonths, cols: parameterCount)
        for j in 0..<parameterCount { for t in 0..<fitMonths { x[t, j] = matrix[t, j] } }
        return x
    }
}
