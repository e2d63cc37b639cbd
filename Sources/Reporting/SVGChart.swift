import Codes
import Presentation

/// Inline SVG line charts: observed values, fitted/expected line, prediction band, flagged
/// months and the change month, with min/max and first/last period labels. Every month
/// with a value has a hover target whose `<title>` (and `data-tip`, for the page's
/// tooltip) gives month, observed, expected and interval in the chart's unit.
public enum SVGChart {
    /// Chart size in CSS pixels; wide and short reads well for monthly series in a report column.
    public static let width = 640.0, height = 200.0
    static let margin = (left: 64.0, right: 12.0, top: 24.0, bottom: 28.0)

    public static func render(_ chart: ReportModel.Chart, lang: Language = .zh) -> String {
        let pts = chart.points
        guard pts.count >= 2 else {
            return "<p class=\"nochart\">\(HTML.escape(chart.title)): not enough months to chart.</p>"
        }
        var ys: [Double] = []
        for p in pts {
            for v in [p.observed, p.expected, p.lower, p.upper] { if let v, v.isFinite { ys.append(v) } }
        }
        var lo = ys.min() ?? 0, hi = ys.max() ?? 1
        if hi - lo < 1e-12 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        let plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom
        func x(_ i: Int) -> Double { margin.left + plotW * Double(i) / Double(pts.count - 1) }
        func y(_ v: Double) -> Double { margin.top + plotH * (1 - (v - lo) / (hi - lo)) }
        func f(_ v: Double) -> String { String((v * 10).rounded() / 10) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        svg += "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(chart.title))\">"
        svg += "<title>\(HTML.escape(chart.title))</title>"
        svg += "<rect x=\"\(f(margin.left))\" y=\"\(f(margin.top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
        // Prediction band: upper edge left to right, lower edge back.
        let band = pts.indices.filter { pts[$0].lower != nil && pts[$0].upper != nil }
        if band.count >= 2 {
            let upper = band.map { "\(f(x($0))),\(f(y(pts[$0].upper!)))" }
            let lower = band.reversed().map { "\(f(x($0))),\(f(y(pts[$0].lower!)))" }
            svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"#93c5fd\" fill-opacity=\"0.35\" stroke=\"none\"/>"
        }
        func polyline(_ values: [Double?], _ cls: String, _ style: String) -> String {
            var out = "", run: [String] = []
            func flush() {
                if run.count >= 2 { out += "<polyline class=\"\(cls)\" points=\"\(run.joined(separator: " "))\" fill=\"none\" \(style)/>" }
                run = []
            }
            for (i, v) in values.enumerated() {
                if let v, v.isFinite { run.append("\(f(x(i))),\(f(y(v)))") } else { flush() }
            }
            flush()
            return out
        }
        svg += polyline(pts.map { $0.expected }, "expected", "stroke=\"#2563eb\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"")
        svg += polyline(pts.map { $0.observed }, "observed", "stroke=\"#111827\" stroke-width=\"1.5\"")
        if let c = chart.changeMonth, let i = pts.firstIndex(where: { $0.period == c }) {
            svg += "<line class=\"change\" x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(margin.top))\" y2=\"\(f(margin.top + plotH))\" stroke=\"#9333ea\" stroke-dasharray=\"3 3\"/>"
            // Label on the side with room: a change in the last months would run off the right edge.
            let right = x(i) > margin.left + plotW * 0.7
            let text = lang == .zh ? "\(Figure.month(c.description, .zh))起变化" : "change \(c)"
            svg += "<text x=\"\(f(x(i) + (right ? -3 : 3)))\" y=\"\(f(margin.top + 10))\" font-size=\"10\" fill=\"#9333ea\"\(right ? " text-anchor=\"end\"" : "")>\(text)</text>"
        }
        for (i, p) in pts.enumerated() where p.flagged {
            if let v = p.observed { svg += "<circle class=\"flag\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"4\" fill=\"#dc2626\"/>" }
        }
        for (i, p) in pts.enumerated() {
            guard let v = p.observed ?? p.expected, v.isFinite else { continue }
            let tip = HTML.escape(tooltip(p, unit: chart.unit, lang: lang))
            svg += "<circle class=\"pt\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"6\" fill=\"transparent\" data-tip=\"\(tip)\"><title>\(tip)</title></circle>"
        }
        svg += "<text x=\"4\" y=\"\(f(margin.top + 8))\" font-size=\"10\">\(HTML.escape(Figure.axis(hi - pad, chart.unit)))</text>"
        svg += "<text x=\"4\" y=\"\(f(margin.top + plotH))\" font-size=\"10\">\(HTML.escape(Figure.axis(lo + pad, chart.unit)))</text>"
        svg += "<text x=\"\(f(margin.left))\" y=\"\(f(height - 8))\" font-size=\"10\">\(pts.first!.period)</text>"
        svg += "<text x=\"\(f(width - margin.right))\" y=\"\(f(height - 8))\" font-size=\"10\" text-anchor=\"end\">\(pts.last!.period)</text>"
        svg += "<text x=\"\(f(margin.left))\" y=\"14\" font-size=\"12\" font-weight=\"600\">\(HTML.escape(chart.title))</text>"
        svg += "</svg>"
        return svg
    }

    /// "2024-12 · observed 41,230 people · expected 46,900 people · 95% 44,100 – 49,700 people".
    static func tooltip(_ p: ReportModel.Point, unit: Presentation.Unit, lang: Language) -> String {
        let zh = lang == .zh
        var parts = [Figure.month(p.period.description, lang)]
        if let o = p.observed { parts.append((zh ? "观测 " : "observed ") + Figure.text(o, unit, lang)) }
        if let e = p.expected { parts.append((zh ? "预期 " : "expected ") + Figure.text(unit.isNonNegative ? max(0, e) : e, unit, lang)) }
        if let l = p.lower, let u = p.upper { parts.append((zh ? "95%区间 " : "95% ") + Figure.interval(l, u, unit, lang)) }
        return parts.joined(separator: " · ")
    }
}

/// Escaping for text placed in HTML or SVG.
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
