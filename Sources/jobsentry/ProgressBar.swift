import Foundation

/// A one-line progress bar on standard error for work that takes more than a second.
///
/// Silent unless standard error is a terminal and `--quiet` was not given, so cron logs and
/// pipes never see carriage returns. Nothing is drawn during the first second, then at most
/// ten times a second; `finish()` erases the line.
final class ProgressBar {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// - Parameters:
    ///   - total: units of work, or `nil` when unknown (then a count is shown).
    ///   - quiet: the command's `--quiet` flag.
    init(label: String, total: Int?, quiet: Bool) {
        self.label = label
        self.total = total
        self.enabled = !quiet && isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Reports that `done` units are complete.
    func update(_ done: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(started) >= 1, now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = String(format: "%.1f s", now.timeIntervalSince(started))
        var line = "\r\(label) "
        if let total, total > 0 {
            let frac = min(1, Double(done) / Double(total))
            let width = 30, filled = Int(frac * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            line += String(format: " %3d%% ", Int(frac * 100)) + elapsed
        } else {
            line += "\(done) … " + elapsed
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
        drawn = true
    }

    /// Clears the bar if it was drawn.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
