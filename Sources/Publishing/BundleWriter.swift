import Alerting
import Crypto
import Foundation
import Presentation
import TabularIO

/// Everything one run publishes, before it is split by audience.
public struct RunOutput: Sendable {
    public var runID: String
    public var asOf: String
    public var sent: String
    public var config: AlertConfig
    public var alerts: [Alert]
    /// Input files the store has ingested (path relative to the workspace, SHA-256, size).
    public var inputs: [Manifest.FileDigest]
    public var disclosure: DisclosureControl
    public var generator: String
    public var sender: String
    /// Start `alerts.csv` with a UTF-8 byte-order mark, for spreadsheet programs.
    public var csvByteOrderMark: Bool
    /// Set for what-if bundles (`scenario --out`): what was assumed. CAP messages then carry
    /// status `Exercise` and this as their note, and the summary says it is not a warning.
    public var exercise: String?
    /// Watched series the model could not fit: named in the summary and the manifest, so
    /// that no series is left out silently.
    public var unfitted: [UnfittedSeries]

    public init(runID: String, asOf: String, sent: String, config: AlertConfig, alerts: [Alert],
                inputs: [Manifest.FileDigest], disclosure: DisclosureControl, generator: String,
                sender: String = CAPMessage.defaultSender, csvByteOrderMark: Bool = false, exercise: String? = nil,
                unfitted: [UnfittedSeries] = []) {
        self.runID = runID; self.asOf = asOf; self.sent = sent; self.config = config; self.alerts = alerts
        self.inputs = inputs; self.disclosure = disclosure; self.generator = generator; self.sender = sender
        self.csvByteOrderMark = csvByteOrderMark; self.exercise = exercise; self.unfitted = unfitted
    }
}

/// Writes one audience's bundle into a directory: `alerts.jsonl`, `alerts.csv`,
/// `cap/<alert id>.xml` (each with its own XML Signature by `capSigner`), `summary.txt` (plain text), `report.html` (map, evidence, charts), then `manifest.json` listing them all with their
/// SHA-256 and `manifest.sig`. The caller writes into a temporary directory and renames
/// it into the outbox, so receivers never see half a bundle.
public enum BundleWriter {
    public static let csvHeader = [
        "schema", "id", "message_id", "run_id", "as_of", "audience", "scope", "region_code", "region_name", "sector",
        "group", "enterprise_id", "enterprise_name", "level", "level_roman", "status", "previous_level", "risk_score",
        "first_raised", "last_raised", "rules", "headline_en", "headline_zh", "suppressed",
        // Readers' names beside the codes (region_code, sector) that machines join on.
        "region_name_zh", "sector_name", "sector_name_zh",
    ]

    /// Both audiences' bundles of `run`, as `final`/public and `final`/restricted, appearing
    /// whole or not at all: written into `partial` (cleared first), then `partial` renamed to
    /// `final` (replacing an earlier one). `beforeRename` runs in between (a crash test's
    /// fault point). On an error `partial` is removed and the error rethrown.
    ///
    /// Folders get mode `0777 & ~umask` and files `0666 & ~umask` before the rename, so a
    /// receiver never sees them otherwise: the default `0o077` keeps both bundles (the
    /// restricted one holds enterprise names and credit codes) to the owner; `0o027` lets
    /// the owner's group read them (an outbox shared with a transfer account).
    public static func publish(_ run: RunOutput, to final: URL, through partial: URL,
                               signingKey: Curve25519.Signing.PrivateKey, capSigner: CAPSigner, umask: mode_t = 0o077,
                               beforeRename: () -> Void = {}) throws {
        let fm = FileManager.default
        do {
            try? fm.removeItem(at: partial)
            for audience in Audience.allCases {
                try write(run, audience: audience, to: partial.appendingPathComponent(audience.rawValue), signingKey: signingKey,
                          capSigner: capSigner)
            }
            try applyMode(under: partial, umask: umask)
            beforeRename()
            try? fm.removeItem(at: final)
            try fm.moveItem(at: partial, to: final)
        } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
    }

    /// Sets `0777 & ~umask` on `root` and every folder under it, `0666 & ~umask` on files.
    public static func applyMode(under root: URL, umask: mode_t) throws {
        let fm = FileManager.default
        func set(_ path: String, _ mode: mode_t) throws {
            guard chmod(path, mode & ~umask) == 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "chmod \(path): \(String(cString: strerror(errno)))"])
            }
        }
        try set(root.path, 0o777)
        guard let e = fm.enumerator(atPath: root.path) else { return }
        for case let rel as String in e {
            let path = root.appendingPathComponent(rel).path
            let isDir = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeDirectory
            try set(path, isDir ? 0o777 : 0o666)
        }
    }

    @discardableResult
    public static func write(_ run: RunOutput, audience: Audience, to dir: URL,
                             signingKey: Curve25519.Signing.PrivateKey, capSigner: CAPSigner) throws -> Manifest {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("cap"), withIntermediateDirectories: true)
        let records = run.disclosure.publish(run.alerts, audience: audience, runID: run.runID, config: run.config)
        var outputs: [Manifest.FileDigest] = []
        func put(_ path: String, _ data: Data) throws {
            try data.write(to: dir.appendingPathComponent(path))
            outputs.append(Manifest.FileDigest(path: path, data: data))
        }

        let enc = JSONEncoder()
        // Sorted keys: the same alerts always give the same bytes, hence the same hashes.
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var jsonl = Data()
        for r in records { jsonl.append(try enc.encode(r)); jsonl.append(0x0A) }
        try put("alerts.jsonl", jsonl)
        try put("alerts.csv", csv(records, byteOrderMark: run.csvByteOrderMark))
        for r in records {
            try put("cap/\(r.id).xml", Data(CAPMessage.xml(r, sender: run.sender, exercise: run.exercise, languages: run.config.languages,
                                                                signer: capSigner).utf8))
        }
        try put("summary.txt", Data(summary(records, run: run, audience: audience).utf8))
        try put("report.html", Data(BundleReport.html(records, run: run, audience: audience).utf8))

        var byLevel: [String: Int] = [:], byStatus: [String: Int] = [:]
        for l in AlertLevel.allCases { byLevel[l.rawValue] = 0 }
        for s in AlertStatus.allCases { byStatus[s.rawValue] = 0 }
        for r in records {
            if r.status.isOpen { byLevel[r.level.rawValue, default: 0] += 1 }
            byStatus[r.status.rawValue, default: 0] += 1
        }
        let d = run.config.disclosure
        let manifest = Manifest(
            schema: Manifest.schemaVersion, runID: run.runID, audience: audience, asOf: run.asOf, created: run.sent,
            generator: run.generator, configHash: run.config.hash,
            parameters: ["alert_schema": PublishedAlert.schemaVersion,
                         "disclosure_minimum_enterprises": String(d.minimumEnterprises),
                         "disclosure_dominance": "\(d.dominanceCount),\(d.dominanceShare)",
                         "lifecycle_quiet_months": String(run.config.lifecycle.quietMonths),
                         "rules_enabled": run.config.enabledRules.map(\.id).joined(separator: ",")],
            inputs: run.inputs, outputs: outputs.sorted { $0.path < $1.path },
            counts: .init(total: records.count, byLevel: byLevel, byStatus: byStatus,
                          suppressed: records.filter { $0.suppressed != nil }.count),
            unfitted: run.unfitted.isEmpty ? nil : .init(count: run.unfitted.count, series: run.unfitted.map(\.name)))
        let bytes = try manifest.encoded()
        try bytes.write(to: dir.appendingPathComponent("manifest.json"))
        try Data(Signing.sign(bytes, with: signingKey).utf8).write(to: dir.appendingPathComponent("manifest.sig"))
        return manifest
    }

    /// Kinds of `csvHeader`'s columns: `risk_score` is a number, everything else text
    /// (names, codes and headlines can carry whatever an input file held).
    static let csvColumns: [CSVColumn] = csvHeader.map { $0 == "risk_score" ? .number : .text }

    /// `alerts.csv`, meant for spreadsheets: every field `CSVWriter.spreadsheetSafe` for its
    /// column, so a name such as `=HYPERLINK(…)` arrives as text (`alerts.jsonl` keeps it exact).
    static func csv(_ records: [PublishedAlert], byteOrderMark: Bool) -> Data {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        func row(_ fields: [String]) {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CSVWriter.append(field: CSVWriter.spreadsheetSafe(f, as: csvColumns[i]), to: &out)
            }
            out.append(0x0A)
        }
        row(csvHeader)
        for r in records {
            row([r.schema, r.id, r.messageID, r.runID, r.asOf, r.audience.rawValue, r.scope.rawValue, r.regionCode,
                 r.regionName, r.sector, r.group, r.enterpriseID ?? "", r.enterpriseName ?? "", r.level.rawValue,
                 r.levelRoman, r.status.rawValue, r.previousLevel?.rawValue ?? "", String(r.riskScore), r.firstRaised,
                 r.lastRaised, r.rules.joined(separator: ";"), r.headlineEn, r.headlineZh, r.suppressed?.rawValue ?? "",
                 RegionName.text(r.regionCode, .zh), SectorName.text(r.sector, .en), SectorName.text(r.sector, .zh)])
        }
        return Data(out)
    }
}
