import Foundation
import Presentation

/// A few rows of text plotting observed (●) against expected (·) values, one column per month.
public enum TerminalChart {
    public static func render(observed: [Double], expected: [Double], unit: Presentation.Unit = .plain, rows: Int = 6) -> [String] {
        let all = (observed + expected).filter(\.isFinite)
        guard let lo = all.min(), let hi = all.max(), hi > lo else { return [] }
        func row(_ v: Double) -> Int { Int(((v - lo) / (hi - lo) * Double(rows - 1)).rounded()) }
        var grid = Array(repeating: Array(repeating: Character(" "), count: observed.count), count: rows)
        for (t, v) in expected.enumerated() where t < observed.count && v.isFinite { grid[rows - 1 - row(v)][t] = "·" }
        for (t, v) in observed.enumerated() where v.isFinite { grid[rows - 1 - row(v)][t] = "●" }
        return grid.enumerated().map { i, r in
            let label = i == 0 ? Figure.axis(hi, unit) : i == rows - 1 ? Figure.axis(lo, unit) : ""
            return label.padding(toLength: 9, withPad: " ", startingAt: 0) + "│" + String(r)
        }
    }
}
