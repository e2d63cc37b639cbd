import Alerting
import XCTest

final class AlertConfigTests: XCTestCase {
    func testDefaultsParseAndCoverTheDesignRules() throws {
        let c = AlertConfig.defaults
        XCTAssertEqual(c.schema, 1)
        XCTAssertEqual(c.rule("surveyed_rate_ceiling")?.ceiling, 5.5)
        XCTAssertEqual(c.rule("registered_rate_ceiling")?.ceiling, 4.5)
        XCTAssertEqual(c.rule("sahm_rise")?.thresholds.blue, 0.5)
        XCTAssertEqual(c.rule("mass_layoff")?.thresholds.blue, 1.0)
        XCTAssertEqual(c.disclosure, DisclosurePolicy(minimumEnterprises: 3, dominanceCount: 2, dominanceShare: 0.85))
        let kinds = Set(c.rules.map(\.kind))
        XCTAssertEqual(kinds, Set(RuleKind.allCases), "every rule kind has a default rule")
        for r in c.rules {
            XCTAssertFalse(r.meaning.isEmpty, "\(r.id) is documented")
            XCTAssertFalse(r.titleZh.isEmpty, "\(r.id) has a Chinese title")
        }
    }

    func testRetuneAndSwitchOff() throws {
        var text = AlertConfig.defaultText
        text = text.replacingOccurrences(of: "    ceiling: 5.5\n    thresholds: {blue: 0.0, yellow: 0.3, orange: 0.6, red: 1.0}",
                                         with: "    ceiling: 5.0\n    enabled: false\n    thresholds: {blue: 0.0, yellow: 0.3, orange: 0.6, red: 1.0}")
        let c = try AlertConfig.parse(text, file: "x.yaml")
        XCTAssertEqual(c.rule("surveyed_rate_ceiling")?.ceiling, 5.0)
        XCTAssertEqual(c.rule("surveyed_rate_ceiling")?.enabled, false)
        XCTAssertFalse(c.enabledRules.contains { $0.id == "surveyed_rate_ceiling" })
        XCTAssertNotEqual(c.hash, AlertConfig.defaults.hash, "a retuned config has another hash")
    }

    func testCommentsDoNotChangeTheHash() throws {
        let c = try AlertConfig.parse("# a comment\n" + AlertConfig.defaultText, file: "x.yaml")
        XCTAssertEqual(c.hash, AlertConfig.defaults.hash)
    }

    func testValidationMessages() {
        func message(_ yaml: String) -> String {
            do { _ = try AlertConfig.parse(yaml, file: "rules.yaml"); return "accepted" } catch { return "\(error)" }
        }
        let head = "schema: 1\nlifecycle: {quiet_months: 2}\ncombination: {corroborating_rules: 2}\n"
            + "disclosure: {minimum_enterprises: 3, dominance_count: 2, dominance_share: 0.85}\nrules:\n"
        XCTAssertEqual(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, thresholds: {blue: 3, yellow: 2, orange: 6, red: 9}, clear: 1}\n"),
                       "rules.yaml:6:63: rule \"a\": thresholds must increase from blue to red, got 3.0, 2.0, 6.0, 9.0")
        XCTAssertEqual(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, thresholds: {blue: 3, yellow: 4, orange: 6, red: 9}, clear: 3}\n"),
                       "rules.yaml:6:111: rule \"a\": clear (3.0) must be below the blue threshold (3.0) for hysteresis")
        XCTAssertEqual(message(head + "  - {id: a, kind: ceiling, signals: [x], thresholds: {blue: 0, yellow: 1, orange: 2, red: 3}, clear: -1}\n"),
                       "rules.yaml:6:5: rule \"a\": kind ceiling needs a ceiling")
        XCTAssertEqual(message(head + "  - {id: a, kind: surge, signals: [x], thresholds: {blue: 3, yellow: 4, orange: 6, red: 9}, clear: 1}\n"),
                       "rules.yaml:6:5: rule \"a\": kind surge needs a window (1…12 months)")
        XCTAssertTrue(message(head + "  - {id: a, kind: nonsense, signals: [x], thresholds: {blue: 3, yellow: 4, orange: 6, red: 9}, clear: 1}\n")
            .hasPrefix("rules.yaml:6:19: invalid value at rules[0].kind"))
        XCTAssertEqual(message("schema: 2\n"), "rules.yaml:1:1: missing key \"lifecycle\" at top level")
        XCTAssertEqual(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, region_levels: [town], thresholds: {blue: 3, yellow: 4, orange: 6, red: 9}, clear: 1}\n"),
                       "rules.yaml:6:5: rule \"a\": region_levels may hold province, city and county, not \"town\"")
    }

    /// Issue 15: a syntax error and a bad threshold say where they are and what was expected.
    func testConfigErrorsCarryLineAndColumnAndThresholdsRespectTheRulesFloor() {
        func message(_ yaml: String) -> String {
            do { _ = try AlertConfig.parse(yaml, file: "rules.yaml"); return "accepted" } catch { return "\(error)" }
        }
        XCTAssertEqual(message("schema: 1\nlifecycle: {quiet_months: 2\ncombination: {corroborating_rules: 2}\n"),
                       "rules.yaml:3:12: not valid YAML: while parsing a flow mapping did not find expected ',' or '}'")
        XCTAssertEqual(message("schema: 1\n  lifecycle: x\n"), "rules.yaml:2:12: not valid YAML: mapping values are not allowed in this context")
        // The default config with one threshold retuned below its floor.
        let layoff = AlertConfig.defaultText.replacingOccurrences(
            of: "thresholds: {blue: 1.0, yellow: 2.0, orange: 4.0, red: 8.0}", with: "thresholds: {blue: -1, yellow: 2.0, orange: 4.0, red: 8.0}")
        XCTAssertNotEqual(layoff, AlertConfig.defaultText)
        let line = layoff.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("blue: -1,") }! + 1
        XCTAssertEqual(message(layoff), "rules.yaml:\(line):24: rule \"mass_layoff\": the blue threshold (-1.0) must be at least 1.0, the legal threshold of a mass layoff (20 people or 10% of staff, Labour Contract Law art. 41)")
        let head = "schema: 1\nlifecycle: {quiet_months: 2}\ncombination: {corroborating_rules: 2}\n"
            + "disclosure: {minimum_enterprises: 3, dominance_count: 2, dominance_share: 0.85}\nrules:\n"
        XCTAssertTrue(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, thresholds: {blue: 0, yellow: 4, orange: 6, red: 9}, clear: -1}\n")
            .hasSuffix("rule \"a\": the blue threshold (0.0) must be above 0.0, the robust z of a series that does what its trend and season expect"))
        XCTAssertTrue(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, thresholds: {blue: 3, yellow: 3, orange: 6, red: 9}, clear: 1}\n")
            .hasSuffix("thresholds must increase from blue to red, got 3.0, 3.0, 6.0, 9.0"))
        XCTAssertTrue(message(head + "  - {id: a, kind: ceiling, ceiling: 5.5, signals: [x], thresholds: {blue: -6, yellow: 0, orange: 1, red: 2}, clear: -7}\n")
            .hasSuffix("the blue threshold (-6.0) must be above -5.5, since the measure is the rate minus the ceiling and a rate is never below 0"))
        XCTAssertEqual(message(head + "  - {id: a, kind: surge, signals: [x], window: 2, thresholds: {blue: 3, yellow: 4, orange: 6, red: 9}, clear: 1}\n"), "accepted")
    }

    func testSignalPatterns() {
        XCTAssertTrue(SignalPattern.matches("*employ*", "Manufacturing_EMPLOYMENT"))
        XCTAssertTrue(SignalPattern.matches("payroll*", "payroll_headcount"))
        XCTAssertTrue(SignalPattern.matches("ui_?ew_claims", "ui_new_claims"))
        XCTAssertFalse(SignalPattern.matches("payroll*", "late_payers"))
        let contraction = AlertConfig.defaults.rule("employment_contraction")!
        XCTAssertTrue(contraction.selects("employment_by_industry"), "generic series get the contraction rule")
        XCTAssertTrue(contraction.selects("insured"))
        XCTAssertFalse(contraction.selects("registered_unemployed"), "unemployment is watched for rises, not falls")
        XCTAssertFalse(contraction.selects("payroll_enterprises"))
        let surge = AlertConfig.defaults.rule("claims_separations_surge")!
        XCTAssertTrue(surge.selects("registered_unemployed"))
        XCTAssertTrue(surge.selects("ui_new_claims"))
        XCTAssertTrue(surge.selects("separation_rate"))
        XCTAssertFalse(surge.selects("payroll_headcount"))
    }

    func testLevelsOrderAndThresholds() {
        XCTAssertTrue(AlertLevel.red > AlertLevel.orange && AlertLevel.orange > AlertLevel.yellow && AlertLevel.yellow > AlertLevel.blue)
        XCTAssertEqual(AlertLevel.allCases.map(\.roman), ["IV", "III", "II", "I"])
        XCTAssertEqual(AlertLevel.orange.raised(by: 5), .red)
        let t = LevelThresholds(blue: 1, yellow: 2, orange: 4, red: 8)
        XCTAssertNil(t.level(for: 0.99))
        XCTAssertEqual(t.level(for: 1), .blue)
        XCTAssertEqual(t.level(for: 7.9), .orange)
        XCTAssertEqual(t.level(for: 100), .red)
        XCTAssertNil(t.level(for: .nan))
    }
}
