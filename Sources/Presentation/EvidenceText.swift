/// One piece of evidence worded for a table row: the signal's name, the month, and the
/// figures in the signal's units, with the interval clipped to the quantity's domain.
/// Every report and listing takes its rows from here (one evidence-to-text mapping).
public struct EvidenceText: Sendable, Equatable {
    public var signal: String
    public var period: String
    public var observed: String
    public var expected: String
    public var interval: String
    /// The interval's coverage as printed ("90%", "95%"); empty when the record does not say.
    public var intervalLevel: String
    /// The rule's measure with its name ("shortfall 5.6σ").
    public var score: String

    public init(signal: String, period: String, observed: String, expected: String, interval: String,
                intervalLevel: String = "", score: String) {
        self.signal = signal; self.period = period; self.observed = observed
        self.expected = expected; self.interval = interval; self.intervalLevel = intervalLevel; self.score = score
    }

    /// The row of one piece of evidence; `nil` figures (missing or withheld) print empty.
    /// `intervalLevel` is the coverage `lower`…`upper` is built for (a share: 0.95 for a
    /// model's prediction interval, 0.9 for a forecast's), as the evidence carries it.
    public init(signal: String, period: String, observed: Double?, expected: Double?, lower: Double?, upper: Double?,
                intervalLevel: Double?, measure: Double?, measureName: String, _ lang: Language) {
        let name = SignalName.of(signal)
        func cell(_ v: Double?) -> String { v.map { Figure.text($0, name.unit, lang) } ?? "" }
        var interval = ""
        if let lower, let upper, lower.isFinite, upper.isFinite { interval = Figure.interval(lower, upper, name.unit, lang) }
        let expectedValue = expected.map { name.unit.isNonNegative ? max(0, $0) : $0 }
        self.init(signal: name.text(lang), period: Figure.month(period, lang), observed: cell(observed),
                  expected: cell(expectedValue), interval: interval,
                  intervalLevel: intervalLevel.map { "\(Figure.significant(100 * $0, 2))%" } ?? "",
                  score: measure.map { MeasureName.text(measureName, $0, lang) } ?? "")
    }
}

extension EvidenceText {
    /// The row as one line: "发薪人数 2024年12月：观测 52人，预期 94人，95%区间 75人 – 113人（低于预期 4.3σ）"
    /// (the interval's coverage as the evidence carries it; none printed when it does not).
    public func line(_ lang: Language) -> String {
        let zh = lang == .zh
        var parts = [(zh ? "观测 " : "observed ") + observed]
        if !expected.isEmpty { parts.append((zh ? "预期 " : "expected ") + expected) }
        if !interval.isEmpty { parts.append(intervalLevel + (zh ? "区间 " : intervalLevel.isEmpty ? "interval " : " interval ") + interval) }
        let tail = score.isEmpty ? "" : (zh ? "（\(score)）" : " (\(score))")
        return "\(signal) \(period)\(zh ? "：" : ": ")" + parts.joined(separator: zh ? "，" : ", ") + tail
    }
}

/// Readers' wording of a rule's measure: "shortfall 5.6σ", "0.3 pt over the ceiling" …
public enum MeasureName {
    public static func text(_ measureName: String, _ m: Double, _ lang: Language) -> String {
        let x = Figure.significant(m, 2), zh = lang == .zh
        switch measureName {
        case "robust_z_shortfall": return zh ? "低于预期 \(x)σ" : "shortfall \(x)σ"
        case "robust_z_excess": return zh ? "高于预期 \(x)σ" : "excess \(x)σ"
        case "robust_z_of_seasonally_adjusted_change": return zh ? "季调后骤降 \(x)σ" : "adjusted fall \(x)σ"
        case "points_above_ceiling": return zh ? "超控制线 \(Figure.text(m, .points, lang))" : "\(Figure.text(m, .points, lang)) over the ceiling"
        case "probability_of_crossing": return zh ? "突破概率 \(Figure.significant(100 * m, 2))%" : "\(Figure.significant(100 * m, 2))% chance of crossing"
        case "points_above_12_month_low": return zh ? "高于12个月低点 \(Figure.text(m, .points, lang))" : "\(Figure.text(m, .points, lang)) over 12-month low"
        case "multiples_of_legal_threshold": return zh ? "法定标准的 \(x) 倍" : "\(x)× the legal threshold"
        case "days_late_two_pay_dates", "days_late": return zh ? "连续迟发 \(Figure.text(m, .days, lang))" : "\(Figure.text(m, .days, lang)) late twice"
        case "percent_fall_in_wages_per_head": return zh ? "人均工资降 \(x)%" : "wages per head −\(x)%"
        case "months_of_wages": return zh ? "欠缴 \(Figure.text(m, .months, lang))工资" : "\(Figure.text(m, .months, lang)) of wages"
        case "percent_short_of_norm": return zh ? "比常年少 \(x)%" : "\(x)% short of norm"
        case "robust_z_of_ratio": return zh ? "比值偏离 \(x)σ" : "ratio off by \(x)σ"
        case "ratio_to_control_limit": return zh ? "控制限的 \(x) 倍" : "\(x)× control limit"
        default: return "\(measureName.replacingOccurrences(of: "_", with: " ")) \(x)"
        }
    }
}
