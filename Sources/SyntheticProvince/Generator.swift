import Codes
import Foundation
import GroundTruth
import Parallel
import TabularIO

/// Writes a synthetic province: every input kind of DESIGN.md plus `truth.csv`,
/// `regions.csv` and `sectors.csv`.
///
/// Deterministic: the bytes depend only on the spec (seed, scale, range, count, compression)
/// and zlib's deflate. Counties are simulated in parallel, each from its own random stream,
/// and their rows concatenated in code order. Memory is bounded by the enterprise count (a
/// few dozen bytes of state each) plus one month of rows; nothing grows with the months
/// except the county × month sums behind claims and the survey.
public enum Generator {
    /// What was written.
    public struct Summary: Sendable {
        public struct File: Sendable {
            public let name: String
            public let rows: Int
            public let bytes: Int
        }
        public let files: [File]
        public let enterprises: Int
        public let keyEnterprises: Int
        public let counties: Int
        public let events: [TruthEvent]
        /// The `none` rows of `truth.csv` (hard profile only): what must stay quiet.
        public let quiet: [TruthEvent]
    }

    /// Generates into `directory` (created if needed). Files are written under temporary names
    /// and renamed at the end, so a failed run leaves earlier files intact.
    /// - Throws: `IOFailure` naming the file that could not be written.
    public static func run(_ spec: GeneratorSpec, into directory: String) throws -> Summary {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: directory, message: "cannot create directory: \(error.localizedDescription)")
        }
        let geography = Geography.build(countiesPerCity: spec.scale.countiesPerCity,
                                        otherProvinces: spec.scale == .national)
        let T = spec.months
        let counts = EnterpriseRegistry.apportion(total: spec.enterprises, geography: geography)
        var records = concurrentMap(geography.counties.count) { c in
            EnterpriseRegistry.make(county: c, count: counts[c], geography: geography, months: T,
                                    seed: spec.seed, profile: spec.profile)
        }.flatMap { $0 }
        let plan = EventPlan.draw(spec: spec, geography: geography, enterprises: records)
        for e in plan.events.compactMap(\.enterprise) { records[e] = records[e].throughout() }
        let hazards = HazardPlan.draw(spec: spec, geography: geography, enterprises: records, events: plan.events)
        let context = SimulationContext(spec: spec, geography: geography, plan: plan, hazards: hazards)

        var output = OutputSet(directory: directory, spec: spec)
        defer { output.discard() }
        try output.writeSmall("regions.csv", ReferenceTables.regions(geography))
        try output.writeSmall("sectors.csv", ReferenceTables.sectors())
        try output.writeSmall("truth.csv", ReferenceTables.truth(plan.events.map(\.truth) + hazards.closureEvents, quiet: hazards.quiet))
        try output.writeSmall("enterprises.csv", ReferenceTables.enterprises(records, geography: geography))

        var offsets = [Int](), o = 0
        for c in counts { offsets.append(o); o += c }
        let sims = geography.counties.indices.map { c in
            CountySimulation(index: c, records: records[offsets[c]..<(offsets[c] + counts[c])], globalOffset: offsets[c],
                             context: context)
        }
        let payroll = try output.stream("payroll", header: "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late\n")
        let insurance = try output.stream("insurance", header: "period,enterprise_id,region_code,sector,insured,enrolled,separated,arrears_cny\n")
        let transport = try output.stream("transport", header: "date,region_code,rail_departures,rail_arrivals,mobile_population,mobile_inflow,mobile_outflow\n")
        let streams = [payroll, insurance, transport]
        for t in 0..<T {
            DispatchQueue.concurrentPerform(iterations: sims.count) { sims[$0].step(month: t, context: context) }
            // One thread per output file: each concatenates the counties' rows and compresses them.
            DispatchQueue.concurrentPerform(iterations: 3) { k in
                var buf = [UInt8]()
                for s in sims { buf.append(contentsOf: k == 0 ? s.payroll : k == 1 ? s.insurance : s.transport) }
                streams[k].append(buf)
            }
            try streams.forEach { try $0.rethrow() }
        }
        var claimRows = [[UInt8]](repeating: [], count: T)
        for s in sims {
            ClaimsModel.append(county: s, code: geography.counties[s.index].code, seed: spec.seed, origin: spec.from,
                               outlierMonth: hazards.claimsOutliers[s.index], rows: &claimRows)
        }
        let claims = try output.stream("claims", header: ClaimsModel.header)
        for r in claimRows { claims.append(r) }
        try claims.rethrow()

        let published = geography.cities.indices.map { c -> SurveyModel.Published in
            var series = SurveyModel.CitySeries(target: .init(repeating: 0, count: T), noEvent: .init(repeating: 0, count: T),
                                                noShock: .init(repeating: 0, count: T), hires: .init(repeating: 0, count: T),
                                                enterpriseLoss: .init(repeating: 0, count: T))
            for s in sims where s.city == c {
                for t in 0..<T {
                    series.target[t] += s.sumTarget[t]; series.noEvent[t] += s.sumTargetNoEvent[t]
                    series.noShock[t] += s.sumTargetNoShock[t]; series.hires[t] += s.sumHires[t]
                    series.enterpriseLoss[t] += s.sumEnterpriseLoss[t]
                }
            }
            var rng = RandomStream(seed: spec.seed, tags: [9, UInt64(geography.cities[c].code.value)])
            return SurveyModel.city(series, profile: geography.cities[c].profile, context: context, rng: &rng)
        }
        try output.writeSmall("survey.csv", SurveyModel.rows(cities: published, context: context, seed: spec.seed))
        for s in [payroll, insurance, transport, claims] { try s.finish() }
        let files = try output.commit()
        return Summary(files: files, enterprises: records.count, keyEnterprises: records.filter(\.key).count,
                       counties: geography.counties.count, events: plan.events.map(\.truth) + hazards.closureEvents,
                       quiet: hazards.quiet)
    }
}
