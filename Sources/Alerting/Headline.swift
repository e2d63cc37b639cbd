import Codes

/// One-line headlines in English and Chinese, built from an alert's strongest evidence.
public enum Headline {
    /// `(english, chinese)` for `alert`. With `disclose` false, figures of the evidence are
    /// left out (for cells suppressed by disclosure control).
    public static func make(_ alert: Alert, config: AlertConfig, disclose: Bool = true) -> (String, String) {
        let place = Place(alert.subject, enterpriseName: alert.enterpriseName)
        let lv = "\(alert.level.rawValue.capitalized) (\(alert.level.roman))"
        let lvZh = "\(alert.level.chinese)（\(alert.level.roman)级）"
        guard let top = alert.evidence.first, let rule = config.rule(top.rule) else {
            return ("Resolved — \(place.english): no rule reaches its clear threshold any more (was \(lv))",
                    "已解除 — \(place.chinese)：各项指标已回落到解除线以下（原为\(lvZh)）")
        }
        let more = alert.rules.count - 1
        let fact = disclose ? " (\(short(top)))" : ""
        let factZh = disclose ? "（\(shortZh(top))）" : ""
        let tail = more > 0 ? "; \(more) more rule\(more == 1 ? "" : "s")" : ""
        let tailZh = more > 0 ? "；另有 \(more) 项规则" : ""
        let pre = alert.status == .resolved ? "Resolved — " : ""
        let preZh = alert.status == .resolved ? "已解除 — " : ""
        return ("\(pre)\(lv) — \(place.english): \(rule.title)\(fact)\(tail)",
                "\(preZh)\(lvZh) — \(place.chinese)：\(rule.titleZh)\(factZh)\(tailZh)")
    }

    /// |observed − expected| in percent of expected, when that is a meaningful number
    /// (expected clearly positive and the gap under 1000%).
    static func percentOff(_ e: Evidence) -> String? {
        guard let x = e.expected, x > 0, abs(e.observed - x) < 10 * x else { return nil }
        return fmt(100 * abs(e.observed - x) / x)
    }

    static func short(_ e: Evidence) -> String {
        switch e.measureName {
        case "robust_z_shortfall", "robust_z_excess":
            let dir = e.measureName == "robust_z_shortfall" ? "below" : "above"
            guard let pct = percentOff(e) else {
                return "\(e.signal) \(fmt(e.observed, 1)) against an expected \(fmt(e.expected ?? .nan, 1)) since \(e.changeStart ?? e.period)"
            }
            return "\(e.signal) \(pct)% \(dir) expected since \(e.changeStart ?? e.period)"
        case "robust_z_of_seasonally_adjusted_change":
            return "\(e.signal) \(percentOff(e) ?? "?")% below its level before \(e.changeStart ?? e.period) (seasonally adjusted)"
        case "points_above_ceiling": return "\(e.signal) \(fmt(e.observed, 2))% in \(e.period)"
        case "probability_of_crossing": return "\(fmt(100 * e.measure, 0))% chance of crossing by \(e.period)"
        case "points_above_12_month_low": return "\(e.signal) +\(fmt(e.measure, 2)) pt over its 12-month low"
        case "multiples_of_legal_threshold": return "headcount −\(fmt((e.expected ?? 0) - e.observed, 0)) in \(e.period)"
        case "days_late": return "wages \(fmt(e.observed, 0)) days late"
        case "percent_fall_in_wages_per_head": return "wages per head −\(fmt(e.measure))%"
        case "months_of_wages": return "arrears of \(fmt(e.measure, 1)) months of wages"
        case "percent_short_of_norm": return "\(e.signal) \(fmt(e.measure))% short of the post-festival norm"
        case "robust_z_of_ratio": return "\(e.signal) \(fmt(e.observed, 3)) vs \(fmt(e.expected ?? .nan, 3)) before"
        case "ratio_to_control_limit": return "\(e.signal == "spe" ? "SPE" : "T²") at \(fmt(e.measure, 1))× its control limit since \(e.changeStart ?? e.period)"
        default: return "\(e.signal) \(fmt(e.observed, 2))"
        }
    }

    static func shortZh(_ e: Evidence) -> String {
        switch e.measureName {
        case "robust_z_shortfall", "robust_z_excess":
            guard let pct = percentOff(e) else {
                return "\(e.signal) 为 \(fmt(e.observed, 1))，预期 \(fmt(e.expected ?? .nan, 1))，始于 \(e.changeStart ?? e.period)"
            }
            return "\(e.signal) \(e.measureName == "robust_z_shortfall" ? "低于" : "高于")预期 \(pct)%，始于 \(e.changeStart ?? e.period)"
        case "robust_z_of_seasonally_adjusted_change":
            return "\(e.signal) 季节调整后比 \(e.changeStart ?? e.period) 之前的水平低 \(percentOff(e) ?? "?")%"
        case "points_above_ceiling": return "\(e.period) \(e.signal) 为 \(fmt(e.observed, 2))%"
        case "probability_of_crossing": return "\(e.period) 前突破概率 \(fmt(100 * e.measure, 0))%"
        case "points_above_12_month_low": return "\(e.signal) 比12个月低点高 \(fmt(e.measure, 2)) 个百分点"
        case "multiples_of_legal_threshold": return "\(e.period) 减员 \(fmt((e.expected ?? 0) - e.observed, 0)) 人"
        case "days_late": return "工资迟发 \(fmt(e.observed, 0)) 天"
        case "percent_fall_in_wages_per_head": return "人均工资下降 \(fmt(e.measure))%"
        case "months_of_wages": return "欠缴 \(fmt(e.measure, 1)) 个月工资额"
        case "percent_short_of_norm": return "\(e.signal) 比节后常年少 \(fmt(e.measure))%"
        case "robust_z_of_ratio": return "\(e.signal) 为 \(fmt(e.observed, 3))，此前为 \(fmt(e.expected ?? .nan, 3))"
        case "ratio_to_control_limit": return "\(e.signal == "spe" ? "SPE" : "T²") 为控制限的 \(fmt(e.measure, 1)) 倍，始于 \(e.changeStart ?? e.period)"
        default: return "\(e.signal) \(fmt(e.observed, 2))"
        }
    }
}

/// Human names of an alert's place.
public struct Place: Sendable {
    public let english: String
    public let chinese: String

    public init(_ s: AlertSubject, enterpriseName: String? = nil) {
        var en = [String](), zh = [String]()
        if let code = RegionCode(s.region) {
            if code == HunanDivisions.province.code {
                en.append("\(HunanDivisions.province.english) \(s.region)"); zh.append("\(HunanDivisions.province.name) \(s.region)")
            } else if let city = HunanDivisions.cities.first(where: { $0.code == code }) {
                en.append("\(city.english) \(s.region)"); zh.append("\(city.name) \(s.region)")
            } else if let parent = code.parent, let city = HunanDivisions.cities.first(where: { $0.code == parent }) {
                en.append("county \(s.region) of \(city.english)"); zh.append("\(city.name) \(s.region)")
            } else { en.append("region \(s.region)"); zh.append("地区 \(s.region)") }
        } else { en.append("region \(s.region)"); zh.append("地区 \(s.region)") }
        if let sec = Sector(s.sector), !sec.isAll, let row = Sector.sections.first(where: { $0.letter == sec.code }) {
            en.append(row.english); zh.append(row.name)
        } else if s.sector == "ALL" {
            en.append("all sectors"); zh.append("全部行业")
        } else { en.append("sector \(s.sector)"); zh.append("行业 \(s.sector)") }
        if s.group != "ALL" { en.append(s.group.replacingOccurrences(of: "_", with: " ")); zh.append(Place.groupZh[s.group] ?? s.group) }
        if let name = enterpriseName { en.insert(name, at: 0); zh.insert(name, at: 0) }
        english = en.joined(separator: ", ")
        chinese = zh.joined(separator: " ")
    }

    static let groupZh = ["graduate": "高校毕业生", "migrant_worker": "农民工", "poverty_alleviated": "脱贫人口",
                          "veteran": "退役军人", "hard_to_employ": "就业困难人员", "other": "其他人员"]
}
