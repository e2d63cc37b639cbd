import Codes
import Presentation

/// Hunan drawn from real boundaries (datasets/maps/hunan.csv, simplified from public
/// boundary data): a city layer and a county layer, each place coloured by the highest
/// level of its open alerts, with a legend. Each place is a `<path>` carrying its code
/// (`data-region`), level and a `<title>` with its name and alert count, so the page's
/// script can filter by a clicked place and a reader without script still gets the names.
public enum HunanMap {
    /// One drawn place: a city (parent 430000) or a county (parent its city).
    struct Shape {
        let code: Int
        let parent: Int
        let label: (Int, Int)
        let path: String
    }

    public enum Layer: String, Sendable { case city, county }

    /// The map of `layer`, `width` pixels wide. `levels` and `counts` are keyed by the
    /// layer's codes (cities for `.city`, counties for `.county`).
    public static func render(_ layer: Layer, levels: [RegionCode: ReportModel.Level], counts: [RegionCode: Int],
                              width: Double = 360, lang: Language = .zh) -> String {
        let height = (width * size.height / size.width).rounded()
        let caption = layer == .city ? (lang == .zh ? "各市州最高预警等级" : "Highest open level by city")
                                     : (lang == .zh ? "各县市区最高预警等级" : "Highest open level by county")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map map-\(layer.rawValue)\" viewBox=\"0 0 \(Int(size.width)) \(Int(size.height))\" "
        svg += "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(caption))\">"
        let own = shapes.filter { layer == .city ? $0.parent == HunanDivisions.province.code.value : $0.parent != HunanDivisions.province.code.value }
        for s in own {
            guard let code = RegionCode(value: s.code) else { continue }
            let level = levels[code] ?? .none, n = counts[code] ?? 0
            let name = RegionName.text(code.description, lang)
            let stroke = layer == .city ? "#ffffff\" stroke-width=\"1.5" : "#ffffff\" stroke-width=\"0.6"
            svg += "<path class=\"place\" data-region=\"\(s.code)\" data-name=\"\(HTML.escape(name))\" data-level=\"\(level.key)\" d=\"\(s.path)\" fill=\"\(level.colour)\" stroke=\"\(stroke)\">"
            svg += "<title>\(HTML.escape(name)) · \(HTML.escape(level.name(lang))) · \(n) \(lang == .zh ? "条预警" : (n == 1 ? "alert" : "alerts"))</title></path>"
        }
        if layer == .county {
            // City borders over the counties, so a reader can still find the cities.
            for s in shapes where s.parent == HunanDivisions.province.code.value {
                svg += "<path d=\"\(s.path)\" fill=\"none\" stroke=\"#374151\" stroke-width=\"1.2\" pointer-events=\"none\"/>"
            }
        } else {
            for s in own {
                guard let code = RegionCode(value: s.code), let city = HunanDivisions.cities.first(where: { $0.code == code }) else { continue }
                let level = levels[code] ?? .none
                let ink = level == .red || level == .blue ? "#ffffff" : "#111827"
                let short = lang == .zh ? shortName(city.name) : city.english
                svg += "<text x=\"\(s.label.0)\" y=\"\(s.label.1 + 5)\" text-anchor=\"middle\" font-size=\"15\" fill=\"\(ink)\" pointer-events=\"none\">\(HTML.escape(short))</text>"
            }
        }
        svg += "</svg>"
        return svg
    }

    /// The legend: one swatch per level, most severe first, then "no alert".
    public static func legend(lang: Language = .zh) -> String {
        var h = "<ul class=\"legend\">"
        for l in ReportModel.Level.allCases.reversed() {
            h += "<li><span class=\"badge\" style=\"background:\(l.colour)\"></span>\(HTML.escape(l.name(lang)))</li>"
        }
        return h + "</ul>"
    }

    /// The name as it fits the map: 长沙市 → 长沙, 湘西土家族苗族自治州 → 湘西州.
    static func shortName(_ name: String) -> String {
        if name.hasSuffix("土家族苗族自治州") { return String(name.dropLast(8)) + "州" }
        return name.hasSuffix("市") ? String(name.dropLast()) : name
    }
}
