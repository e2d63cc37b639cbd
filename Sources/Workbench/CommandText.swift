import Alerting
import Backtesting
import Codes
import Foundation
import GroundTruth
import PanelData
import Presentation
import Reporting
import Scenarios
import TabularIO

// The text the analyst's commands print, built here so the command files only print it and
// every figure goes through the one number-to-text core (`NumberText`, Presentation's
// `Figure`, `parameterText` for rule parameters). Unit-tested in WorkbenchTests.

extension String {
    /// Left-aligned in a field of `width` characters (never truncated).
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

// MARK: - alerts

/// `alerts`: which alerts to list and one tab-separated line each.
public enum AlertListing {
    /// The alerts whose status is one of `statuses` (all when empty) at `level` or more severe.
    public static func filter(_ alerts: [Alert], statuses: [AlertStatus], atLeast level: AlertLevel?) -> [Alert] {
        alerts.filter { a in (statuses.isEmpty || statuses.contains(a.status)) && (level.map { a.level >= $0 } ?? true) }
    }

    /// id, level (class), status, risk score, first raised, the headline in each language, and
    /// a sparkline of the leading evidence's last months.
    public static func line(_ a: Alert, languages: [Language]) -> String {
        let cols = [a.id, "\(a.level.rawValue)(\(a.level.roman))", a.status.rawValue, NumberText.fixed(a.riskScore, 2), a.firstRaised]
            + languages.map { TextEscaping.singleLine($0 == .zh ? a.headlineZh : a.headline) }
            + [Sparkline.render((a.evidence.first?.recent ?? []).map { $0.isFinite ? $0 : nil })]
        return cols.joined(separator: "\t")
    }
}

// MARK: - explain

/// `explain`: an alert's headline, history and every piece of evidence with its chart.
public enum AlertExplanation {
    /// The lines for the last state of an alert, `history` oldest first (not empty).
    public static func lines(history: [(run: String, alert: Alert)], config: AlertConfig, languages: [Language]) -> [String] {
        guard let a = history.last?.alert else { return [] }
        let lang = languages.first ?? .zh
        var out = languages.map { $0 == .zh ? a.headlineZh : a.headline }
        out.append("")
        out.append("id \(a.id)   level \(a.level.rawValue) (\(a.level.roman), \(a.level.chinese))   status \(a.status.rawValue)   risk \(NumberText.fixed(a.riskScore, 2))")
        out.append("raised first \(a.firstRaised), last \(a.lastRaised); as of \(a.asOf)")
        out.append("history: " + history.map { "\($0.run) \($0.alert.status.rawValue) \($0.alert.level.rawValue)" }.joined(separator: " → "))
        if a.rules.count > 1 {
            out.append("combined from \(a.rules.count) rules (\(a.rules.joined(separator: ", "))); level = strongest evidence, "
                       + "raised one step when \(config.combination.corroboratingRules)+ other rules reach yellow")
        }
        for e in a.evidence {
            out.append("")
            let rule = config.rule(e.rule)
            out.append("• \(e.rule) — \(rule?.title ?? e.rule) [\(e.level?.rawValue ?? "holding, below blue")]")
            if let m = rule?.meaning, !m.isEmpty { out.append("  \(m)") }
            out.append("  \(e.detail)")
            out.append("  \(e.detailZh)")
            let row = EvidenceText(signal: e.signal, period: e.period, observed: e.observed, expected: e.expected,
                                   lower: e.lower, upper: e.upper, intervalLevel: e.intervalLevel, measure: e.measure, measureName: e.measureName, lang)
            out.append("  " + row.line(lang))
            if let rule {
                let t = rule.thresholds
                out.append("  \(e.measureName) = \(Figure.significant(e.measure)); blue ≥ \(parameterText(t.blue)), yellow ≥ \(parameterText(t.yellow)), orange ≥ \(parameterText(t.orange)), red ≥ \(parameterText(t.red)); clears below \(parameterText(rule.clear))")
            }
            if let c = e.changeStart { out.append("  change began \(c)") }
            if !e.recent.isEmpty {
                out.append("  last \(e.recent.count) months: \(Sparkline.render(e.recent.map { $0.isFinite ? $0 : nil }))")
                let unit = SignalName.of(e.signal).unit
                out += TerminalChart.render(observed: e.recent, expected: e.recentExpected, unit: unit).map { "    " + $0 }
            }
        }
        return out
    }
}

// MARK: - scenario

extension ScenarioOutcome {
    /// What `scenario` prints: the title and the shocks, what they touched, the open alerts
    /// with and without them, each alert that changes, then `ForecastComparison.lines`.
    public func lines(title: String, shocks: [Shock], forecasts: [ForecastComparison], horizon: Int) -> [String] {
        var out = [title] + shocks.map { "  shock \($0)" }
        out.append("as of \(asOf): \(report.shockedSeries) series shocked, \(report.aggregatesAdjusted) aggregates adjusted, \(report.ratiosRecomputed) ratios recomputed")
        out.append("open alerts: baseline \(baselineStep.openAlerts.count), with the shock \(shockedStep.openAlerts.count)")
        let changes = self.changes
        if changes.isEmpty {
            out.append("no alert changes")
        } else {
            out.append("")
            for c in changes {
                out.append("\(c.kind.rawValue.padded(13)) \(c.alert.id.padded(44)) \(c.levels.padded(18)) \(c.alert.headline)")
            }
        }
        return out + ForecastComparison.lines(forecasts, horizon: horizon)
    }
}

extension ForecastComparison {
    /// The headline rates' and the shocked selections' forecasts, with and without the shock,
    /// one line a month (none when `rows` is empty); "n/a" where a series has no forecast.
    public static func lines(_ rows: [ForecastComparison], horizon: Int) -> [String] {
        guard !rows.isEmpty else { return [] }
        var out = ["", "forecast (90% interval)                                 month    baseline                         with shock"]
        func cell(_ f: Interval) -> String {
            f.mean.isNaN ? "n/a" : "\(parameterText(f.mean)) [\(parameterText(f.lower)), \(parameterText(f.upper))]"
        }
        for row in rows {
            for h in 0..<horizon {
                let label = h == 0 ? row.key.description : ""
                out.append("\(label.padded(55)) \(row.start + h)  \(cell(row.baseline[h]).padded(32)) \(cell(row.shocked[h]))")
            }
        }
        return out
    }
}

// MARK: - backtest

public enum BacktestText {
    /// Without a truth file: "replayed N months: A alert-months, D distinct alerts".
    public static func replayed(months: Int, _ timeline: [TimelineRow]) -> String {
        "replayed \(months) months: \(timeline.count) alert-months, \(Set(timeline.map(\.alertID)).count) distinct alerts"
    }

    /// The line above the skill table: the months, the truth file, its events and quiet cases.
    public static func heading(from: Period, to: Period, truth: String, events: [TruthEvent]) -> String {
        let quiet = events.filter { $0.type == .quiet }.count
        return "backtest \(from) … \(to) against \(truth): \(events.count - quiet) events" + (quiet > 0 ? ", \(quiet) quiet cases" : "")
    }
}

extension SweepPoint {
    /// The trade-off of a `--set` sweep, one line per value, header first, newline-terminated:
    /// recall (2 decimals), median lead to the peak (signed, 1 decimal; n/a without one) and
    /// false alerts per 100 series-years (2 decimals).
    public static func table(_ points: [SweepPoint]) -> String {
        var s = "sweep                                       recall  median lead to peak  false alerts / 100 series-years\n"
        for p in points {
            let lead = p.medianLeadToPeak.map { NumberText.fixed($0, 1) }.map { $0.hasPrefix("-") ? $0 : "+" + $0 } ?? "n/a"
            s += "\(p.label.padded(42)) \(NumberText.fixed(p.recall, 2).leftPadded(6))  \(lead.padded(19))  \(NumberText.fixed(p.falseAlertsPer100SeriesYears, 2))\n"
        }
        return s
    }
}

extension String {
    /// Right-aligned in a field of `width` characters (never truncated), as `%6.2f` aligns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension SweepPoint {
    /// A point from its three figures (a sweep's table without replaying it).
    public init(label: String, recall: Double, medianLeadToPeak: Double?, falseAlertsPer100SeriesYears: Double) {
        self.label = label; self.recall = recall; self.medianLeadToPeak = medianLeadToPeak
        self.falseAlertsPer100SeriesYears = falseAlertsPer100SeriesYears
    }
}

extension Interval {
    /// A forecast month from its figures (`NaN` mean: no forecast).
    public init(mean: Double, lower: Double, upper: Double) {
        self.mean = mean; self.lower = lower; self.upper = upper
    }
}
