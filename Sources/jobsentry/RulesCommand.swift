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
        let config = try options.load()
        print("config \(String(config.hash.prefix(12))): \(config.enabledRules.count) of \(config.rules.count) rules on; "
              + "quiet months \(config.lifecycle.quietMonths); disclosure k=\(config.disclosure.minimumEnterprises), "
              + "(n,k)=(\(config.disclosure.dominanceCount), \(Int(config.disclosure.dominanceShare * 100))%)")
        for r in config.rules {
            print("")
            print("\(r.id)  [\(r.kind.rawValue), \(r.scope.rawValue)]  \(r.enabled ? "on" : "OFF")")
            print("  \(r.title) / \(r.titleZh)")
            var sig = "  signals: \(r.signals.joined(separator: ", "))"
            if !r.exclude.isEmpty { sig += " (not \(r.exclude.joined(separator: ", ")))" }
            if let a = r.against { sig += " against \(a)" }
            print(sig)
            let t = r.thresholds
            var lv = "  levels: blue ≥ \(parameterText(t.blue)), yellow ≥ \(parameterText(t.yellow)), orange ≥ \(parameterText(t.orange)), red ≥ \(parameterText(t.red)); clear below \(parameterText(r.clear))"
            if let c = r.ceiling { lv += "; ceiling \(parameterText(c))" }
            if let h = r.horizon { lv += "; horizon \(h) months" }
            if let w = r.window { lv += "; window \(w) months" }
            if let m = r.minimumRelativeChange { lv += "; at least \(parameterText(m * 100))% change" }
            if let m = r.minimumStaff { lv += "; staff ≥ \(parameterText(m))" }
            if let m = r.minimumHistory { lv += "; history ≥ \(m) months" }
            if let m = r.minimumEnterprises { lv += "; cells of ≥ \(parameterText(m)) enterprises" }
            if let m = r.confirmMonths { lv += "; confirmed over \(m) month\(m == 1 ? "" : "s")" }
            print(lv)
            print("  false alerts: \(r.falseAlertBound)")
            print("  seasonal adjustment: \(r.seasonalAdjustment)")
            print("  " + r.meaning)
        }
    }
}
