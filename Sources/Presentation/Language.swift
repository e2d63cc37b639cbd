/// A language readers get text in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// BCP 47 tag, as CAP's `<language>` and HTML's `lang` want it.
    public var tag: String { self == .zh ? "zh-CN" : "en-US" }
}

/// The config's `language:` choice: which languages people-facing text is written in.
///
/// Default `zh+en`: the department reads Chinese first, and the other offices that receive
/// the outbox (and CAP consumers) expect an English block beside it.
public enum LanguageChoice: String, Sendable, CaseIterable, Codable {
    case zh, en, both = "zh+en"

    public static let `default` = LanguageChoice.both

    /// The languages chosen, Chinese first.
    public var languages: [Language] {
        switch self {
        case .zh: return [.zh]
        case .en: return [.en]
        case .both: return [.zh, .en]
        }
    }
}
