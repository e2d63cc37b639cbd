import Alerting
import Codes
import Foundation
import PanelData
import Publishing

/// The bundles' contents for a run or an exercise: the alerts with the inputs' ledger and
/// the disclosure control computed from the enterprises behind each cell in the as-of month.
/// `run` and `scenario --out` both build their `RunOutput` here.
public enum BundleAssembly {
    /// - Parameters:
    ///   - exercise: the assumptions of a what-if run (CAP status Exercise); `nil` for a real run.
    ///   - unfitted: series the rules watch but could not judge, listed in the bundle.
    public static func output(runID: String, asOf: Period, sent: String, config: AlertConfig, alerts: [Alert],
                              ledger: [Manifest.FileDigest], enterprises: [EnterpriseSeries], generator: String,
                              sender: String = CAPMessage.defaultSender, csvByteOrderMark: Bool = false,
                              exercise: String? = nil, unfitted: [UnfittedSeries] = []) -> RunOutput {
        let cells = CellComposition.compute(enterprises, period: asOf, dominanceCount: config.disclosure.dominanceCount)
        return RunOutput(runID: runID, asOf: asOf.description, sent: sent, config: config, alerts: alerts, inputs: ledger,
                         disclosure: DisclosureControl(policy: config.disclosure, cells: cells), generator: generator,
                         sender: sender, csvByteOrderMark: csvByteOrderMark, exercise: exercise, unfitted: unfitted)
    }
}
