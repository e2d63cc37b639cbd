import Codes

/// Inline SVG line charts: observed values, fitted/expected line, prediction band, flagged
/// months and the change month, with min/max and first/last period labels.
public enum SVGChart {
    /// Chart size in CSS pixels; wide and short reads well for monthly series in a report column.
    public static let width = 640.0, height = 200.0
    static let margin = (left: 64.0, right: 12.0, top: 24.0, bottom: 28.0)

    public static func render(_ chart: ReportModel.Chart) -> String {
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
            svg += "<text x=\"\(f(x(i) + 3))\" y=\"\(f(margin.top + 10))\" font-size=\"10\" fill=\"#9333ea\">change \(c)</text>"
        }
        for (i, p) in pts.enumerated() where p.flagged {
            if let v = p.observed { svg += "<circle class=\"flag\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"4\" fill=\"#dc2626\"/>" }
        }
        svg += "<text x=\"4\" y=\"\(f(margin.top + 8))\" font-size=\"10\">\(HTML.escape(label(hi - pad)))</text>"
        svg += "<text x=\"4\" y=\"\(f(margin.top + plotH))\" font-size=\"10\">\(HTML.escape(label(lo + pad)))</text>"
        svg += "<text x=\"\(f(margin.left))\" y=\"\(f(height - 8))\" font-size=\"10\">\(pts.first!.period)</text>"
        svg += "<text x=\"\(f(width - margin.right))\" y=\"\(f(height - 8))\" font-size=\"10\" text-anchor=\"end\">\(pts.last!.period)</text>"
        svg += "<text x=\"\(f(margin.left))\" y=\"14\" font-size=\"12\" font-weight=\"600\">\(HTML.escape(chart.title))</text>"
        svg += "</svg>"
        return svg
    }

    /// Compact axis label: 12345.6 → "12,346"; 0.0523 → "0.0523".
    static func label(_ v: Double) -> String {
        // Beyond 1e15 an Int conversion could trap; such values only come from degenerate series.
        guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
        if abs(v) >= 1000 {
            let n = Int(v.rounded())
            var s = String(abs(n)), out = ""
            while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
            return (n < 0 ? "-" : "") + s + out
        }
        if abs(v) >= 10 { return String((v * 10).rounded() / 10) }
        return String((v * 10000).rounded() / 10000)
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
