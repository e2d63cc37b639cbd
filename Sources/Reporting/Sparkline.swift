/// Terminal sparklines: one block character per value, scaled between the series' min and max.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A sparkline of `values`; `nil` (missing) months print as a space. A flat series prints
    /// as a row of the lowest block.
    public static func render(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }.filter { $0.isFinite }
        guard let lo = present.min(), let hi = present.max() else { return String(repeating: " ", count: values.count) }
        let span = hi - lo
        return String(values.map { v -> Character in
            guard let v, v.isFinite else { return " " }
            if span <= 0 { return blocks[0] }
            let i = Int(((v - lo) / span * Double(blocks.count - 1)).rounded())
            return blocks[min(max(i, 0), blocks.count - 1)]
        })
    }
}
