/// A failure of a linear-algebra routine, with the routine and the reason.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// Operand shapes do not agree.
    case dimensionMismatch(operation: String, detail: String)
    /// LAPACK reported an illegal argument (`info < 0`): a programming error in this layer.
    case illegalArgument(routine: String, info: Int)
    /// The matrix is not positive definite: the leading minor of order `order` is not positive.
    case notPositiveDefinite(routine: String, order: Int)
    /// The matrix is (numerically) rank deficient.
    case rankDeficient(routine: String, rank: Int, columns: Int, reciprocalCondition: Double)
    /// An iterative routine (SVD, eigensolver) did not converge.
    case noConvergence(routine: String, info: Int)
    /// A triangular factor has an exact zero on its diagonal.
    case singular(routine: String, index: Int)
    /// Input contains NaN or infinity.
    case nonFinite(operation: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(op, detail):
            return "\(op): dimension mismatch: \(detail)"
        case let .illegalArgument(routine, info):
            return "\(routine) failed (info = \(info)): argument \(-info) had an illegal value"
        case let .notPositiveDefinite(routine, order):
            return "\(routine) failed (info = \(order)): the leading minor of order \(order) is not positive definite"
        case let .rankDeficient(routine, rank, columns, rcond):
            return "\(routine): matrix is rank deficient (numerical rank \(rank) of \(columns) columns, reciprocal condition \(rcond))"
        case let .noConvergence(routine, info):
            return "\(routine) failed (info = \(info)): the algorithm did not converge"
        case let .singular(routine, index):
            return "\(routine) failed (info = \(index)): diagonal element \(index) of the triangular factor is exactly zero"
        case let .nonFinite(op):
            return "\(op): input contains NaN or infinity"
        }
    }
}

/// Maps a LAPACK `info` code to an error; `meaning` interprets positive codes.
@usableFromInline
func checkInfo(_ info: Int32, routine: String,
               positive: (Int) -> LinearAlgebraError) throws {
    if info == 0 { return }
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, info: Int(info)) }
    throw positive(Int(info))
}
