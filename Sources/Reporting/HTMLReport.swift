import Codes
import Presentation

/// One self-contained HTML page (inline CSS, SVG and a little plain JavaScript; nothing
/// fetched): the province overview — city and county maps, counts by level and by sector —
/// an index of the alerts, then a section per alert with its charts and evidence table.
///
/// Without JavaScript the page shows everything. With it, a bar of filters (level, city,
/// sector, rule) and a sort order appear, clicking a place on a map lists that place's
/// alerts, and hovering a chart point shows its month and figures. A print stylesheet
/// lays the page out for A4.
public enum HTMLReport {
    public static func render(_ model: ReportModel) -> String {
        let t = Labels(model.languages)
        let levels = ReportModel.Level.allCases.filter { $0 != .none }.reversed()
        let open = model.alerts.filter { $0.status != "resolved" }
        var counts: [ReportModel.Level: Int] = [:]
        var bySector: [String: [ReportModel.Level: Int]] = [:], sectorNames: [String: String] = [:]
        for a in open {
            counts[a.level, default: 0] += 1
            bySector[a.sector, default: [:]][a.level, default: 0] += 1
            sectorNames[a.sector] = a.sectorName
        }
        let (cities, counties, cityCounts, countyCounts) = model.levels()
        var h = "<!DOCTYPE html>\n<html lang=\"\(model.primary.tag)\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>\(HTML.escape(model.title)) — \(model.asOf)</title><style>\(css)</style></head><body>\n"
        h += "<header><h1>\(HTML.escape(model.title))</h1><p class=\"asof\">\(t.text("数据截至 \(Figure.month(model.asOf.description, .zh)) · 在办预警 \(open.count) 条", "As of \(model.asOf) · \(open.count) open alerts"))</p></header>\n"

        h += "<section id=\"overview\"><div class=\"maps\">"
        h += "<figure id=\"map-city\">\(HunanMap.render(.city, levels: cities, counts: cityCounts, lang: model.primary))"
        h += "<figcaption>\(t.text("各市州最高在办预警等级", "Highest open level by city"))</figcaption></figure>"
        h += "<figure id=\"map-county\">\(HunanMap.render(.county, levels: counties, counts: countyCounts, lang: model.primary))"
        h += "<figcaption>\(t.text("各县市区最高在办预警等级", "Highest open level by county"))</figcaption></figure>"
        h += HunanMap.legend(lang: model.primary) + "</div>"
        h += "<div class=\"tables\"><table class=\"counts\" id=\"counts-by-level\"><caption>\(t.text("按等级", "By level"))</caption>"
        for l in levels {
            h += "<tr><td><span class=\"badge\" style=\"background:\(l.colour)\"></span>\(HTML.escape(l.name(model.primary)))</td><td class=\"num\">\(counts[l] ?? 0)</td></tr>"
        }
        h += "</table><table class=\"counts\" id=\"counts-by-sector\"><caption>\(t.text("按行业和等级", "By sector and level"))</caption><tr><th></th>"
        for l in levels { h += "<th><span class=\"badge\" style=\"background:\(l.colour)\" title=\"\(HTML.escape(l.name(model.primary)))\"></span></th>" }
        h += "</tr>"
        for s in bySector.keys.sorted() {
            h += "<tr><td>\(HTML.escape(sectorNames[s] ?? s))</td>"
            for l in levels { h += "<td class=\"num\">\(bySector[s]?[l] ?? 0)</td>" }
            h += "</tr>"
        }
        h += "</table></div></section>\n"
        h += controls(model, t)
        h += index(model, t)
        h += "<div id=\"alerts\">\n"
        for a in model.alerts { h += section(a, model, t) }
        h += "</div><div id=\"tip\" hidden></div>\n"
        h += "<footer>\(t.text("观测值：实线；预期值：虚线；阴影：95%预测区间；红点：异常月份；紫线：变化起始月。", "Observed: solid line; expected: dashed; band: 95% prediction interval; red dots: flagged months; purple line: change month.")) JobSentry</footer>\n"
        h += "<script>\(script)</script>\n</body></html>\n"
        return h
    }

    /// The filter bar; hidden until the script runs, since without it the controls do nothing.
    static func controls(_ model: ReportModel, _ t: Labels) -> String {
        func options(_ pairs: [(String, String)]) -> String {
            pairs.map { "<option value=\"\(HTML.escape($0.0))\">\(HTML.escape($0.1))</option>" }.joined()
        }
        let lang = model.primary
        let levels = ReportModel.Level.allCases.filter { $0 != .none }.reversed().map { ($0.key, $0.name(lang)) }
        let cities = Array(Set(model.alerts.compactMap(\.city))).sorted().map { ($0.description, RegionName.text($0.description, lang)) }
        var sectors: [(String, String)] = []
        for a in model.alerts where !sectors.contains(where: { $0.0 == a.sector }) { sectors.append((a.sector, a.sectorName)) }
        let rules = Array(Set(model.alerts.flatMap(\.rules))).sorted().map { ($0, $0) }
        let all = lang == .zh ? "全部" : "all"
        var h = "<div id=\"controls\" hidden>"
        h += "<label>\(t.short("等级", "Level")) <select id=\"f-level\" data-filter=\"level\"><option value=\"\">\(all)</option>\(options(levels))</select></label>"
        h += "<label>\(t.short("市州", "City")) <select id=\"f-city\" data-filter=\"city\"><option value=\"\">\(all)</option>\(options(cities))</select></label>"
        h += "<label>\(t.short("行业", "Sector")) <select id=\"f-sector\" data-filter=\"sector\"><option value=\"\">\(all)</option>\(options(sectors.sorted { $0.0 < $1.0 }))</select></label>"
        h += "<label>\(t.short("规则", "Rule")) <select id=\"f-rule\" data-filter=\"rule\"><option value=\"\">\(all)</option>\(options(rules))</select></label>"
        h += "<label>\(t.short("排序", "Sort")) <select id=\"sort\">"
        h += options([("risk", t.short("风险分", "risk score")), ("level", t.short("等级", "level")),
                      ("city", t.short("市州", "city")), ("sector", t.short("行业", "sector")),
                      ("rule", t.short("规则", "rule"))]) + "</select></label>"
        h += "<span id=\"place-note\" hidden><span id=\"place-name\"></span> <button type=\"button\" id=\"place-clear\">\(t.short("清除", "clear"))</button></span>"
        h += "<span class=\"shown\">\(t.short("显示", "showing")) <b id=\"shown\">\(model.alerts.count)</b> / \(model.alerts.count)</span></div>\n"
        return h
    }

    /// One line per alert, linking to its section.
    static func index(_ model: ReportModel, _ t: Labels) -> String {
        var h = "<table id=\"alert-index\"><thead><tr><th>\(t.short("等级", "Level"))</th><th>\(t.short("预警", "Alert"))</th>"
        h += "<th>\(t.short("地区", "Place"))</th><th>\(t.short("规则", "Rules"))</th><th>\(t.short("风险分", "Risk"))</th></tr></thead><tbody>"
        for a in model.alerts {
            h += "<tr \(dataAttributes(a))><td><span class=\"badge\" style=\"background:\(a.level.colour)\"></span>\(HTML.escape(a.level.name(model.primary)))</td>"
            h += "<td><a href=\"#\(HTML.escape(a.id))\">\(HTML.escape(a.headlines.first ?? a.id))</a></td><td>\(HTML.escape(a.place))</td>"
            h += "<td>\(HTML.escape(a.rules.joined(separator: ", ")))</td><td class=\"num\">\(Figure.grouped(a.riskScore, decimals: 1))</td></tr>"
        }
        return h + "</tbody></table>\n"
    }

    static func section(_ a: ReportModel.AlertSection, _ model: ReportModel, _ t: Labels) -> String {
        var h = "<section class=\"alert\" id=\"\(HTML.escape(a.id))\" \(dataAttributes(a))><h2><span class=\"badge\" style=\"background:\(a.level.colour)\"></span>"
        h += "<span lang=\"\(model.primary.tag)\">\(HTML.escape(a.headlines.first ?? a.id))</span></h2>"
        for (lang, line) in zip(model.languages.dropFirst(), a.headlines.dropFirst()) {
            h += "<p class=\"second\" lang=\"\(lang.tag)\">\(HTML.escape(line))</p>"
        }
        h += "<p class=\"meta\">\(HTML.escape(a.level.name(model.primary))) · \(HTML.escape(a.place)) · \(HTML.escape(a.status)) · "
        h += "\(t.short("风险分", "risk")) \(Figure.grouped(a.riskScore, decimals: 1)) · <code>\(HTML.escape(a.id))</code></p>"
        for c in a.charts { h += "<figure>\(SVGChart.render(c, lang: model.primary))</figure>" }
        if !a.evidence.isEmpty {
            h += "<table class=\"evidence\"><tr><th>\(t.short("指标", "signal"))</th><th>\(t.short("月份", "month"))</th><th>\(t.short("观测值", "observed"))</th>"
            h += "<th>\(t.short("预期值", "expected"))</th><th>\(t.short("区间", "interval"))</th><th>\(t.short("判定", "measure"))</th></tr>"
            for e in a.evidence {
                h += "<tr><td>\(HTML.escape(e.signal))</td><td>\(HTML.escape(e.period))</td><td class=\"num\">\(HTML.escape(e.observed))</td>"
                h += "<td class=\"num\">\(HTML.escape(e.expected))</td><td class=\"num\">\(HTML.escape(e.interval.isEmpty || e.intervalLevel.isEmpty ? e.interval : "\(e.intervalLevel): \(e.interval)"))</td><td>\(HTML.escape(e.score))</td></tr>"
            }
            h += "</table>"
        }
        return h + "</section>\n"
    }

    /// The attributes the script filters and sorts on.
    static func dataAttributes(_ a: ReportModel.AlertSection) -> String {
        "data-level=\"\(a.level.key)\" data-rank=\"\(a.level.rawValue)\" data-region=\"\(HTML.escape(a.region))\" "
            + "data-city=\"\(a.city?.description ?? "")\" data-county=\"\(a.county?.description ?? "")\" "
            + "data-sector=\"\(HTML.escape(a.sector))\" data-rules=\"\(HTML.escape(a.rules.joined(separator: " ")))\" "
            + "data-risk=\"\(a.riskScore)\""
    }
}

/// Page labels in the report's languages: headings carry both when both are chosen,
/// short labels (table headers, controls) only the first.
struct Labels {
    let languages: [Language]
    init(_ languages: [Language]) { self.languages = languages.isEmpty ? [.zh] : languages }

    func text(_ zh: String, _ en: String) -> String {
        let parts = languages.map { $0 == .zh ? zh : en }
        return parts.count == 1 ? HTML.escape(parts[0])
                                : "\(HTML.escape(parts[0])) <span class=\"second\">\(HTML.escape(parts[1]))</span>"
    }

    func short(_ zh: String, _ en: String) -> String { HTML.escape(languages[0] == .zh ? zh : en) }
}
