import Codes
import GroundTruth
import TabularIO

/// The small files: reference tables, the enterprise registry and the truth.
enum ReferenceTables {
    static func csv(_ header: [String], _ rows: [[String]]) -> [UInt8] {
        var out = [UInt8]()
        for row in [header] + rows {
            for (i, f) in row.enumerated() {
                if i > 0 { out.appendComma() }
                CSVWriter.append(field: f, to: &out)
            }
            out.appendNewline()
        }
        return out
    }

    /// `code,name,level,parent`, sorted by code (a province precedes its cities, a city its counties).
    static func regions(_ g: Geography) -> [UInt8] {
        var rows = g.provinces.map { [$0.code.description, $0.name, "province", ""] }
        rows += g.cities.map { [$0.code.description, $0.name, "city", $0.code.parent!.description] }
        rows += g.counties.map { [$0.code.description, $0.name, "county", g.cities[$0.city].code.description] }
        return csv(["code", "name", "level", "parent"], rows.sorted { $0[0] < $1[0] })
    }

    /// `code,name,level,parent`: `ALL` then the 20 sections of GB/T 4754-2017.
    static func sectors() -> [UInt8] {
        csv(["code", "name", "level", "parent"],
            [["ALL", "全部行业", "all", ""]] + Sector.sections.map { [$0.letter, $0.name, "section", "ALL"] })
    }

    /// The events, then the quiet cases; the `cause` and `signal` columns only when there are
    /// quiet cases (so the standard profile's file keeps its eight columns).
    static func truth(_ events: [TruthEvent], quiet: [TruthEvent]) -> [UInt8] {
        let withCause = !quiet.isEmpty
        return csv(TruthEvent.header + (withCause ? TruthEvent.quietColumns : []),
                   (events + quiet).map { $0.fields(withCause: withCause) })
    }

    static func enterprises(_ records: [EnterpriseRecord], geography g: Geography) -> [UInt8] {
        csv(["enterprise_id", "name", "region_code", "sector", "key_enterprise"], records.map {
            [$0.id, $0.name, g.counties[$0.county].code.description, SectorProfile.all[$0.sector].letter, $0.key ? "1" : "0"]
        })
    }
}
