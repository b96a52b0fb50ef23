// Typed failures of in-process Graphviz rendering, carrying Graphviz's own message where it gave one.

/// Why `GraphvizRenderer` could not turn DOT text into an image.
public enum GraphvizError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `gvContext()` returned nothing (out of memory).
    case contextUnavailable
    /// The DOT text did not parse; `message` is Graphviz's, e.g. "syntax error in line 1 near '->'".
    case syntax(message: String)
    /// No layout plugin of that name is installed (`available` lists those that are).
    case layoutUnavailable(layout: String, available: [String])
    /// No device plugin can write that format, or its plugin library failed to load.
    case formatUnavailable(format: String, available: [String], message: String)
    /// The layout engine exists but failed on this graph.
    case layoutFailed(layout: String, message: String)

    public var description: String {
        switch self {
        case .contextUnavailable:
            return "Graphviz: gvContext() failed to create a context"
        case .syntax(let message):
            return "Graphviz could not parse the DOT text: \(message)"
        case .layoutUnavailable(let layout, let available):
            return "Graphviz layout '\(layout)' is not available; installed layouts: "
                + Self.list(available)
        case .formatUnavailable(let format, let available, let message):
            let detail = message.isEmpty ? "" : " (\(message))"
            return "Graphviz output format '\(format)' is not available\(detail); installed formats: "
                + Self.list(available)
        case .layoutFailed(let layout, let message):
            return "Graphviz layout '\(layout)' failed: \(message)"
        }
    }

    /// An empty plugin list usually means the plugin registry (config6a) was not found.
    private static func list(_ names: [String]) -> String {
        names.isEmpty
            ? "none (is the plugin config in <libdir>/graphviz/config6a? `dot -c` regenerates it)"
            : names.joined(separator: " ")
    }
}
