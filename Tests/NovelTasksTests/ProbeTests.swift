import Foundation
import NovelTasks
import Testing

@Suite struct ProbeTests {
    @Test func probe() throws {
        for f in [Fixture.confident] {
            let task = f.task("ace04-fixed")
            let s = try f.selector()
            let r = try s.entropyGradient(task.dev, schemas: task.schemas)
            print("PROBE H", r.entropy, r.gradients)
            let z = try f.selector { $0.targets = .selfGenerated }
            print("PROBE gold", try s.perplexity(task.dev, schemas: task.schemas).scores.map(\.score)); print("PROBE self", try z.perplexity(task.dev, schemas: task.schemas).scores.map(\.score))
        }
    }
}
