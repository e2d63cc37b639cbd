import Codes
import Foundation
import Yams

/// A file of named scenarios (YAML), so a set of what-ifs can be kept and re-run:
///
/// ```yaml
/// scenarios:
///   - name: changsha-manufacturing
///     description: Changsha manufacturing payroll falls 15% from March for six months
///     as_of: 2024-06
///     shocks:
///       - region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2024-03,months=6
///       - {region: 430100, signal: ui_new_claims, change: 20%, from: 2024-04}
/// ```
/// A shock is the inline `key=value` form or a mapping with the same keys.
public struct ScenarioFile: Sendable {
    public struct Scenario: Sendable {
        public let name: String
        public let description: String?
        public let asOf: Period?
        public let shocks: [Shock]
    }

    public let scenarios: [Scenario]

    /// Why a scenario file was not understood, naming the file and the scenario.
    public struct LoadError: Error, CustomStringConvertible {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    public static func load(path: String) throws -> ScenarioFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(file: path, message: "cannot read the scenario file")
        }
        let root: Any?
        do { root = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw LoadError(file: path, message: "not valid YAML: \(error)")
        }
        guard let top = root as? [String: Any], let list = top["scenarios"] as? [Any] else {
            throw LoadError(file: path, message: "expected a top-level `scenarios:` list")
        }
        var out: [Scenario] = []
        for (i, item) in list.enumerated() {
            guard let m = item as? [String: Any], let name = m["name"].map({ "\($0)" }) else {
                throw LoadError(file: path, message: "scenario \(i + 1): expected a mapping with a `name`")
            }
            var asOf: Period?
            if let a = m["as_of"] {
                guard let p = Period("\(a)") else { throw LoadError(file: path, message: "scenario \(name): as_of must be YYYY-MM, found \"\(a)\"") }
                asOf = p
            }
            guard let shocks = m["shocks"] as? [Any], !shocks.isEmpty else {
                throw LoadError(file: path, message: "scenario \(name): expected a non-empty `shocks:` list")
            }
            var parsed: [Shock] = []
            for s in shocks {
                do {
                    if let text = s as? String {
                        parsed.append(try Shock(parsing: text))
                    } else if let fields = s as? [String: Any] {
                        var f: [String: String] = [:]
                        for (k, v) in fields {
                            guard Shock.keys.contains(k) else {
                                throw Shock.ParseError(spec: "\(fields)", message: "unknown key \"\(k)\"; expected one of \(Shock.keys.joined(separator: ", "))")
                            }
                            f[k] = "\(v)"
                        }
                        parsed.append(try Shock(fields: f, spec: f.keys.sorted().map { "\($0)=\(f[$0]!)" }.joined(separator: ",")))
                    } else {
                        throw LoadError(file: path, message: "scenario \(name): a shock must be key=value text or a mapping")
                    }
                } catch let e as Shock.ParseError {
                    throw LoadError(file: path, message: "scenario \(name): \(e)")
                }
            }
            out.append(Scenario(name: name, description: m["description"].map { "\($0)" }, asOf: asOf, shocks: parsed))
        }
        return ScenarioFile(scenarios: out)
    }
}
