import Alerting
import ArgumentParser
import Foundation
import Workbench

/// `--workspace` / `--config` shared by the commands that read a workspace's config.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace made by `jobsentry init` (default: the current directory when it is one).")
    var workspace: String?

    @Option(name: .long, help: "Config file to read instead of the workspace's jobsentry.yaml.")
    var config: String?

    /// The config named by the options; the built-in defaults only when neither a config nor
    /// a workspace was named and the current directory is not a workspace. A named workspace
    /// without its jobsentry.yaml is a config error (78), as it is for `run`.
    func load() throws -> AlertConfig {
        do {
            if let c = config { return try AlertConfig.load(path: c) }
            if let w = workspace { return try Workspace(w).loadConfig() }
            let here = Workspace(FileManager.default.currentDirectoryPath)
            return here.exists ? try here.loadConfig() : AlertConfig.defaults
        } catch let e as ConfigError {
            diagnose("error: \(e)")
            throw ExitStatus.config
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the alert rules in force, with their signals, thresholds and meaning.",
        discussion: """
        Reads the workspace's jobsentry.yaml (or --config FILE; the built-in defaults when \
        neither is named and the current directory is not a workspace). A named workspace \
        without jobsentry.yaml exits 78. Thresholds are on each rule's measure, where higher is worse: a rule \
        raises blue/yellow/orange/red at the given values and an open alert clears below \
        `clear`.

        Example:
          jobsentry rules --workspace /srv/jobsentry
        """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        print(try options.load().listing)
    }
}
