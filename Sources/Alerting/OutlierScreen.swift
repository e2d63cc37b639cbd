import Codes
import PanelData

/// What the outlier screen made of a month (see `OutlierPolicy`).
enum OutlierState: Equatable {
    /// The latest month: held back until the next month shows what it was.
    case pending
    /// A one-month spike: the next month came back.
    case spike
}

/// The months of every model series that job-loss rules must not read (see
/// `OutlierPolicy`), decided once per evaluation.
///
/// Month t of series s is an outlier candidate when its robust z reaches the policy's
/// threshold **and** its deviation from the expected value jumped from the previous
/// observed month's by at least `jump` of the expected value — a seasonally adjusted jump,
/// so a seasonal series' ordinary swing is not one (a keying error multiplies or divides a
/// figure; a rate rising from 4.9% to 5.9% against an expected 4.0% is news, not a typo). A candidate is not held back when it is corroborated: another
/// signal of the same area is a candidate in the same month (a real shock moves claims,
/// employment and rates together; a keying error moves one figure). Otherwise it is held
/// back while it is the latest month (`.pending`), for good if the next month comes back
/// within threshold·reversion or swings the other way (`.spike`), and not at all if the next
/// month stays out (the start of a level change, which the rules and the source checks judge).
/// Signals of one source (`source(of:)`) do not corroborate each other.
struct OutlierScreen {
    private let states: [OutlierState?]
    /// Uncorroborated candidates: the months that were `.pending` when each was the latest,
    /// whatever the next month then did.
    private let heldWhenLatest: [Bool]
    private let months: Int

    init(model: SeriesModel, policy: OutlierPolicy) {
        let T = model.panel.periodCount, N = model.panel.seriesCount
        months = T
        guard model.fit != nil, T > 1 else { states = []; heldWhenLatest = []; return }
        let panel = model.panel
        var candidate = [Bool](repeating: false, count: T * N)
        // Distinct sources (`source(of:)`) with a candidate, per area and month.
        var signalsAt: [AreaMonth: Set<Substring>] = [:]
        for s in 0..<N where model.isFitted(s) && !model.isSparse[s] {
            var previous = Double.nan   // the last observed month's deviation from expected
            for t in 0..<T {
                let y = panel[t, s]
                if y.isNaN { continue }
                let e = model.expected(t, s), d = y - e
                defer { previous = d }
                guard !previous.isNaN, abs(model.z(t, s)) >= policy.threshold,
                      abs(d - previous) >= policy.jump * max(abs(e), 1e-12) else { continue }
                candidate[t + s * T] = true
                let k = panel.keys[s]
                signalsAt[AreaMonth(region: k.region, month: t), default: []].insert(OutlierScreen.source(of: k.signal))
            }
        }
        var states = [OutlierState?](repeating: nil, count: T * N)
        var heldWhenLatest = [Bool](repeating: false, count: T * N)
        for s in 0..<N where model.isFitted(s) {
            let k = panel.keys[s]
            for t in 0..<T where candidate[t + s * T] {
                if let others = signalsAt[AreaMonth(region: k.region, month: t)], others.count >= 2 { continue }
                heldWhenLatest[t + s * T] = true
                let z0 = model.z(t, s)
                var u = t + 1
                while u < min(T, t + 3), panel[u, s].isNaN { u += 1 }
                if u >= T { states[t + s * T] = .pending; continue }
                if panel[u, s].isNaN { states[t + s * T] = .spike; continue }
                let z1 = model.z(u, s)
                if abs(z1) < policy.threshold * policy.reversion || z1.sign != z0.sign { states[t + s * T] = .spike }
            }
        }
        self.states = states
        self.heldWhenLatest = heldWhenLatest
    }

    /// The source a signal comes from, as far as its name tells: the part before the first
    /// `_` (`payroll_headcount`, `payroll_wages` and `payroll_enterprises` are one payroll
    /// report; `ui_new_claims` and `ui_recipients` one claims return), else the whole name. A
    /// firm's payroll row missing for a month moves a small cell's headcount and wage bill
    /// together: that is one source's gap, not two sources agreeing.
    static func source(of signal: String) -> Substring {
        signal.split(separator: "_", maxSplits: 1).first ?? Substring(signal)
    }

    /// The state of month t of model series s, or nil when job-loss rules may read it.
    func state(_ t: Int, _ s: Int) -> OutlierState? {
        states.isEmpty ? nil : states[t + s * months]
    }

    /// Whether month t of model series s was held back when it was the latest month
    /// (`.pending` then), whatever the next month did: the start of a level change counts
    /// as much as a spike. What `single_month_outlier` measures its earlier months on, since
    /// its latest month is judged while pending.
    func wasHeldWhenLatest(_ t: Int, _ s: Int) -> Bool {
        heldWhenLatest.isEmpty ? false : heldWhenLatest[t + s * months]
    }
}

private struct AreaMonth: Hashable {
    let region: String
    let month: Int
}
