extension AlertConfig {
    /// What `jobsentry rules` prints: the config's hash and policies, then every rule with
    /// its signals, levels, each parameter of its kind under its config key with the value in
    /// force (defaults included, so that what the file leaves out is visible), the false-alert
    /// bound it is built to, how it removes the seasons, and what it means.
    public var listing: String {
        var lines = ["config \(String(hash.prefix(12))): \(enabledRules.count) of \(rules.count) rules on; "
            + "quiet months \(lifecycle.quietMonths); disclosure k=\(disclosure.minimumEnterprises), "
            + "(n,k)=(\(disclosure.dominanceCount), \(Int(disclosure.dominanceShare * 100))%)"]
        for r in rules {
            lines.append("")
            lines.append("\(r.id)  [\(r.kind.rawValue), \(r.scope.rawValue)]  \(r.enabled ? "on" : "OFF")")
            lines.append("  \(r.title) / \(r.titleZh)")
            var sig = "  signals: \(r.signals.joined(separator: ", "))"
            if !r.exclude.isEmpty { sig += " (not \(r.exclude.joined(separator: ", ")))" }
            if let levels = r.regionLevels { sig += "; region levels: \(levels.joined(separator: ", "))" }
            lines.append(sig)
            let t = r.thresholds
            var lv = "  levels: blue ≥ \(parameterText(t.blue)), yellow ≥ \(parameterText(t.yellow)), orange ≥ \(parameterText(t.orange)), red ≥ \(parameterText(t.red)); clear below \(parameterText(r.clear))"
            for (key, value) in r.parameterValues { lv += "; \(key) \(value)" }
            lines.append(lv)
            lines.append("  false alerts: \(r.falseAlertBound)")
            lines.append("  seasonal adjustment: \(r.seasonalAdjustment)")
            lines.append("  " + r.meaning)
        }
        return lines.joined(separator: "\n")
    }
}
