import Alerting
import ArgumentParser
import Foundation
import Presentation
import Reporting
import Workbench

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why an alert was raised: its history, every piece of evidence and a chart.",
        discussion: """
        The headline in each language of the config (or --language), then for each piece of \
        evidence: the rule and what it means, the month, observed vs expected with the 95% \
        interval in the signal's units, the rule's measure against its level thresholds, the \
        month the change began, and the last two years as a sparkline and a small chart \
        (● observed, · expected).

        Example:
          jobsentry explain A-430100-C-ALL --workspace /srv/jobsentry
        """
    )

    @Argument(help: "Alert id, as `jobsentry alerts` prints it.")
    var alertID: String

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: "Languages: zh, en or zh+en (default: the config's `language:`).")
    var language: LanguageChoice?

    func run() throws {
        try reportingFailures {
            let (storePath, config) = try source.resolve()
            let history = try AlertHistory(path: storePath).history(of: alertID)
            guard let (_, a) = history.last else {
                throw WorkbenchFailure(.noInput, "no alert \(alertID) in \(storePath); `jobsentry alerts` lists them")
            }
            let languages = language?.languages ?? config.languages, lang = languages.first ?? .zh
            for l in languages { print(l == .zh ? a.headlineZh : a.headline) }
            print("")
            print("id \(a.id)   level \(a.level.rawValue) (\(a.level.roman), \(a.level.chinese))   status \(a.status.rawValue)   risk \(String(format: "%.2f", a.riskScore))")
            print("raised first \(a.firstRaised), last \(a.lastRaised); as of \(a.asOf)")
            print("history: " + history.map { "\($0.run) \($0.alert.status.rawValue) \($0.alert.level.rawValue)" }.joined(separator: " → "))
            if a.rules.count > 1 {
                print("combined from \(a.rules.count) rules (\(a.rules.joined(separator: ", "))); level = strongest evidence, "
                      + "raised one step when \(config.combination.corroboratingRules)+ other rules reach yellow")
            }
            for e in a.evidence {
                print("")
                let rule = config.rule(e.rule)
                print("• \(e.rule) — \(rule?.title ?? e.rule) [\(e.level?.rawValue ?? "holding, below blue")]")
                if let m = rule?.meaning, !m.isEmpty { print("  \(m)") }
                print("  \(e.detail)")
                print("  \(e.detailZh)")
                let row = EvidenceText(signal: e.signal, period: e.period, observed: e.observed, expected: e.expected,
                                       lower: e.lower, upper: e.upper, measure: e.measure, measureName: e.measureName, lang)
                print("  " + row.line(lang))
                if let t = rule?.thresholds {
                    print("  \(e.measureName) = \(Figure.significant(e.measure)); blue ≥ \(parameterText(t.blue)), yellow ≥ \(parameterText(t.yellow)), orange ≥ \(parameterText(t.orange)), red ≥ \(parameterText(t.red)); clears below \(parameterText(rule!.clear))")
                }
                if let c = e.changeStart { print("  change began \(c)") }
                if !e.recent.isEmpty {
                    print("  last \(e.recent.count) months: \(Sparkline.render(e.recent.map { $0.isFinite ? $0 : nil }))")
                    let unit = SignalName.of(e.signal).unit
                    for row in TerminalChart.render(observed: e.recent, expected: e.recentExpected, unit: unit) { print("    " + row) }
                }
            }
        }
    }
}
