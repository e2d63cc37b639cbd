extension AlertConfig {
    /// The config with one parameter changed, for backtest sweeps and what-ifs:
    /// `RULE.FIELD=VALUE` where FIELD is `enabled`, `clear`, `ceiling`, `horizon`, `window`,
    /// `minimum_relative_change`, `minimum_staff` or `thresholds.blue|yellow|orange|red`.
    /// The result is validated like a config file.
    /// - Throws: `ConfigError` (file `--set`) naming the rule, field or value that is wrong.
    public func setting(_ assignment: String) throws -> AlertConfig {
        func fail(_ m: String) -> ConfigError { ConfigError(file: "--set \(assignment)", message: m) }
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw fail("expected RULE.FIELD=VALUE, e.g. employment_contraction.thresholds.blue=2.5") }
        let path = parts[0].split(separator: ".").map(String.init)
        guard path.count >= 2, let r = rules.firstIndex(where: { $0.id == path[0] }) else {
            throw fail("unknown rule \"\(path.first ?? "")\"; `jobsentry rules` lists them")
        }
        let field = path.dropFirst().joined(separator: ".")
        let text = parts[1]
        func number() throws -> Double {
            guard let v = Double(text), v.isFinite else { throw fail("expected a number for \(field), found \"\(text)\"") }
            return v
        }
        func whole() throws -> Int {
            guard let v = Int(text), v > 0 else { throw fail("expected a positive whole number for \(field), found \"\(text)\"") }
            return v
        }
        var out = self
        switch field {
        case "enabled":
            guard let b = Bool(text) else { throw fail("expected true or false for enabled, found \"\(text)\"") }
            out.rules[r].enabled = b
        case "clear": out.rules[r].clear = try number()
        case "ceiling": out.rules[r].ceiling = try number()
        case "horizon": out.rules[r].horizon = try whole()
        case "window": out.rules[r].window = try whole()
        case "minimum_relative_change": out.rules[r].minimumRelativeChange = try number()
        case "minimum_staff": out.rules[r].minimumStaff = try number()
        case "thresholds.blue": out.rules[r].thresholds.blue = try number()
        case "thresholds.yellow": out.rules[r].thresholds.yellow = try number()
        case "thresholds.orange": out.rules[r].thresholds.orange = try number()
        case "thresholds.red": out.rules[r].thresholds.red = try number()
        default:
            throw fail("unknown field \"\(field)\"; expected enabled, clear, ceiling, horizon, window, minimum_relative_change, minimum_staff or thresholds.blue|yellow|orange|red")
        }
        try out.validate(file: "--set \(assignment)")
        return out
    }
}
