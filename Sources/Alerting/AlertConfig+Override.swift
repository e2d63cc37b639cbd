import Foundation

extension AlertConfig {
    /// The config with one parameter changed, for backtest sweeps and what-ifs:
    /// `RULE.FIELD=VALUE` where FIELD is `enabled`, `clear`, `thresholds.blue|yellow|orange|red`
    /// or any parameter of the rule's kind (the keys `jobsentry rules` lists, e.g. `window`,
    /// `minimum_history`, `false_discovery_rate`). The result is validated like a config file.
    /// - Throws: `ConfigError` (file `--set`) naming the rule, field or value that is wrong.
    public func setting(_ assignment: String) throws -> AlertConfig {
        func fail(_ m: String) -> ConfigError { ConfigError(file: "--set \(assignment)", message: m) }
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw fail("expected RULE.FIELD=VALUE, e.g. employment_contraction.thresholds.blue=2.5") }
        let path = parts[0].split(separator: ".").map(String.init)
        guard path.count >= 2, let r = rules.firstIndex(where: { $0.id == path[0] }) else {
            throw fail("unknown rule \"\(path.first ?? "")\"; `jobsentry rules` lists them")
        }
        let rule = rules[r]
        let field = path.dropFirst().joined(separator: ".")
        let text = parts[1]
        let levels = ["blue", "yellow", "orange", "red"]
        let settable = ["enabled", "clear"] + levels.map { "thresholds.\($0)" } + RuleParameters.keys(of: rule.kind)
        guard settable.contains(field) else {
            throw fail("unknown field \"\(field)\" of rule \(rule.id) (kind \(rule.kind.rawValue)); expected one of \(settable.joined(separator: ", "))")
        }
        // The value as YAML would read a plain scalar: true/false, a whole number, a number, a
        // list of numbers in brackets (`size_bands=[50/200/1000]`, `/` between them since `,`
        // separates the values of a sweep), else text.
        let value: Any
        if text.hasPrefix("["), text.hasSuffix("]") {
            let items = text.dropFirst().dropLast().split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = items.compactMap(Double.init)
            guard numbers.count == items.count else { throw fail("expected numbers separated by / in [\(text.dropFirst().dropLast())]") }
            value = numbers
        } else {
            value = Bool(text) ?? Int(text).map { $0 as Any } ?? Double(text).map { $0 as Any } ?? text
        }
        var out = self
        do {
            let encoded = try JSONEncoder().encode(rule)
            guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] else {
                throw fail("rule \(rule.id) does not encode as a mapping")
            }
            if path.count == 3, path[1] == "thresholds", var t = object["thresholds"] as? [String: Any] {
                t[path[2]] = value
                object["thresholds"] = t
            } else {
                object[field] = value
            }
            out.rules[r] = try JSONDecoder().decode(Rule.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let e as DecodingError {
            throw fail("cannot set \(field) to \"\(text)\": \(AlertConfig.describe(e))")
        }
        try out.validate(file: "--set \(assignment)")
        return out
    }
}
