// A job folder remembers the settings that shaped its results (job.json); resuming with other
// settings is refused with every difference named, so a result never claims options it did not use.

import ContinualLoop
import Foundation
import SEL
import Testing

@Suite struct JobSettingsTests {
    func job(train: Int = 16, keep: Double = 0.3, tasks: [String] = ["14lap"], method: ContinualMethod = .lpt,
             offset: Float? = ExperimentOptions().ownedScoreOffset) -> ContinualJob {
        var options = ExperimentOptions()
        (options.trainSize, options.keepFraction, options.ownedScoreOffset) = (train, keep, offset)
        return ContinualJob(method: method, order: nil, taskIDs: tasks, options: options, backbone: Backbone.shippedFolder)
    }

    @Test("an option only LPT reads does not stop another method resuming; LPT's own job names it, a missing one too")
    func lotteryOptionsOnlyForLPT() throws {
        let folder = temporaryFolder("settings-ft")
        defer { try? FileManager.default.removeItem(at: folder) }
        try job(method: .fineTuning, offset: nil).settings.checkOrRecord(in: folder)
        try job(keep: 0.5, method: .fineTuning).settings.checkOrRecord(in: folder)
        #expect(throws: ContinualError.self) { try job(train: 17, method: .fineTuning).settings.checkOrRecord(in: folder) }
        let lpt = temporaryFolder("settings-lpt")
        defer { try? FileManager.default.removeItem(at: lpt) }
        try job(offset: nil).settings.checkOrRecord(in: lpt)   // a folder written when the default was implicit
        #expect(job().settings.differences(from: job(offset: nil).settings) == ["--owned-score-offset none (now 10)"])
    }

    @Test("the first run records its settings; equal settings resume; other ones are named with their flags")
    func recordThenCompare() throws {
        let folder = temporaryFolder("settings")
        defer { try? FileManager.default.removeItem(at: folder) }
        try job().settings.checkOrRecord(in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(JobSettings.fileName).path))
        try job().settings.checkOrRecord(in: folder)
        do {
            try job(train: 32, keep: 0.301, tasks: ["14lap", "ace04"]).settings.checkOrRecord(in: folder)
            Issue.record("expected settingsChanged")
        } catch let error as ContinualError {
            guard case .settingsChanged(let path, let differences) = error else { Issue.record("\(error)"); return }
            #expect(path == folder.path)
            #expect(Set(differences) == ["--train 16 (now 32)", "--keep 0.3 (now 0.301)", "--tasks 14lap (now 14lap,ace04)"])
            #expect(error.description.contains("delete the folder or choose another --output"))
        }
    }

    @Test("a folder from before job.json existed is checked against its result.json")
    func olderFolderUsesResult() throws {
        let folder = temporaryFolder("settings-old")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = job(train: 8)
        let result = ContinualResult(method: .lpt, order: nil, tasks: old.taskIDs, accounting: MethodAccounting(tunedParameters: 1, addedParameters: 1),
                                     backboneParameters: 1, seconds: 0, options: old.options)
        try JSONEncoder().encode(result).write(to: folder.appendingPathComponent("result.json"))
        #expect(throws: ContinualError.self) { try job(train: 9).settings.checkOrRecord(in: folder) }
        try old.settings.checkOrRecord(in: folder)
    }

    @Test("a damaged job.json is an error naming it")
    func damagedSettings() throws {
        let folder = temporaryFolder("settings-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{".utf8).write(to: folder.appendingPathComponent(JobSettings.fileName))
        do { try job().settings.checkOrRecord(in: folder); Issue.record("expected an error") } catch let error as ContinualError {
            #expect(error.description.contains("job.json"))
        }
    }
}
