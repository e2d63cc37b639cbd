import ArgumentParser
import Foundation
import Logging

/// How `run` writes its log lines to standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// `2025-07-01T02:00:00Z info run: message key=value` for people.
    case text
    /// One JSON object per line (`ts`, `level`, `msg`, metadata) for log collectors.
    case json
}

/// A swift-log handler writing one line per message to standard error.
struct StderrLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        write(level: event.level, message: event.message, metadata: event.metadata)
    }

    private func write(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?) {
        var all = metadata
        for (k, v) in extra ?? [:] { all[k] = v }
        let ts = ISO8601DateFormatter().string(from: Date())
        switch format {
        case .text:
            let kv = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " ")
            FileHandleStderr.write("\(ts) \(level) \(label): \(message)\(kv.isEmpty ? "" : " " + kv)\n")
        case .json:
            var obj: [String: String] = ["ts": ts, "level": "\(level)", "logger": label, "msg": "\(message)"]
            for (k, v) in all { obj[k] = "\(v)" }
            let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
            FileHandleStderr.write(String(decoding: data, as: UTF8.self) + "\n")
        }
    }
}
