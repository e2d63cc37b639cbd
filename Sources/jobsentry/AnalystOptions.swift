import Alerting
import ArgumentParser
import Foundation
import Workbench

/// Where an analyst command reads from: a workspace (its store and config) or a bare store
/// (with the built-in rules unless `--config` names a file).
struct AnalystOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace made by `jobsentry init` (default: current directory when it is one).")
    var workspace: String?

    @Option(name: .long, help: "SQLite store to read instead of a workspace's.")
    var store: String?

    @Option(name: .long, help: "Alert rules (YAML) to use instead of the workspace's or the built-in ones.")
    var config: String?

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        if workspace != nil && store != nil { throw ValidationError("give --workspace or --store, not both") }
    }

    /// The workspace the command reads, when it reads one (not with `--store`).
    var resolvedWorkspace: Workspace? {
        guard store == nil else { return nil }
        let ws = Workspace(workspace ?? FileManager.default.currentDirectoryPath)
        return ws.exists ? ws : nil
    }

    /// The store path and rules in force, or a failure naming what is missing. A workspace's
    /// config that does not load is an error (78, with its line and column), never replaced
    /// by the built-in rules.
    func resolve() throws -> (storePath: String, config: AlertConfig) {
        let storePath: String
        var configPath = config
        if let store {
            storePath = store
        } else {
            let ws = Workspace(workspace ?? FileManager.default.currentDirectoryPath)
            guard ws.exists || workspace != nil else {
                throw WorkbenchFailure(.usage, "no workspace here; give --workspace DIR or --store PATH")
            }
            storePath = ws.store.path
            if configPath == nil && ws.exists { configPath = ws.config.path }
        }
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw WorkbenchFailure(.noInput, "no store at \(storePath); run `jobsentry ingest` or `jobsentry run` first")
        }
        let rules: AlertConfig
        do { rules = try configPath.map { try AlertConfig.load(path: $0) } ?? .defaults } catch {
            throw WorkbenchFailure(.config, "\(error)")
        }
        return (storePath, rules)
    }
}
