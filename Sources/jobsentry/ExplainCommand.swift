import Alerting
import ArgumentParser
import Foundation
import Presentation
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
            guard !history.isEmpty else {
                throw WorkbenchFailure(.noInput, "no alert \(alertID) in \(storePath); `jobsentry alerts` lists them")
            }
            let languages = language?.languages ?? config.languages
            for line in AlertExplanation.lines(history: history, config: config, languages: languages) { print(line) }
        }
    }
}
