import Alerting
import Foundation
import GRDB
import PanelStore
import StoreSchema
import TestSupport
import XCTest

/// One schema owner for the SQLite file: whichever side (the panel store, the alert history)
/// opens it first, the file gets every table, and a store written before `StoreSchema`
/// (user_version 4, the alert tables made by Alerting's own migrator) is upgraded in place.
final class StoreSchemaTests: XCTestCase {
    /// `Resources/store-schema4-one-run.sqlite` was written by JobSentry at main f99529a (the
    /// last commit with two migrators): `jobsentry init`, `datasets/sample/series.csv` in the
    /// inbox, `SOURCE_DATE_EPOCH=1767225600 JOBSENTRY_TODAY=2026-01-01 jobsentry run`. It holds
    /// one ingested file (1,080 rows, 18 series × 60 months) and one run (`run-0001-2024-12`)
    /// that published one alert, `A-430100-C-ALL`; user_version 4; migrations v1, v2-fact-blocks,
    /// v3-withdrawal, v4-file-stat and alerting-v1.
    func storeWrittenBeforeTheOneSchema() throws -> String {
        let dir = try temporaryDirectory(self)
        let copy = dir.appendingPathComponent("jobsentry.sqlite")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Tests/StoreSchemaTests/Resources/store-schema4-one-run.sqlite"),
                                         to: copy)
        return copy.path
    }

    func userVersion(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? -1 }
    }

    func migrations(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    /// Every table, index and its SQL, as SQLite keeps them.
    func schema(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
        }
    }

    /// The one table the upgrade from user_version 4 adds: the rule-result cache (step
    /// `v5-derived-result`).
    static let derivedResult = "table derived_result: CREATE TABLE derived_result (\n  key TEXT PRIMARY KEY,\n"
        + "  value BLOB NOT NULL,\n  sequence INTEGER NOT NULL\n) WITHOUT ROWID"

    /// `schema` of a store of the earlier layout once upgraded: the same, with `derivedResult`.
    func upgraded(_ earlier: [String]) -> [String] {
        (earlier + [Self.derivedResult]).sorted { ($0.prefix { $0 != " " }, $0) < ($1.prefix { $0 != " " }, $1) }
    }

    func testAStoreOfTheEarlierSchemaIsUpgradedInPlaceAndKeepsItsFactsAndAlerts() throws {
        let path = try storeWrittenBeforeTheOneSchema()
        XCTAssertEqual(try userVersion(path), 4)
        let before = try schema(path)

        let store = try Store(path: path)
        XCTAssertEqual(try userVersion(path), StoreSchema.version)
        XCTAssertEqual(try schema(path), upgraded(before), "the upgrade adds the rule-result cache and nothing else")
        XCTAssertEqual(try migrations(path), ["alerting-v1", "v1", "v2-fact-blocks", "v3-withdrawal", "v4-file-stat", "v5-derived-result"])
        XCTAssertEqual(try store.ledger().map(\.accepted), [1080])
        let panel = try store.panel()
        XCTAssertEqual(panel.seriesCount, 18)
        XCTAssertEqual(panel.periodCount, 60)

        let history = try AlertHistory(path: path)
        XCTAssertEqual(try history.lastRun()?.runID, "run-0001-2024-12")
        XCTAssertEqual(try history.alerts().map(\.id), ["A-430100-C-ALL"])
        XCTAssertEqual(try history.states().filter(\.isOpen).map(\.id), ["A-430100-C-ALL"])
    }

    /// A store that was ingested into but never run (the alert tables were made by the first
    /// run's `AlertHistory`) gets them from the one schema, whichever side opens it.
    func testAnIngestedButNeverRunStoreGainsTheAlertTables() throws {
        for historyFirst in [false, true] {
            let path = try storeWrittenBeforeTheOneSchema()
            let full = upgraded(try schema(path))
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: """
                    DROP TABLE alert_message; DROP TABLE alert_state; DROP TABLE alert_run;
                    DELETE FROM grdb_migrations WHERE identifier = 'alerting-v1';
                    """)
            }
            XCTAssertFalse(try schema(path).contains { $0.hasPrefix("table alert_run") })
            if historyFirst {
                XCTAssertNil(try AlertHistory(path: path).lastRun())
                XCTAssertEqual(try Store(path: path).ledger().count, 1)
            } else {
                XCTAssertEqual(try Store(path: path).ledger().count, 1)
                XCTAssertNil(try AlertHistory(path: path).lastRun())
            }
            XCTAssertEqual(try schema(path), full, historyFirst ? "history first" : "store first")
            XCTAssertEqual(try userVersion(path), StoreSchema.version)
        }
    }

    /// A new file gets, from either side, the very tables the two migrators used to write.
    func testANewStoreHasTheSameSchemaWhicheverSideOpensItFirst() throws {
        let dir = try temporaryDirectory(self)
        let earlier = upgraded(try schema(try storeWrittenBeforeTheOneSchema()))
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        _ = try Store(path: a)
        _ = try AlertHistory(path: b)
        XCTAssertEqual(try schema(a), earlier)
        XCTAssertEqual(try schema(b), earlier)
        XCTAssertEqual(try userVersion(a), StoreSchema.version)
        XCTAssertEqual(try userVersion(b), StoreSchema.version)
        // Opening again changes nothing.
        _ = try AlertHistory(path: a)
        _ = try Store(path: b)
        XCTAssertEqual(try schema(a), earlier)
        XCTAssertEqual(try migrations(b), try migrations(a))
    }
}
