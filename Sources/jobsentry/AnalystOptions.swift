import Alerting
import ArgumentParser
import Foundation
import PanelStore

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

    /// The store path and rules in force, or a failure naming what is missing.
    func resolve() throws -> (storePath: String, config: AlertConfig) {
        let storePath: String
        var configPath = config
        if let store {
            storePath = store
        } else {
            let ws = Workspace(workspace ?? FileManager.default.currentDirectoryPath)
            guard ws.exists || workspace != nil else {
                throw AnalystFailure(status: ExitStatus.usage,
                                     message: "no workspace here; give --workspace DIR or --store PATH")
            }
            storePath = ws.store.path
            if configPath == nil && ws.exists { configPath = ws.config.path }
        }
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw AnalystFailure(status: ExitStatus.noInput, message: "no store at \(storePath); run `jobsentry ingest` or `jobsentry run` first")
        }
        let rules: AlertConfig
        do { rules = try configPath.map { try AlertConfig.load(path: $0) } ?? .defaults } catch {
            throw AnalystFailure(status: ExitStatus.config, message: "\(error)")
        }
        return (storePath, rules)
    }
}

/// A failure of an analyst command: the exit status and the message for stderr.
struct AnalystFailure: Error {
    let status: ExitCode
    let message: String
}

extension AnalystFailure {
    /// Runs `body`, turning failures into a message on stderr and the right exit status.
    static func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let f as AnalystFailure {
            diagnose("error: \(f.message)")
            throw f.status
        } catch let e as ExitCode {
            throw e
        } catch let e as ValidationError {
            throw e
        } catch {
            diagnose("error: \(error)")
            throw ExitStatus.software
        }
    }
}
