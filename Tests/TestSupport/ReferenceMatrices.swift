import Foundation
import LinearAlgebra

/// Matrices from a committed `name,row,col,value` reference file (see scripts/reference/).
public struct ReferenceMatrices {
    private var entries: [String: [(Int, Int, Double)]] = [:]

    public init(_ relativePath: String) throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 4, let i = Int(f[1]), let j = Int(f[2]), let v = Double(f[3]) else { continue }
            entries[String(f[0]), default: []].append((i, j, v))
        }
    }

    /// The matrix called `name`.
    public func matrix(_ name: String) -> Matrix {
        guard let e = entries[name] else { fatalError("no reference matrix \(name)") }
        let r = (e.map { $0.0 }.max() ?? -1) + 1, c = (e.map { $0.1 }.max() ?? -1) + 1
        var m = Matrix(rows: r, cols: c)
        for (i, j, v) in e { m[i, j] = v }
        return m
    }

    /// The single-column matrix called `name`, as a vector.
    public func vector(_ name: String) -> [Double] { matrix(name).storage }
}
