import Foundation
import TabularIO

/// The one number formatter for text people read: thousands separators, as many
/// significant digits as the quantity deserves, units in the reader's language, and
/// intervals clipped to the quantity's domain.
///
/// Machine fields (alerts.jsonl, the exact columns of alerts.csv) never go through here:
/// they keep the full value.
public enum Figure {
    /// `v` in `unit`, e.g. `(16_666_300, .cny)` → "1,667万元" / "CNY 16.7 million";
    /// `(5.83, .percent)` → "5.8%"; `(1234, .people)` → "1,234人" / "1,234 people".
    /// Non-finite values print as "—", which reads as "no figure" in both languages.
    public static func text(_ v: Double, _ unit: Unit, _ lang: Language) -> String {
        guard v.isFinite else { return "—" }
        switch unit {
        case .cny: return money(v, lang)
        case .percent: return "\(rate(v))%"
        case .share: return "\(rate(100 * v))%"
        case .points: return lang == .zh ? "\(significant(v, 2))个百分点" : "\(significant(v, 2)) pt"
        case .ratio, .plain: return significant(v, 3)
        case .days: return count(v, lang, zh: "天", en: ("day", "days"))
        case .months: return lang == .zh ? "\(significant(v, 2))个月" : "\(significant(v, 2)) month\(abs(v) == 1 ? "" : "s")"
        case .people: return count(v, lang, zh: "人", en: ("person", "people"))
        case .enterprises: return count(v, lang, zh: "家", en: ("enterprise", "enterprises"))
        case .jobs: return count(v, lang, zh: "个岗位", en: ("vacancy", "vacancies"))
        case .trips: return count(v, lang, zh: "人次", en: ("trip", "trips"))
        }
    }

    /// A short axis label, the same in every language, since chart axes have no room for
    /// unit words: grouped digits below 100,000 ("12,345"), then K, M and B ("158M");
    /// rates keep their "%".
    public static func axis(_ v: Double, _ unit: Unit) -> String {
        guard v.isFinite else { return "—" }
        switch unit {
        case .percent: return "\(rate(v))%"
        case .share: return "\(rate(100 * v))%"
        default:
            let a = abs(v)
            if a >= 1e9 { return "\(significant(v / 1e9))B" }
            if a >= 1e6 { return "\(significant(v / 1e6))M" }
            if a >= 1e5 { return "\(significant(v / 1e3))K" }
            return significant(v, 3)
        }
    }

    /// "lo – hi" with `lo` raised to zero for quantities that cannot be negative (a
    /// model's 95% band around a small count or amount often dips below zero).
    public static func interval(_ lo: Double, _ hi: Double, _ unit: Unit, _ lang: Language) -> String {
        let l = unit.isNonNegative ? max(0, lo) : lo, h = unit.isNonNegative ? max(0, hi) : hi
        return "\(text(l, unit, lang)) – \(text(h, unit, lang))"
    }

    /// |observed − expected| as a whole percent of `expected` ("12%"), when that is a
    /// number a reader can use: expected clearly positive and the gap under 1000%.
    public static func percentOff(_ observed: Double, _ expected: Double?) -> String? {
        guard let x = expected, x > 0, observed.isFinite, abs(observed - x) < 10 * x else { return nil }
        return "\(significant(100 * abs(observed - x) / x, 2))%"
    }

    /// A month as readers write it: "2025年3月" / "2025-03". English keeps the ISO form
    /// that the files use, so a reader can search for it.
    public static func month(_ yyyymm: String, _ lang: Language) -> String {
        guard lang == .zh, yyyymm.count == 7, let y = Int(yyyymm.prefix(4)), let m = Int(yyyymm.suffix(2)) else { return yyyymm }
        return "\(y)年\(m)月"
    }

    // MARK: Pieces

    /// `v` rounded to `digits` significant digits but never fewer than its integer digits,
    /// grouped: 16666.3 → "16,666"; 404.2 → "404"; 0.0523 → "0.0523"; 2.345 → "2.35".
    public static func significant(_ v: Double, _ digits: Int = 3) -> String {
        guard v.isFinite else { return "—" }
        guard v != 0 else { return "0" }
        let magnitude = Int(floor(log10(abs(v))))
        return grouped(v, decimals: min(6, max(0, digits - 1 - magnitude)))
    }

    /// `v` with `decimals` decimals and a comma every three integer digits; trailing zeros
    /// after the point are dropped ("2.50" → "2.5"), since they claim a precision the
    /// rounding did not keep.
    public static func grouped(_ v: Double, decimals: Int) -> String {
        var s = NumberText.fixed(v, decimals)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }  // "-0" → "0"
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        var intPart = Substring(s), frac = Substring("")
        if let dot = s.firstIndex(of: ".") {
            intPart = s[..<dot]; frac = s[s.index(after: dot)...]
            while frac.last == "0" { frac = frac.dropLast() }
        }
        var out = "", digits = Array(intPart)
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        out = String(digits) + out
        return (negative ? "-" : "") + out + (frac.isEmpty ? "" : "." + frac)
    }

    /// A rate in percent: one decimal (the survey's own precision), two under 1%; trailing
    /// zeros kept, since "6.0%" says the rate was measured to a tenth.
    static func rate(_ v: Double) -> String {
        let s = NumberText.fixed(v, abs(v) < 1 ? 2 : 1)
        return s == "-0.0" || s == "-0.00" ? String(s.dropFirst()) : s
    }

    /// Whole units; from 100,000 on in 万 (Chinese) and from a million on in millions
    /// (English), where the last digits stop meaning anything to a reader.
    static func count(_ v: Double, _ lang: Language, zh: String, en: (String, String)) -> String {
        let n = v.rounded()
        if lang == .zh {
            if abs(n) >= 1e8 { return "\(significant(n / 1e8))亿\(zh)" }
            if abs(n) >= 1e5 { return "\(significant(n / 1e4))万\(zh)" }
            return "\(grouped(n, decimals: 0))\(zh)"
        }
        if abs(n) >= 1e6 { return "\(significant(n / 1e6)) million \(en.1)" }
        return "\(grouped(n, decimals: 0)) \(abs(n) == 1 ? en.0 : en.1)"
    }

    /// Yuan: 元 / 万元 / 亿元 in Chinese; CNY, CNY … thousand / million / billion in English.
    static func money(_ v: Double, _ lang: Language) -> String {
        let a = abs(v)
        if lang == .zh {
            if a >= 1e8 { return "\(significant(v / 1e8))亿元" }
            if a >= 1e4 { return "\(significant(v / 1e4))万元" }
            return "\(grouped(v.rounded(), decimals: 0))元"
        }
        if a >= 1e9 { return "CNY \(significant(v / 1e9)) billion" }
        if a >= 1e6 { return "CNY \(significant(v / 1e6)) million" }
        if a >= 1e4 { return "CNY \(significant(v / 1e3)) thousand" }
        return "CNY \(grouped(v.rounded(), decimals: 0))"
    }
}
