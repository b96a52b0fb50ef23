// An `lpt` copied out of the build folder with its resource bundle (as a user installs it, or
// after moving the clone) still finds the shipped backbone, in the bundle beside it; LPT_BACKBONE
// still overrides that.

import Foundation
import Testing

@Suite struct InstalledBinaryTests {
    /// Copies the built `lpt` and the SEL target's resource bundle into a fresh folder.
    func install() throws -> URL {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("lpt-installed-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let products = productsDirectory()
        let bundles = try fm.contentsOfDirectory(atPath: products.path).filter { $0.hasSuffix("_SEL.resources") || $0.hasSuffix("_SEL.bundle") }
        try #require(bundles.count == 1, "expected one SEL resource bundle in \(products.path), found \(bundles)")
        for name in ["lpt", bundles[0]] {
            try fm.copyItem(at: products.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Runs the installed copy from its own folder; `backbone` sets LPT_BACKBONE (nil: unset).
    func run(_ folder: URL, _ arguments: [String], backbone: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = folder.appendingPathComponent("lpt")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LPT_NO_PROGRESS"] = "1"
        environment["LPT_BACKBONE"] = backbone
        process.environment = environment
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test("a copied lpt loads the backbone from the bundle beside it and evaluates it")
    func copiedBinaryUsesItsBundle() throws {
        let folder = try install()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whereIs = try run(folder, ["backbone", "where"])
        #expect(whereIs.status == 0, "stderr: \(whereIs.err)")
        let resolved = folder.resolvingSymlinksInPath().path
        #expect(whereIs.out.contains(folder.path + "/lpt-kit_SEL") || whereIs.out.contains(resolved + "/lpt-kit_SEL"), "\(whereIs.out)")
        let eval = try run(folder, ["backbone", "eval", "--limit", "2"])
        #expect(eval.status == 0, "stderr: \(eval.err)")
        #expect(eval.out.contains("Zero-shot on the 13 benchmark tasks") && eval.out.contains("| mean |"))
    }

    @Test("LPT_BACKBONE overrides the bundle, and a folder without the checkpoint is named")
    func environmentOverrides() throws {
        let folder = try install()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundled = folder.appendingPathComponent("lpt-kit_SEL.resources/Backbone/tiny-uie").path
        if FileManager.default.fileExists(atPath: bundled) {
            let r = try run(folder, ["backbone", "where"], backbone: bundled)
            #expect(r.status == 0 && r.out.contains("from LPT_BACKBONE"), "\(r.out) \(r.err)")
        }
        let missing = try run(folder, ["backbone", "where"], backbone: folder.appendingPathComponent("nowhere").path)
        #expect(missing.status != 0)
        #expect(missing.err.contains("nowhere"), "stderr: \(missing.err)")
    }
}
