import Codes

/// A tile-grid map of Hunan's 14 prefecture-level units: one square per city, placed to keep
/// rough geographic neighbourhoods (north at the top), coloured by the highest alert level.
public enum TileMap {
    /// (column, row) of each city on a 4 × 4 grid.
    public static let layout: [Int: (col: Int, row: Int)] = [
        430800: (0, 0), 430700: (1, 0), 430900: (2, 0), 430600: (3, 0),  // 张家界 常德 益阳 岳阳
        433100: (0, 1), 431300: (1, 1), 430300: (2, 1), 430100: (3, 1),  // 湘西 娄底 湘潭 长沙
        431200: (0, 2), 430500: (1, 2), 430400: (2, 2), 430200: (3, 2),  // 怀化 邵阳 衡阳 株洲
        431100: (1, 3), 431000: (2, 3),                                  // 永州 郴州
    ]
    static let tile = 96.0, gap = 6.0

    /// The name as it fits a tile: 长沙市 → 长沙, 湘西土家族苗族自治州 → 湘西州.
    static func shortName(_ name: String) -> String {
        if name.hasSuffix("土家族苗族自治州") { return String(name.dropLast(8)) + "州" }
        return name.hasSuffix("市") ? String(name.dropLast()) : name
    }

    public static func render(levels: [RegionCode: ReportModel.Level]) -> String {
        let size = 4 * tile + 3 * gap
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tilemap\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" "
        svg += "width=\"\(Int(size))\" height=\"\(Int(size))\" role=\"img\" aria-label=\"Hunan cities by alert level\">"
        for city in HunanDivisions.cities {
            guard let pos = layout[city.code.value] else { continue }
            let level = levels[city.code] ?? .none
            let x = Double(pos.col) * (tile + gap), y = Double(pos.row) * (tile + gap)
            let text = level == .red || level == .blue ? "#ffffff" : "#111827"
            svg += "<g class=\"tile\" data-region=\"\(city.code)\" data-level=\"\(level.label)\">"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(tile)\" height=\"\(tile)\" rx=\"6\" fill=\"\(level.colour)\"/>"
            svg += "<text x=\"\(x + tile / 2)\" y=\"\(y + tile / 2 - 4)\" text-anchor=\"middle\" font-size=\"15\" fill=\"\(text)\">\(HTML.escape(shortName(city.name)))</text>"
            svg += "<text x=\"\(x + tile / 2)\" y=\"\(y + tile / 2 + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(text)\">\(city.code)</text>"
            svg += "<title>\(HTML.escape(city.name)) \(city.english): \(level.label)</title></g>"
        }
        svg += "</svg>"
        return svg
    }
}
