import Foundation
import NovelTasks
import Testing

@Suite struct ProbeTests {
    @Test func probe() throws {
        let t0 = Date()
        let f = Fixture.shared
        print("fixture", Date().timeIntervalSince(t0))
        for task in f.tasks {
            let s = try f.selector()
            for kind in SelectorKind.allCases {
                let t = Date()
                let sel = try s.select(kind, examples: task.dev, schemas: task.schemas, signatures: f.signatures)
                print("PROBE", task.id, kind, Date().timeIntervalSince(t)); print(sel.table)
            }
            let t = Date()
            let z = try f.selector { $0.targets = .selfGenerated }
            let sel = try z.perplexity(task.dev, schemas: task.schemas)
            print("PROBE self", Date().timeIntervalSince(t)); print(sel.table)
        }
    }
}
