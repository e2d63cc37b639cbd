import Foundation
/// One short sentence per language about an alert: the figure that matters first, then
/// the place; the rest (intervals, thresholds, the other evidence) belongs in the evidence.
///
/// Lengths aim at under ~40 Chinese characters and ~100 English ones, so that a headline
/// fits one line of a list, a CAP `<headline>` and a phone notification. The alert's level
/// is not repeated here: every output shows it beside the headline (colour, column, CAP
/// severity).
public enum Headlines {
    /// The headline of an alert whose strongest finding is `fact`.
    /// - Parameters: `more` the number of other rules behind the alert; `resolved` whether
    ///   the alert is being closed in this run.
    public static func sentence(_ fact: HeadlineFact, place: PlaceName, more: Int = 0, resolved: Bool = false,
                                _ lang: Language) -> String {
        compose(figure(fact, lang), place: place, more: more, resolved: resolved, lang)
    }

    /// The headline when figures of the alert are withheld from this audience (disclosure
    /// control): the rule's title only.
    public static func withheld(title: String, place: PlaceName, more: Int = 0, resolved: Bool = false,
                                _ lang: Language) -> String {
        let note = lang == .zh ? "（数据不予公开）" : " (figures withheld)"
        return compose(title + note, place: place, more: more, resolved: resolved, lang)
    }

    /// The headline of an alert closed because nothing was found about it any more.
    public static func cleared(place: PlaceName, _ lang: Language) -> String {
        lang == .zh ? "已解除：各项指标回落到解除线以下——\(place.zh)"
                    : "Resolved: no rule reaches its clear line any more — \(place.en)"
    }

    static func compose(_ figure: String, place: PlaceName, more: Int, resolved: Bool, _ lang: Language) -> String {
        if lang == .zh {
            let tail = more > 0 ? "（另有\(more)项规则）" : ""
            return "\(resolved ? "已解除：" : "")\(figure)——\(place.zh)\(tail)"
        }
        let tail = more > 0 ? " (+\(more) rule\(more == 1 ? "" : "s"))" : ""
        return resolved ? "Resolved: \(figure) — \(place.en)\(tail)" : "\(capitalised(figure)) — \(place.en)\(tail)"
    }

    /// The figure phrase of `fact`: "payroll headcount 12% below expected since 2025-03".
    public static func figure(_ f: HeadlineFact, _ lang: Language) -> String {
        let name = SignalName.of(f.signal), s = name.text(lang), unit = name.unit
        let zh = lang == .zh
        func v(_ x: Double) -> String { Figure.text(x, unit, lang) }
        let since = f.changeStart ?? f.period
        switch f.kind {
        case "contraction", "surge":
            let up = f.kind == "surge"
            guard let pct = Figure.percentOff(f.observed, f.expected) else { return versus(f, name, lang) }
            return zh ? "\(s)\(up ? "高于" : "低于")预期\(pct)（\(Figure.month(since, lang))起）"
                      : "\(s) \(pct) \(up ? "above" : "below") expected since \(since)"
        case "sudden_fall":
            let pct = Figure.percentOff(f.observed, f.expected)
            return zh ? "\(s)季调后\(pct.map { "下降\($0)" } ?? "骤降")（\(Figure.month(since, lang))起）"
                      : "\(s) \(pct.map { "down \($0)" } ?? "fell sharply"), seasonally adjusted, since \(since)"
        case "ceiling":
            let cap = f.ceiling ?? (f.observed - f.measure)
            let over = f.measure >= 0, gap = Figure.text(abs(f.measure), .points, lang)
            return zh ? "\(s)\(v(f.observed))，\(over ? "高于" : "低于")\(v(cap))控制线\(gap)"
                      : "\(s) \(v(f.observed)), \(gap) \(over ? "above" : "below") the \(v(cap)) ceiling"
        case "ceiling_forecast":
            let p = "\(Figure.significant(100 * f.measure, 2))%"
            let cap = f.ceiling.map(v)
            return zh ? "\(s)有\(p)可能在\(Figure.month(f.period, lang))前突破\(cap ?? "控制线")"
                      : "\(p) chance that the \(s) passes \(cap ?? "its ceiling") by \(f.period)"
        case "sahm_rise":
            let pts = Figure.text(f.measure, .points, lang)
            return zh ? "\(s)季调后比12个月低点高\(pts)" : "\(s) up \(pts) from its 12-month low (adjusted)"
        case "downturn":
            let pct = Figure.percentOff(f.observed, f.expected).map { "\($0) " } ?? ""
            return zh ? "\(s)季调后低于12个月高点\(pct.trimmingCharacters(in: .whitespaces))且同比下降"
                      : "\(s) \(pct)below its 12-month high and a year earlier (adjusted)"
        case "diffusion":
            let share = "\(Figure.significant(100 * f.observed, 2))%"
            let usual = f.expected.map { "\(Figure.significant(100 * $0, 2))%" }
            return zh ? "\(share)的行业\(s)季调后下降\(usual.map { "（通常\($0)）" } ?? "")"
                      : "\(s) falling in \(share) of sectors, seasonally adjusted\(usual.map { " (usually \($0))" } ?? "")"
        case "outlier":
            let x = f.expected.flatMap { $0 != 0 ? Figure.significant(f.observed / $0, 2) : nil } ?? "—"
            return zh ? "数据核查：\(s)\(Figure.month(f.period, lang))为预期的\(x)倍"
                      : "data check: \(s) \(x)× expected in \(f.period)"
        case "mass_layoff":
            let cut = Figure.text(max(0, (f.expected ?? f.observed) - f.observed), .people, lang)
            return zh ? "\(Figure.month(f.period, lang))减员\(cut)" : "headcount cut by \(cut) in \(f.period)"
        case "wage_days_late":
            let d = Figure.text(f.observed, .days, lang)
            return zh ? "工资迟发\(d)，已连续两个发薪日" : "wages \(d) late, two pay dates running"
        case "wages_falling_headcount_holds":
            let pct = "\(Figure.significant(f.measure, 2))%"
            return zh ? "人均工资下降\(pct)，人数未减" : "wages per head down \(pct) while headcount holds"
        case "contribution_arrears":
            let months = Figure.text(f.measure, .months, lang)
            return zh ? "社保欠缴\(v(f.observed))，相当于\(months)工资" : "contributions unpaid: \(v(f.observed)), \(months) of wages"
        case "festival_outflow_shortfall":
            let pct = "\(Figure.significant(f.measure, 2))%"
            return zh ? "\(s)比节后常年少\(pct)" : "\(s) \(pct) short of the post-festival norm"
        case "source_disagreement":
            let before = f.expected.map(v) ?? "—"
            return zh ? "数据不一致：\(s)\(v(f.observed))，此前\(before)"
                      : "sources disagree: \(s) \(v(f.observed)), was \(before)"
        case "regional_stress":
            let x = Figure.significant(f.measure, 2)
            return zh ? "\(s)达控制限的\(x)倍（\(Figure.month(since, lang))起）"
                      : "\(s) at \(x)× its control limit since \(since)"
        default:
            return versus(f, name, lang)
        }
    }

    /// "signal observed against expected" for kinds without their own wording, and when a
    /// percentage would mislead (expected near zero).
    static func versus(_ f: HeadlineFact, _ name: SignalName, _ lang: Language) -> String {
        let o = Figure.text(f.observed, name.unit, lang)
        guard let e = f.expected, e.isFinite else { return lang == .zh ? "\(name.zh)\(o)" : "\(name.en) \(o)" }
        let x = Figure.text(name.unit.isNonNegative ? max(0, e) : e, name.unit, lang)
        return lang == .zh ? "\(name.zh)\(o)，预期\(x)" : "\(name.en) \(o) against \(x) expected"
    }

    static func capitalised(_ s: String) -> String {
        guard let c = s.first, c.isLowercase else { return s }
        return c.uppercased() + s.dropFirst()
    }
}
