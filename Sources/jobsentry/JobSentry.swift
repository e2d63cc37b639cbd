import ArgumentParser

struct JobSentry: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "jobsentry",
        abstract: "Unemployment early warning: ingest labour signals, model them, raise graded alerts.",
        discussion: """
        Exit codes: 0 ok, 64 usage error, 65 bad input data, 66 input missing, \
        70 internal error, 73 cannot write output, 75 another run holds the lock, 78 bad config.

        Example:
          jobsentry detect --input datasets/sample/series.csv --out flagged.csv
        """,
        version: "jobsentry \(version)",
        subcommands: [DetectCommand.self, DoctorCommand.self, AggregateCommand.self, MergeCommand.self, IngestCommand.self, PanelCommand.self,
                      InitCommand.self, RunCommand.self, RulesCommand.self, AlertsCommand.self, ExplainCommand.self,
                      KeygenCommand.self, VerifyCommand.self, GenerateCommand.self, ScenarioCommand.self, BacktestCommand.self,
                      ReportCommand.self]
    )
}
