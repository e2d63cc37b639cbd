import Codes
import Foundation
import GroundTruth

/// The monthly state of one county's enterprises, stepped month by month.
///
/// Memory is proportional to the county's enterprises (a few numbers each), never to the
/// number of months: rows are appended to per-month buffers the generator drains.
///
/// Sendable without a lock because one thread at a time owns an instance: `Generator.run`
/// steps simulation `c` only in iteration `c` of a `concurrentPerform`, and reads its sums and
/// buffers only after that call has returned (its barrier orders the writes before the reads).
final class CountySimulation: @unchecked Sendable {  // one owner at a time, see above
    let index: Int
    let city: Int
    let codeBytes: [UInt8]
    var rng: RandomStream
    let count: Int
    let ids: [UInt8]
    let sector: [Int], birth: [Int], death: [Int]
    let logBase: [Double], drift: [Double], sigma: [Double], coverage: [Double], wage: [Double]
    let reportsLate: [Bool]
    let key: [Bool]
    let eventOf: [Int]
    /// Global enterprise index of each (for the hazards of the hard profile).
    let globalIndex: Range<Int>
    let ramp: [Int]
    /// Hard profile: the month a large firm closes (`HazardPlan.closures`; `Int.max`: never),
    /// and the months its payroll rows go missing (`HazardPlan.payrollGaps`).
    let closesAt: [Int]
    let payrollGap: [ClosedRange<Int>?]
    let hard: Bool
    var ar: [Double]
    var headcount: [Int], insured: [Int], excluded: [Int]
    var arrears: [Double]
    let dataBreak: (start: Int, share: Double)?

    /// Monthly sums over the county's enterprises (for claims and the survey).
    var sumHeadcount: [Double], sumHires: [Double], sumLayoffs: [Double]
    var sumTarget: [Double], sumTargetNoEvent: [Double], sumTargetNoShock: [Double]
    /// Jobs cut by enterprise events (mass layoffs), kept apart: the survey weighs them against
    /// the real labour force, not against the sampled payroll (see `SurveyModel`).
    var sumEnterpriseLoss: [Double]

    /// This month's rows.
    var payroll = [UInt8](), insurance = [UInt8](), transport = [UInt8]()
    var transportState: TransportState

    /// AR(1) coefficient of an enterprise's idiosyncratic log deviation from its target path.
    static let persistence = 0.85
    /// Probability that an enterprise's payroll / insurance row is missing in a month (late filing).
    /// (Key enterprises file more reliably: 0.1 %.)
    static let missingPayroll = 0.004, missingInsurance = 0.003, missingKey = 0.001
    /// Probability that a month's `enrolled` is misreported by 1–3 (registrations filed in the wrong month).
    static let enrolmentNoise = 0.01
    /// Employer + employee social-insurance contributions as a share of the wage bill.
    static let contributionRate = 0.26

    init(index c: Int, records: ArraySlice<EnterpriseRecord>, globalOffset: Int, context: SimulationContext) {
        let spec = context.spec
        index = c
        let county = context.geography.counties[c]
        city = county.city
        codeBytes = Array(county.code.description.utf8)
        rng = RandomStream(seed: spec.seed, tags: [UInt64(county.code.value), 5])
        count = records.count
        var ids = [UInt8](), sector = [Int](), birth = [Int](), death = [Int](), logBase = [Double]()
        var drift = [Double](), sigma = [Double](), coverage = [Double](), wage = [Double](), late = [Bool]()
        var events = [Int](), key = [Bool]()
        let cityProfile = context.geography.cities[city].profile
        for (k, r) in records.enumerated() {
            ids.append(contentsOf: r.id.utf8)
            sector.append(r.sector); birth.append(r.birth); death.append(r.death)
            logBase.append(log(r.baseSize))
            let p = SectorProfile.all[r.sector]
            // Idiosyncratic growth ±4 %/yr for a firm of 20, ±2 % for 2,000; noise shrinks with size
            // too (big firms plan their staffing, and their growth rates vary less: Stanley et al. 1996).
            drift.append(max(0.01, 0.04 * pow(r.baseSize / 20, -0.15)) * rng.normal() / 12)
            sigma.append(min(0.04, max(0.003, 0.025 * pow(r.baseSize / 20, -0.3))))
            coverage.append(min(1, max(0.5, p.coverage + 0.05 * rng.normal())))
            wage.append(p.wage * cityProfile.wageFactor * exp(0.2 * rng.normal() - 0.02))
            late.append(rng.bernoulli(0.4))
            key.append(r.key)
            let g = globalOffset + k
            events.append(context.plan.events.firstIndex { $0.enterprise == g } ?? -1)
        }
        self.ids = ids; self.sector = sector; self.birth = birth; self.death = death; self.logBase = logBase
        self.drift = drift; self.sigma = sigma; self.coverage = coverage; self.wage = wage; self.reportsLate = late
        self.eventOf = events
        self.key = key
        globalIndex = globalOffset..<(globalOffset + records.count)
        ramp = records.map(\.rampMonths)
        closesAt = (0..<records.count).map { context.hazards.closures[globalOffset + $0] ?? Int.max }
        payrollGap = (0..<records.count).map { context.hazards.payrollGaps[globalOffset + $0] }
        hard = spec.isHard
        ar = [Double](repeating: 0, count: count)
        headcount = [Int](repeating: 0, count: count)
        insured = headcount; excluded = headcount
        arrears = [Double](repeating: 0, count: count)
        dataBreak = context.plan.dataBreak(city: city, origin: spec.from) ?? context.hazards.breaks[c]
        let T = spec.months
        sumHeadcount = [Double](repeating: 0, count: T)
        sumHires = sumHeadcount; sumLayoffs = sumHeadcount
        sumTarget = sumHeadcount; sumTargetNoEvent = sumHeadcount; sumTargetNoShock = sumHeadcount
        sumEnterpriseLoss = sumHeadcount
        transportState = TransportState(county: county, profile: cityProfile, seed: spec.seed)
        transportState.railOutlierDay = context.hazards.railOutliers[c]
        // Start from the month-0 target so the first month's flows are ordinary turnover.
        let level = context.logLevel[city]
        for e in 0..<count where birth[e] == 0 {
            let ar0 = sigma[e] / (1 - CountySimulation.persistence * CountySimulation.persistence).squareRoot() * rng.normal()
            ar[e] = ar0
            let h = max(1, Int(exp(logBase[e] + ar0 + level[sector[e] * T]).rounded()))
            headcount[e] = h
            insured[e] = min(h, Int((coverage[e] * Double(h)).rounded()))
        }
    }

    /// Simulates month `t` and fills the row buffers.
    func step(month t: Int, context: SimulationContext) {
        payroll.removeAll(keepingCapacity: true)
        insurance.removeAll(keepingCapacity: true)
        let T = context.months, origin = context.spec.from
        let level = context.logLevel[city], noCycle = context.logNoCycle[city]
        let mult = context.plan.regionMultiplier[city]
        let period = Array((origin + t).description.utf8)
        var aggH = 0.0, aggHires = 0.0, aggLayoffs = 0.0, aggTarget = 0.0, aggNoEvent = 0.0, aggNoShock = 0.0
        var aggEnterpriseLoss = 0.0
        for e in 0..<count {
            if t < birth[e] || t > death[e] { continue }
            let s = sector[e], idx = s * T + t
            let profile = SectorProfile.all[s]
            var common: Double
            var outlier: HazardPlan.FirmOutlier?
            if hard {
                // Heavy tails: Student-t with 3 df, scaled to unit variance.
                ar[e] = CountySimulation.persistence * ar[e] + sigma[e] * rng.studentT(degreesOfFreedom: 3) / 3.squareRoot()
                common = logBase[e] + drift[e] * Double(t) + ar[e]
                let g = globalIndex.lowerBound + e
                common += context.hazards.decoyLog(enterprise: g, county: index, sectorLetter: profile.letter, month: t,
                                                   period: origin + t)
                if birth[e] > 0, t - birth[e] < ramp[e] { common += log(Double(t - birth[e] + 1) / Double(ramp[e] + 1)) }
                outlier = context.hazards.firmOutliers[g].flatMap { $0.month == t ? $0 : nil }
            } else {
                ar[e] = CountySimulation.persistence * ar[e] + sigma[e] * rng.normal()
                common = logBase[e] + drift[e] * Double(t) + ar[e]
            }
            let noEvent = exp(common + level[idx])
            let noShock = exp(common + noCycle[idx])
            var target = noEvent * mult[idx]
            let event: PlannedEvent? = eventOf[e] >= 0 ? context.plan.events[eventOf[e]] : nil
            var arrearsIntensity = 0.0
            if let ev = event {
                let k = ev.intensity(atMonth: t, origin: origin)
                if ev.type == .massLayoff {
                    aggEnterpriseLoss += target * ev.magnitude * k
                    target *= 1 - ev.magnitude * k
                }
                if ev.type == .wageArrears { arrearsIntensity = ev.magnitude * k }
            }
            let dying = t == death[e]
            // A large firm's closure (hard profile): from that month on the firm is simulated
            // as before, drawing the same random numbers, so every other firm of the county
            // gets the same figures, but it files nothing and counts for nothing; its staff
            // are laid off in its closure month (claims) and its jobs lost to the survey.
            let closed = t >= closesAt[e]
            let newborn = t == birth[e] && t > 0
            let hp = newborn ? 0 : headcount[e], ip = newborn ? 0 : insured[e]
            // Flows: quits at the sector rate (more when pay is late), then hiring or cutting to target.
            let quits = rng.binomial(hp, profile.turnover * (arrearsIntensity > 0 ? 1.5 : 1))
            let remaining = hp - quits
            let tgt = dying ? 0 : max(1, Int(target.rounded()))
            let cut = max(0, remaining - tgt), hires = max(0, tgt - remaining)
            let hn = remaining - cut + hires
            let seasonalAbsence = Int((target * (context.festivalFactor[idx] - 1)).rounded())
            let layoffs = dying ? cut : max(0, cut - seasonalAbsence)
            let separations = quits + cut
            // Insurance follows payroll with a lag: de-registration of leavers, enrolment of the
            // insured share of staff (70 % this month's, 30 % last month's headcount).
            var sepI = hp > 0 ? min(ip, rng.binomial(separations, Double(ip) / Double(hp))) : 0
            let basis = 0.7 * Double(hn) + 0.3 * Double(hp == 0 ? hn : hp)
            let desired = dying ? 0 : min(hn, Int((coverage[e] * basis).rounded()))
            var keptI = ip - sepI
            if keptI > desired { sepI += keptI - desired; keptI = desired }
            let enrolled = desired - keptI
            let inew = keptI + enrolled
            headcount[e] = hn; insured[e] = inew
            // Reported insured under the source's definition (see `EventType.dataBreak`).
            let exOld = excluded[e]
            var sepReported = sepI
            if let b = dataBreak, t == b.start {
                excluded[e] = Int((b.share * Double(inew)).rounded())
            } else {
                excluded[e] = min(exOld, inew)
                sepReported -= exOld - excluded[e]
            }
            var enrolledReported = enrolled
            if rng.bernoulli(CountySimulation.enrolmentNoise) {
                enrolledReported = max(0, enrolled + (rng.bernoulli(0.5) ? 1 : -1) * rng.int(1...3))
            }
            if closed {
                aggNoEvent += noEvent; aggNoShock += noShock
                aggEnterpriseLoss += target
                if t == closesAt[e] { aggLayoffs += Double(hp) }
            } else {
                if !dying {
                    aggH += Double(hn); aggHires += Double(hires)
                    aggTarget += target; aggNoEvent += noEvent; aggNoShock += noShock
                }
                aggLayoffs += Double(layoffs)
            }

            let due = Double(hn) * wage[e] * context.wageIndex[t] * (1 + 0.03 * rng.normal())
            let missPayroll = key[e] ? CountySimulation.missingKey : CountySimulation.missingPayroll
            let missInsurance = key[e] ? CountySimulation.missingKey : CountySimulation.missingInsurance
            if !dying && (event != nil || outlier != nil || !rng.bernoulli(missPayroll)) {
                let mark = payroll.count
                defer { if closed || payrollGap[e]?.contains(t) == true { payroll.removeSubrange(mark...) } }
                beginRow(&payroll, period: period, enterprise: e, sector: profile.letter)
                payroll.appendInt(outlier?.field == .headcount ? hn * outlier!.factor : hn); payroll.appendComma()
                let paid = Int((due * (1 - arrearsIntensity)).rounded())
                payroll.appendInt(outlier?.field == .wages ? paid * outlier!.factor : paid); payroll.appendComma()
                if arrearsIntensity > 0 {
                    payroll.appendInt(max(31, Int((30 + 60 * arrearsIntensity / event!.magnitude + 5 * rng.normal()).rounded())))
                } else if reportsLate[e] {
                    let u = rng.uniform()
                    payroll.appendInt(u < 0.85 ? 0 : u < 0.995 ? rng.int(1...15) : rng.int(31...60))
                }
                payroll.appendNewline()
            }
            if arrearsIntensity > 0 {
                arrears[e] += due * CountySimulation.contributionRate * arrearsIntensity
            } else {
                arrears[e] = 0
            }
            if event != nil || outlier != nil || !rng.bernoulli(missInsurance) {
                let mark = insurance.count
                defer { if closed { insurance.removeSubrange(mark...) } }
                beginRow(&insurance, period: period, enterprise: e, sector: profile.letter)
                let reported = max(0, inew - excluded[e])
                insurance.appendInt(outlier?.field == .insured ? reported * outlier!.factor : reported); insurance.appendComma()
                insurance.appendInt(enrolledReported); insurance.appendComma()
                insurance.appendInt(sepReported); insurance.appendComma()
                if arrears[e] > 0 {
                    insurance.appendInt(Int(arrears[e].rounded()))
                } else if !dying && rng.bernoulli(0.01) {
                    insurance.appendInt(Int((due * CountySimulation.contributionRate).rounded()))
                }
                insurance.appendNewline()
            }
            if t == closesAt[e] {
                // The closing firm de-registers everyone: insured 0, last month's insured separated.
                beginRow(&insurance, period: period, enterprise: e, sector: profile.letter)
                insurance.appendInt(0); insurance.appendComma()
                insurance.appendInt(0); insurance.appendComma()
                insurance.appendInt(max(0, ip - exOld)); insurance.appendComma()
                insurance.appendNewline()
            }
        }
        sumHeadcount[t] = aggH; sumHires[t] = aggHires; sumLayoffs[t] = aggLayoffs
        sumTarget[t] = aggTarget; sumTargetNoEvent[t] = aggNoEvent; sumTargetNoShock[t] = aggNoShock
        sumEnterpriseLoss[t] = aggEnterpriseLoss
        transport.removeAll(keepingCapacity: true)
        transportState.appendMonth(origin + t, context: context, codeBytes: codeBytes, to: &transport)
    }

    @inline(__always) private func beginRow(_ buf: inout [UInt8], period: [UInt8], enterprise e: Int, sector: String) {
        buf.append(contentsOf: period); buf.appendComma()
        buf.append(contentsOf: ids[(e * 18)..<(e * 18 + 18)]); buf.appendComma()
        buf.append(contentsOf: codeBytes); buf.appendComma()
        buf.appendText(sector); buf.appendComma()
    }
}
