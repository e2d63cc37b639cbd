import Codes
import PanelData

/// Region × sector cells too small to say anything about an area: fewer than
/// `disclosure.minimum_enterprises` enterprises reported a headcount in them in the last
/// `months` months. The area rules (`contraction`, `surge`, `sudden_fall`) do not judge them.
///
/// The threshold is the one the public bundle already uses (k-anonymity, `DisclosurePolicy`):
/// below it a cell's figures are one or two firms' figures, not an area's. A firm's cut or
/// closure there is the cell's whole change, and a firm's ordinary month is a large share
/// of it, so a cell rule judging it judges a firm against an area's null. Such changes are
/// the enterprise rules' (`mass_layoff` judges the firm against its own past and its peers),
/// and the cells above (the city's all-sector series, the sector in the province) carry the
/// firms into an area again. The window of `months` keeps a cell whose last firms left (a
/// closure) small: it had few firms while they were there.
///
/// Cells with no enterprise behind them (survey rates, claims by group, a generic series
/// file) are never held: only enterprises are counted, so a panel without enterprise
/// data (real history) is judged in full.
struct FirmCells {
    private let small: Set<CellKey>

    /// Months counted back from the as-of month (12: a year of the cell's firms).
    static let months = 12

    init(enterprises: [EnterpriseSeries], asOf: Period, minimumEnterprises k: Int) {
        guard k > 1 else { small = []; return }
        var count: [CellKey: Int] = [:]
        var rollUps: [CellKey: [CellKey]] = [:]
        for e in enterprises {
            let last = min(asOf - e.start, e.periodCount - 1), first = max(0, asOf - e.start - (FirmCells.months - 1))
            guard last >= first, (first...last).contains(where: { e.headcount[$0] > 0 }) else { continue }
            let own = CellKey(region: e.region, sector: e.sector)
            let cells = rollUps[own] ?? {
                let c = CellKey.rollUps(region: e.region, sector: e.sector)
                rollUps[own] = c
                return c
            }()
            for cell in cells { count[cell, default: 0] += 1 }
        }
        small = Set(count.filter { $0.value < k }.map(\.key))
    }

    /// Whether series `key`'s cell has enterprises, fewer than the minimum.
    func holds(_ key: SeriesKey) -> Bool {
        !small.isEmpty && small.contains(CellKey(region: key.region, sector: key.sector))
    }
}
