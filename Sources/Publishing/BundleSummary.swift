import Alerting
import Presentation
import TabularIO

extension BundleWriter {
    /// `summary.txt`: what the run found, in the config's languages (Chinese first): the
    /// bundle, an exercise's note, open alerts by level, changes by status, then the first
    /// 20 alerts one per line led by level and status, with the headline in each language.
    static func summary(_ records: [PublishedAlert], run: RunOutput, audience: Audience) -> String {
        let languages = run.config.languages
        let open = records.filter { $0.status.isOpen }
        let byLevel = AlertLevel.allCases.reversed().map { l in (l, open.filter { $0.level == l }.count) }
        var s = ""
        for lang in languages {
            if lang == .zh {
                s += "就业失业预警 \(run.runID) — 数据截至 \(run.asOf) — \(audience == .public ? "公开" : "限定范围")版\n"
            } else {
                s += "JobSentry \(run.runID) — as of \(run.asOf) — \(audience.rawValue) bundle\n"
            }
        }
        s += "\n"
        if let exercise = run.exercise {
            for lang in languages {
                s += lang == .zh ? "演练 — 情景推演，并非正式预警：\(exercise)\n" : "EXERCISE — a what-if scenario, not a warning: \(exercise)\n"
            }
            s += "\n"
        }
        for lang in languages {
            if lang == .zh {
                let levels = byLevel.map { "\($0.0.chinese) \($0.1)" }.joined(separator: "，")
                s += "在办预警 \(open.count) 条（\(levels)）；已解除 \(records.count - open.count) 条\n"
            } else {
                s += "Open alerts: \(open.count) (\(byLevel.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")))\n"
                let statuses = AlertStatus.allCases.map { st in "\(st.rawValue) \(records.filter { $0.status == st }.count)" }
                s += "Changes: \(statuses.joined(separator: ", "))\n"
            }
        }
        s += "\n"
        // The level leads each line: headlines leave it out because every output shows it beside them.
        // Headlines can hold names from input files: one line each, whatever they contain.
        for r in records.prefix(20) {
            let lines = languages.map { TextEscaping.singleLine($0 == .zh ? r.headlineZh : r.headlineEn) }
            s += "- [\(r.level.rawValue) \(r.levelRoman), \(r.status.rawValue)] \(lines.joined(separator: "\n  "))\n"
        }
        if records.count > 20 {
            s += languages.first == .zh ? "… 另有 \(records.count - 20) 条，见 alerts.csv\n" : "… and \(records.count - 20) more in alerts.csv\n"
        }
        // Watched series the model could not fit: never left out silently.
        if !run.unfitted.isEmpty {
            s += "\n"
            for lang in languages {
                s += lang == .zh ? "警告：\(run.unfitted.count) 个监测序列无法拟合，未作判断（完整清单见 manifest.json）：\n"
                    : "Warning: \(run.unfitted.count) watched series could not be fitted and were not judged (all listed in manifest.json):\n"
            }
            for u in run.unfitted.prefix(10) { s += "- \(TextEscaping.singleLine(u.name)): \(u.reason)\n" }
            if run.unfitted.count > 10 { s += "… (+\(run.unfitted.count - 10))\n" }
        }
        return s
    }
}
