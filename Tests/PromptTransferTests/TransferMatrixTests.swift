// Relative transfer, the type means, the choice of sources and the study's settings checks.

import ContinualLoop
import Foundation
import PromptTransfer
import SEL
import Testing

@Suite struct TransferMatrixTests {
    /// ace04 and conll03 (NER), 14lap (ABSA); f1[s][t].
    static func matrix() -> TransferMatrix {
        var m = TransferMatrix(tasks: ["ace04", "conll03", "14lap"])
        m.f1 = [[80, 45, 10],
                [60, 90, 5],
                [20, 9, 50]]
        return m
    }

    @Test func relativeTransferDividesByTheTargetsOwnF1() {
        let m = Self.matrix()
        #expect(m.relative(source: 1, target: 0) == 0.75)   // 60 / 80
        #expect(m.relative(source: 0, target: 1) == 0.5)    // 45 / 90
        #expect(m.relative(source: 0, target: 2) == 0.2)    // 10 / 50
        #expect(m.relative(source: 2, target: 2) == 1)
        // Same type: 0.75 and 0.5; other type: 0.2, 0.25 (20/80), 0.1, 0.1 (9/90).
        let means = m.typeMeans(kinds: [.entity, .entity, .absa])
        #expect(means.same == 0.625 && abs(means.cross - 0.1625) < 1e-12)
    }

    @Test func undefinedCellsStayUndefined() {
        var m = Self.matrix()
        m.f1[2][2] = 0          // an own prompt that scores 0: nothing to be relative to
        m.f1[0][1] = nil        // not scored yet
        #expect(m.relative(source: 0, target: 2) == nil && m.relative(source: 0, target: 1) == nil)
        #expect(m.relativeValues[0][2].isNaN && m.relativeValues[1][0] == 0.75)
        let heatmap = m.heatmap(order: ["14lap", "ace04", "conll03"], title: "t")
        #expect(heatmap.rowLabels == ["14lap", "ace04", "conll03"] && heatmap.values[1][0].isNaN && heatmap.values[2][1] == 0.75)
    }

    @Test func sourcesAreTheBestOfEachKind() {
        #expect(chooseSources(target: "ace04", matrix: Self.matrix()) == ("conll03", "14lap"))
        #expect(chooseSources(target: "14lap", matrix: Self.matrix()) == (nil, "ace04"))   // 10/50 beats 5/50
        #expect(chooseSources(target: "nyt", matrix: Self.matrix()) == (nil, nil))
    }

    @Test func optionsAreChecked() {
        func error(_ tasks: [String], _ targets: [String]) -> TransferError? {
            do { try TransferOptions(tasks: tasks, initTargets: targets).validate(); return nil } catch { return error as? TransferError }
        }
        #expect(error(["ace04", "14lap"], ["14lap"]) == nil)
        #expect(error(["ace04"], []) == .tooFewTasks(1))
        #expect(error(["ace04", "nope"], []) == .unknownTask("nope"))
        #expect(error(["ace04", "ace04"], []) == .duplicateTask("ace04"))
        #expect(error(["ace04", "14lap"], ["nyt"]) == .initTargetOutsideStudy("nyt"))
        #expect(error(["ace04", "14lap"], ["ace04", "14lap"]) == .noMultitaskSources)
        #expect(TransferOptions(tasks: ["14lap", "nyt", "ace04", "casie"], initTargets: []).tasksByType == ["ace04", "nyt", "casie", "14lap"])
    }

    @Test func aFolderResumesOnlyWithItsOwnSettings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-transfer-settings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var options = TransferOptions(tasks: ["ace04", "14lap"], initTargets: [])
        try options.checkOrRecord(in: folder, backbone: "b")
        try options.checkOrRecord(in: folder, backbone: "b")   // same settings: fine
        options.experiment.trainSize = 64
        #expect(throws: TransferError.settingsChanged(path: folder.path, differences: ["--train 1000 (now 64)"])) {
            try options.checkOrRecord(in: folder, backbone: "b")
        }
        try Data("{".utf8).write(to: folder.appendingPathComponent("settings.json"))
        #expect(throws: TransferError.self) { try options.checkOrRecord(in: folder, backbone: "b") }
        // A damaged matrix file is named, not silently restarted.
        let file = folder.appendingPathComponent("matrix.json")
        try Data("[]".utf8).write(to: file)
        #expect(throws: TransferError.self) { try TransferMatrix.resume(file, tasks: ["ace04", "14lap"]) }
    }
}
