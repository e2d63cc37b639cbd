/// Who a bundle is for.
public enum Audience: String, CaseIterable, Sendable, Codable {
    /// Wide distribution (statistics bureau, city bureaus, the public): area alerts only,
    /// disclosure control applied, no enterprise identifier or name anywhere.
    case `public`
    /// Cleared offices (labour inspection): everything, enterprise alerts included.
    case restricted
}

/// Why a figure was withheld from the public bundle.
public enum Suppression: String, Sendable, Codable {
    /// The cell has fewer enterprises than `minimum_enterprises`.
    case fewerThanK = "fewer_than_k"
    /// The cell's largest enterprises hold more than `dominance_share` of its headcount.
    case dominance
    /// The cell's enterprise composition is not known, so it cannot be shown to be safe.
    case unknownComposition = "unknown_composition"
}
