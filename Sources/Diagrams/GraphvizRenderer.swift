// In-process rendering of DOT text to SVG/PNG through libgvc (style guide §2.6: no `dot` subprocess).
// Graphviz keeps global state (error handler, parser, attribute defaults), so every call takes one lock.

import CGraphviz
import Foundation

/// Output formats the kit renders; the raw value is Graphviz's device name.
public enum RenderFormat: String, Sendable, CaseIterable {
    case svg
    case png
}

/// Serializes all use of Graphviz in this process; Swift Testing runs tests in parallel.
private let graphvizLock = NSLock()

/// Messages Graphviz reported during the current call. Only touched while `graphvizLock` is held.
nonisolated(unsafe) private var graphvizMessages = ""

/// Installed with `agseterrf` so errors and warnings come back to us instead of going to stderr.
private let collectGraphvizMessage: @convention(c) (UnsafeMutablePointer<CChar>?) -> Int32 = { text in
    if let text { graphvizMessages += String(cString: text) }
    return 0
}

/// `aglexbad()` empties the DOT lexer's buffer. libcgraph exports it but gvc.h does not declare it,
/// so it is looked up at run time; if a Graphviz build lacks it, only error line numbers suffer.
private let flushGraphvizLexer: (@convention(c) () -> Void)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "aglexbad") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) () -> Void).self)
}()

/// Renders DOT text with the Graphviz C library linked into the process.
///
/// Each call makes a fresh `gvContext()` (a few milliseconds), so no Graphviz state survives
/// between figures. On Debian's libgraphviz the context finds its layout and render plugins
/// through `<libdir>/graphviz/config6a` and loads them on demand; no preloading is needed.
public struct GraphvizRenderer: Sendable {
    public init() {}

    /// Lays out `dot` with the `layout` engine and renders it as `format`.
    public func render(dot: String, format: RenderFormat, layout: String = "dot") throws(GraphvizError) -> [UInt8] {
        graphvizLock.lock()
        defer { graphvizLock.unlock() }
        graphvizMessages = ""
        let previousHandler = agseterrf(collectGraphvizMessage)
        defer { _ = agseterrf(previousHandler) }
        _ = agreseterrors()

        guard let context = gvContext() else { throw .contextUnavailable }
        defer { _ = gvFreeContext(context) }

        // Checked up front so a missing plugin names itself rather than surfacing as a render failure.
        let layouts = Self.pluginNames(context, kind: "layout")
        guard layouts.contains(layout) else { throw .layoutUnavailable(layout: layout, available: layouts) }
        let formats = Self.pluginNames(context, kind: "device")
        guard formats.contains(format.rawValue) else {
            throw .formatUnavailable(format: format.rawValue, available: formats, message: "")
        }

        // The lexer's buffer and line counter are global and agmemread resets neither, so an earlier
        // graph's trailing newlines would shift the line numbers in this graph's errors.
        flushGraphvizLexer?()
        agsetfile(nil)
        guard let graph = agmemread(dot) else {
            let message = Self.takeMessages()
            throw .syntax(message: message.isEmpty ? "no graph found in the input" : message)
        }
        defer { _ = agclose(graph) }

        guard gvLayout(context, graph, layout) == 0 else {
            throw .layoutFailed(layout: layout, message: Self.takeMessages())
        }
        defer { _ = gvFreeLayout(context, graph) }

        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        // A listed device can still fail here when its plugin library cannot be loaded.
        guard gvRenderData(context, graph, format.rawValue, &buffer, &length) == 0, let buffer else {
            throw .formatUnavailable(format: format.rawValue, available: formats, message: Self.takeMessages())
        }
        defer { gvFreeRenderData(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
    }

    /// SVG text for `dot`; Graphviz writes UTF-8.
    public func renderSVG(dot: String, layout: String = "dot") throws(GraphvizError) -> String {
        String(decoding: try render(dot: dot, format: .svg, layout: layout), as: UTF8.self)
    }

    /// Layout engines the installed Graphviz offers, e.g. `["circo", "dot", …]`.
    public func availableLayouts() -> [String] { availablePlugins(kind: "layout") }

    /// Output formats (device names) the installed Graphviz offers, e.g. `["png", "svg", …]`.
    public func availableFormats() -> [String] { availablePlugins(kind: "device") }

    private func availablePlugins(kind: String) -> [String] {
        graphvizLock.lock()
        defer { graphvizLock.unlock() }
        guard let context = gvContext() else { return [] }
        defer { _ = gvFreeContext(context) }
        return Self.pluginNames(context, kind: kind)
    }

    /// `gvPluginList` hands back malloc'd strings in a malloc'd array; we own and free both.
    private static func pluginNames(_ context: OpaquePointer, kind: String) -> [String] {
        var count: Int32 = 0
        guard let list = gvPluginList(context, kind, &count, nil) else { return [] }
        defer { free(list) }
        var names: [String] = []
        for i in 0..<Int(count) {
            guard let name = list[i] else { continue }
            names.append(String(cString: name))
            free(name)
        }
        return names
    }

    /// Graphviz reports in pieces ("Error", ": ", text "\n"); join them into one line per message,
    /// dropping the "Error: " prefix that our typed error already conveys.
    private static func takeMessages() -> String {
        let lines = graphvizMessages.split(whereSeparator: \.isNewline)
            .map { line -> String in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("Error: ") ? String(trimmed.dropFirst(7)) : trimmed
            }
            .filter { !$0.isEmpty }
        graphvizMessages = ""
        return lines.joined(separator: "; ")
    }
}
