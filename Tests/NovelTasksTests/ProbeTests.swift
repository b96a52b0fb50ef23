import Foundation
import LotteryMasks
import NovelTasks
import SEL
import T5
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
                let sel = try s.select(kind, examples: task.test, schemas: task.spec.schemas, signatures: f.signatures)
                print(task.spec.id, kind, Date().timeIntervalSince(t)); print(sel.table)
            }
            let z = try f.selector { $0.targets = .selfGenerated }
            let sel = try z.perplexity(task.test, schemas: task.spec.schemas)
            print("self"); print(sel.table)
        }
    }
}
