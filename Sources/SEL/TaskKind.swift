// The four kinds of extraction task in the lifelong-UIE benchmark (chapter 3) and the metric
// each is judged by, as UIE and LPT report them.

public enum TaskKind: String, Codable, CaseIterable, Sendable {
    case entity, relation, event, absa

    /// The paper's short names: NER, RE, EE, ABSA.
    public var shortName: String {
        switch self {
        case .entity: return "NER"
        case .relation: return "RE"
        case .event: return "EE"
        case .absa: return "ABSA"
        }
    }
}
