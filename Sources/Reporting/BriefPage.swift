import Codes
import Presentation

/// The director's brief: one A4 page with counts by level and their change since last
/// month, the five highest-risk alerts in one line each, the plan indicators against their
/// ceilings with their trend, and the city map. Self-contained like the report, no script.
public enum BriefPage {
    public static func render(_ brief: BriefModel) -> String {
        let model = brief.report, lang = model.primary, t = Labels(model.languages), zh = lang == .zh
        let levels = ReportModel.Level.allCases.filter { $0 != .none }.reversed()
        let now = brief.counts
        let (cities, _, cityCounts, _) = model.levels()
        var h = "<!DOCTYPE html>\n<html lang=\"\(lang.tag)\"><head><meta charset=\"utf-8\">"
        h += "<title>\(HTML.escape(model.title)) — \(model.asOf)</title><style>\(css)</style></head><body>\n"
        h += "<header><h1>\(t.text("就业失业预警简报", "Unemployment early-warning brief"))</h1>"
        h += "<p class=\"asof\">\(t.text("数据截至 \(Figure.month(model.asOf.description, .zh))", "As of \(model.asOf)"))</p></header>\n"

        h += "<div class=\"row\"><section id=\"brief-counts\"><h2>\(t.text("在办预警", "Open alerts"))</h2><table>"
        h += "<tr><th></th><th>\(t.short("本月", "this month"))</th><th>\(t.short("较上月", "since last month"))</th></tr>"
        for l in levels {
            let n = now[l] ?? 0
            let change = brief.previousCounts.map { p -> String in
                let d = n - (p[l] ?? 0)
                return d > 0 ? "+\(d)" : d < 0 ? "−\(-d)" : "±0"
            } ?? "—"
            h += "<tr data-level=\"\(l.key)\"><td><span class=\"badge\" style=\"background:\(l.colour)\"></span>\(HTML.escape(l.name(lang)))</td>"
            h += "<td class=\"num\">\(n)</td><td class=\"num\">\(change)</td></tr>"
        }
        let total = now.values.reduce(0, +)
        h += "<tr class=\"total\"><td>\(t.short("合计", "total"))</td><td class=\"num\">\(total)</td><td class=\"num\">"
        h += brief.previousCounts.map { p in signed(total - p.values.reduce(0, +)) } ?? "—"
        h += "</td></tr></table></section>"

        h += "<section id=\"brief-indicators\"><h2>\(t.text("规划指标", "Plan indicators"))</h2><table>"
        h += "<tr><th></th><th>\(t.short("最新", "latest"))</th><th>\(t.short("控制线", "ceiling"))</th><th>\(t.short("近3个月", "3 months"))</th><th>\(t.short("走势", "trend"))</th></tr>"
        for i in brief.indicators {
            let name = SignalName.of(i.signal)
            let latest = i.latest.map { Figure.text($0.value, name.unit, lang) } ?? "—"
            let over = (i.latest?.value ?? -.infinity) > i.ceiling
            let change = i.threeMonthChange.map { (d: Double) -> String in (d > 0 ? "+" : d < 0 ? "−" : "±") + Figure.text(abs(d), .points, lang) } ?? "—"
            h += "<tr data-signal=\"\(i.signal)\"><td>\(HTML.escape(name.text(lang)))</td><td class=\"num\(over ? " over" : "")\">\(latest)</td>"
            h += "<td class=\"num\">\(Figure.text(i.ceiling, name.unit, lang))</td><td class=\"num\">\(HTML.escape(change))</td>"
            h += "<td>\(trend(i))</td></tr>"
        }
        h += "</table></section></div>\n"

        h += "<section id=\"brief-top\"><h2>\(t.text("风险最高的五条预警", "Five highest-risk alerts"))</h2><ol>"
        for a in brief.top {
            h += "<li data-level=\"\(a.level.key)\"><span class=\"badge\" style=\"background:\(a.level.colour)\"></span>"
            h += "<b>\(HTML.escape(a.level.name(lang)))</b> \(HTML.escape(a.headlines.first ?? a.id))</li>"
        }
        if brief.top.isEmpty { h += "<li>\(t.short("本月无在办预警", "No open alerts this month"))</li>" }
        h += "</ol></section>\n"

        h += "<section id=\"brief-map\"><figure>\(HunanMap.render(.city, levels: cities, counts: cityCounts, width: 420, lang: lang))"
        h += "<figcaption>\(t.text("各市州最高在办预警等级", "Highest open level by city"))\(HunanMap.legend(lang: lang))</figcaption></figure></section>\n"
        h += "<footer>\(zh ? "详情见完整报告（jobsentry report）。" : "Details in the full report (jobsentry report).") JobSentry</footer>\n"
        h += "</body></html>\n"
        return h
    }

    static func signed(_ d: Int) -> String { d > 0 ? "+\(d)" : d < 0 ? "−\(-d)" : "±0" }

    /// A small line of the indicator's months with its ceiling as a dashed red line.
    static func trend(_ i: BriefModel.Indicator) -> String {
        let w = 160.0, hgt = 36.0
        let values = i.recent.compactMap { $0 } + [i.ceiling]
        guard let lo0 = values.min(), let hi0 = values.max(), i.recent.count >= 2 else { return "" }
        let lo = lo0 - 0.2, hi = hi0 + 0.2
        func x(_ k: Int) -> Double { 2 + (w - 4) * Double(k) / Double(i.recent.count - 1) }
        func y(_ v: Double) -> Double { 2 + (hgt - 4) * (1 - (v - lo) / (hi - lo)) }
        let pts = i.recent.enumerated().compactMap { k, v in v.map { String(format: "%.1f,%.1f", x(k), y($0)) } }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" width=\"\(Int(w))\" height=\"\(Int(hgt))\" viewBox=\"0 0 \(Int(w)) \(Int(hgt))\">"
        s += String(format: "<line x1=\"0\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dc2626\" stroke-dasharray=\"4 2\"/>", w, y(i.ceiling), y(i.ceiling))
        s += "<polyline points=\"\(pts.joined(separator: " "))\" fill=\"none\" stroke=\"#111827\" stroke-width=\"1.5\"/></svg>"
        return s
    }

    static let css = """
    body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;color:#111827;margin:0 auto;max-width:190mm;padding:8mm;font-size:14px}
    h1{margin:0;font-size:24px}h2{font-size:16px;margin:12px 0 4px}.asof{color:#4b5563;margin:2px 0 8px}.second{color:#4b5563;font-weight:400;font-size:.85em}
    .row{display:flex;gap:24px;flex-wrap:wrap}table{border-collapse:collapse}td,th{border:1px solid #d1d5db;padding:3px 8px;text-align:left}
    td.num{text-align:right;font-variant-numeric:tabular-nums}td.over{color:#b91c1c;font-weight:700}tr.total td{font-weight:600}
    .badge{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
    ol{margin:0;padding-left:20px}li{margin:3px 0}figure{margin:8px 0}.legend{list-style:none;padding:0;display:flex;gap:10px;flex-wrap:wrap;font-size:12px}
    footer{color:#6b7280;font-size:11px;margin-top:8px}
    @media print{@page{size:A4;margin:10mm}body{padding:0;max-width:none}}
    """
}
