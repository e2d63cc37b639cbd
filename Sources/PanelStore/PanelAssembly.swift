import Codes
import Ingest
import PanelData

/// Lays aggregate cells out as the dense panel: one column per series that has at least one
/// value, columns in key order, months from the first to the last value. The store's
/// panel (`FactSnapshot`) and `detect`'s long-format file (`Workbench.SeriesFile`) are both
/// built here, so a file gives `detect` the panel `run` builds from it.
///
/// A series is named by its cell's region, sector and group and by the measure's signal
/// (a generic `series` file names the signal in each cell). Helper measures without a
/// signal (day counts, sums behind means) and blank values add nothing.
public struct PanelAssembly {
    private var column: [SeriesKey: Int] = [:]
    private var cellValues: [(column: Int32, period: Int32, value: Double)] = []
    private var minP = Int32.max, maxP = Int32.min

    public init() {}

    /// Adds every value of `g`; a later grid's value for the same series and month wins.
    public mutating func add(_ g: CellGrid) {
        let signals = g.layout.measures.map(\.signal), width = g.width
        // Amounts are held in fen so that sums stay exact; the panel speaks yuan, the unit of
        // the input files and of the enterprise series (`FactSnapshot`), so that a firm's
        // figure and its cell's can be added and compared, and evidence prints what was filed.
        let divisor = g.layout.measures.map { $0.unit == .amount ? 100.0 : 1 }
        // Each coordinate × measure's column, named once: −2 not yet, −1 none (a helper measure).
        var columnOf = [Int](repeating: -2, count: g.coordinates.count * width)
        for s in 0..<g.count {
            let (c, period) = g.coordinateAndPeriod(s)
            for m in 0..<width {
                let v = g.value(s, m)
                if v.isNaN { continue }
                if columnOf[c * width + m] == -2 {
                    let n = g.names(c)
                    if let signal = g.layout.kind == .series ? n.signal : signals[m] {
                        let key = SeriesKey(region: n.region, sector: n.sector, group: n.group, signal: signal)
                        if let e = column[key] { columnOf[c * width + m] = e } else {
                            columnOf[c * width + m] = column.count; column[key] = column.count
                        }
                    } else {
                        columnOf[c * width + m] = -1
                    }
                }
                let col = columnOf[c * width + m]
                if col < 0 { continue }
                cellValues.append((Int32(col), period, v / divisor[m]))
                minP = min(minP, period); maxP = max(maxP, period)
            }
        }
    }

    /// The panel of everything added; with no value at all, an empty panel starting at `emptyStart`.
    public func panel(emptyStart: Period) -> Panel {
        guard minP <= maxP else { return Panel(start: emptyStart, periodCount: 0, keys: [], values: []) }
        // Columns in key order, so the panel does not depend on hash order.
        let keys = column.keys.sorted()
        var position = [Int](repeating: 0, count: keys.count)
        for (j, key) in keys.enumerated() { position[column[key]!] = j }
        let T = Int(maxP - minP + 1)
        var dense = [Double](repeating: .nan, count: T * keys.count)
        for c in cellValues { dense[position[Int(c.column)] * T + Int(c.period - minP)] = c.value }
        return Panel(start: Period(index: Int(minP)), periodCount: T, keys: keys, values: dense)
    }
}
