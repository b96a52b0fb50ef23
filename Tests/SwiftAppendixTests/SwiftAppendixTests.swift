// The examples of Appendix A, "Swift for PyTorch users". Every region between snippet markers is
// shown in the appendix, and the test around it checks what the appendix says the example does.

import Foundation
import Tensors
import Testing

// Protocols, extensions and operators may only be declared at file scope, so these examples live
// here; `protocolsAsTypes`, `operators` and `extensions` below use them.

// snippet.protocol
protocol Scoring: AnyObject {      // AnyObject: only classes may conform
    var name: String { get }       // a readable `name` is required
    func score(_ x: Float) -> Float
}
final class Doubler: Scoring {     // final: no subclasses
    let name = "doubler"
    func score(_ x: Float) -> Float { 2 * x }
}
// snippet.end

// snippet.operator
struct Vec2: Equatable {
    var x: Float, y: Float
    static let zero = Vec2(x: 0, y: 0)     // belongs to the type: Vec2.zero
    static func + (a: Vec2, b: Vec2) -> Vec2 { Vec2(x: a.x + b.x, y: a.y + b.y) }   // __add__
}
// snippet.end

// snippet.extension
extension Array where Element == Float {      // only for [Float]
    var summed: Float { reduce(0, +) }
}
extension Optional where Wrapped == Float {   // a method on Float?, called without `?`
    func or(_ fallback: Float) -> Float { self ?? fallback }
}
// snippet.end

@Suite struct SwiftAppendixTests {
    // MARK: Values and references

    @Test func letAndVar() {
        // snippet.let-var
        let steps = 3                   // `steps = 4` would not compile
        var loss: Float = 0             // without `: Float`, 0 would make loss an Int
        for step in 1...steps { loss += Float(step) / 2 }   // Int to Float is written out
        #expect(loss == 3)
        // snippet.end
    }

    @Test func valuesAndReferences() {
        // snippet.values-and-references
        struct Point { var x = 0 }
        let a = Point(), row = [1, 2]
        var b = a, copy = row                // copies: changing them leaves a and row alone
        b.x = 5; copy[0] = 9
        #expect(a.x == 0 && row == [1, 2] && b.x == 5 && copy == [9, 2])
        let t = Tensor([1, 2], shape: [2])   // Tensor is a class
        let u = t                            // a second name for the same object
        u.data[0] = 5                        // `let` fixes the object, not its contents
        #expect(t.data == [5, 2] && ObjectIdentifier(t) == ObjectIdentifier(u))   // id(t) == id(u)
        // snippet.end
    }

    @Test func inoutArguments() {
        // snippet.inout
        func draw(_ rng: inout SeededGenerator) -> Float { rng.nextUniform() }   // a mutating method
        var rng = SeededGenerator(seed: 1)
        var copy = rng                                  // a struct: same state, independent
        let first = draw(&rng), second = draw(&rng)     // `&`: this call may change rng
        #expect(first != second && draw(&copy) == first)   // rng moved on; the copy did not
        // snippet.end
    }

    @Test func tuples() {
        // snippet.tuples
        func sizes(transpose: Bool) -> (Int, Int) { transpose ? (3, 2) : (2, 3) }   // returns a pair
        let (m, k) = sizes(transpose: true)             // unpacking, as in Python
        let stats = (peak: Float(4), total: Float(10))  // elements may have names
        #expect(m == 3 && k == 2 && stats.total == 10 && (1, "b") < (2, "a"))
        // snippet.end
    }

    @Test func accessControl() {
        // snippet.access
        struct Mask {
            private(set) var words: [UInt64] = [0]     // settable only inside Mask
            mutating func set(_ j: Int) { words[0] |= 1 << UInt64(j) }
        }
        var mask = Mask()
        mask.set(3)                                    // `mask.words = []` would not compile
        #expect(mask.words == [8])
        // snippet.end
    }

    // MARK: Optionals

    @Test func unwrappingOptionals() {
        // snippet.unwrap
        let grad: [Float]? = [0.5]
        if let grad { #expect(grad.count == 1) }       // `if let grad = grad`: a [Float] inside
        var stack = [1, 2], popped: [Int] = []
        while let top = stack.popLast() { popped.append(top) }   // until popLast() gives nil
        guard let first = popped.first else { return }           // leave early on nil
        #expect(first == 2 && popped == [2, 1])
        // snippet.end
    }

    @Test func optionalDefaultsChainingAndCasts() {
        // snippet.optional-chaining
        let given: [Int]? = nil, samples: Int? = 3
        let trace: ((String) -> Void)? = nil
        trace?("not called")                                    // calls nothing: trace is nil
        #expect((given ?? [4]) == [4] && given?.count == nil)   // a default for nil; chaining
        #expect(samples.map { 10 / $0 } == 3)                   // apply to the value, if any
        let header: [String: Any] = ["shape": [2, 3]]
        #expect((header["shape"] as? [Int])! == [2, 3] && header["dtype"] as? String == nil)
        // snippet.end
    }

    // MARK: Functions, closures and labels

    @Test func argumentLabels() {
        // snippet.labels
        @discardableResult
        func scale(_ x: Float, by factor: Float = 2) -> Float { x * factor }   // no `return` needed
        #expect(scale(3, by: 4) == 12 && scale(3) == 6)   // `by` at the call, `factor` inside
        scale(1)                    // ignoring the result: allowed by @discardableResult
        _ = [3, 1].sorted()         // `_ =`: ignoring any other result on purpose
        // snippet.end
    }

    @Test func closures() {
        // snippet.closures
        let relu: (Float) -> Float = { max(0, $0) }               // lambda x: max(0, x)
        let total = [1, 2, 3].reduce(0) { sum, x in sum + x }     // a trailing closure, after the ()
        let names = [("a", 1), ("b", 2)].map { name, _ in name }  // a pair's parts as parameters
        #expect(relu(-1) == 0 && total == 6 && names == ["a", "b"])
        #expect([2, 3].reduce(1, *) == 6 && ["a", "bcd"].map(\.count) == [1, 3])   // operator, key path
        // snippet.end
    }

    @Test func capturing() {
        // snippet.capture-list
        var calls = 0
        func tick() { calls += 1 }          // changes `calls`: Python would need `nonlocal`
        let live = { calls }                // sees later changes
        let frozen = { [calls] in calls }   // the capture list copies the value now
        tick(); tick()
        #expect(calls == 2 && live() == 2 && frozen() == 0)
        // snippet.end
    }

    @Test func callAsFunction() {
        // snippet.call-as-function
        struct Scale {
            var weight: Float
            func callAsFunction(_ x: Float) -> Float { weight * x }   // __call__, forward
        }
        #expect(Scale(weight: 3)(2) == 6)    // Scale(weight:) is the init every struct gets
        // snippet.end
    }

    // MARK: Errors

    @Test func errors() throws {
        // snippet.throws
        enum LoadError: Error { case missingTensor(name: String) }   // a case can carry values
        func load(_ name: String, from store: [String: [Float]]) throws -> [Float] {
            guard let values = store[name] else { throw LoadError.missingTensor(name: name) }
            return values
        }
        #expect(try load("w", from: ["w": [1]]) == [1])              // `try`: this call may throw
        // snippet.end

        // snippet.do-catch
        do {
            _ = try load("b", from: [:])
        } catch let error as LoadError {                  // except LoadError as error:
            #expect("\(error)" == "missingTensor(name: \"b\")")
        }
        #expect((try? load("b", from: [:])) == nil)       // try?: an error becomes nil
        func twice(_ body: () throws -> Int) rethrows -> Int { try body() + body() }   // one try, both calls
        #expect(twice { 3 } == 6)                         // a closure that cannot throw: no `try`
        #expect(throws: LoadError.self) { try twice { try load("b", from: [:]).count } }
        // snippet.end
    }

    @Test func deferRunsLast() {
        // snippet.defer
        var log: [String] = []
        func step() {
            defer { log.append("restored") }   // runs when the scope exits, however it exits
            log.append("computed")
        }
        step()
        #expect(log == ["computed", "restored"])
        // snippet.end
    }

    @Test func preconditionStopsTheProgram() async {
        // snippet.precondition
        precondition(2 + 2 == 4, "arithmetic is broken")          // checked, and passes
        await #expect(processExitsWith: .failure) {               // a child process that must fail
            precondition([2, 3].isEmpty, "backward() needs a scalar loss")
        }
        // snippet.end
    }

    // MARK: Collections, loops and strings

    @Test func rangesAndSlices() {
        // snippet.ranges
        #expect(Array(0..<3) == [0, 1, 2] && Array(1...3) == [1, 2, 3])   // range(3), range(1, 4)
        #expect(Array(stride(from: 0, to: 10, by: 4)) == [0, 4, 8])       // range(0, 10, 4)
        let tail = [10, 20, 30][1...]          // [10, 20, 30][1:], but keeping the indices 1 and 2
        #expect(tail.startIndex == 1 && tail.first == 20 && Array(tail) == [20, 30])
        // snippet.end
    }

    @Test func loops() {
        // snippet.loops
        var picked: [String] = []
        for (i, name) in ["a", "b", "c"].enumerated() where i != 1 {   // skips i == 1
            picked.append("\(i)\(name)")                                // "\(i)": f"{i}"
        }
        for (x, y) in zip([1, 2], [3, 4]) { picked.append("\(x * y)") }
        for var word in ["z"] { word += "!"; picked.append(word) }      // `for var`: a mutable copy
        #expect(picked.joined(separator: " ") == "0a 2c 3 8 z!")        // " ".join(picked)
        #expect(String(format: "%.1f", 56.04) == "56.0")                // "%.1f" % 56.04
        // snippet.end
    }

    @Test func higherOrderFunctions() {
        // snippet.map-filter-reduce
        let kept = [[1, -100], [2, 3]].flatMap { $0 }.filter { $0 != -100 }   // flatten, then keep
        #expect(kept.map { 2 * $0 } == [2, 4, 6] && kept.reduce(0, +) == 6)
        #expect([1, nil, 3].compactMap { $0 } == [1, 3])                      // drops the nils
        let scores: [Float] = [0.2, 0.9, 0.5]
        #expect(scores.indices.sorted { scores[$0] > scores[$1] } == [1, 2, 0])   // argsort, descending
        #expect(scores.allSatisfy { $0 > 0 } && scores.contains(where: { $0 > 0.8 }))   // all, any
        // snippet.end
    }

    @Test func setsAndDictionaries() {
        // snippet.set-dictionary
        var seen = Set<String>()
        #expect(seen.insert("a").inserted && !seen.insert("a").inserted)   // new, then already there
        var counts: [String: Int] = [:]
        for word in ["x", "y", "x"] { counts[word, default: 0] += 1 }       // collections.Counter
        #expect(counts["x"] == 2 && counts["z"] == nil)                     // a missing key gives nil
        // snippet.end
    }

    @Test func enumsAndSwitch() {
        // snippet.enum-switch
        enum Objective: String, CaseIterable { case spanCorruption = "span-corruption", copy }
        func target(_ objective: Objective) -> String {
            switch objective {                           // every case covered, no fall-through
            case .copy: "the sentence"                   // the switch gives the function's value
            case .spanCorruption: "the dropped spans"
            }
        }
        #expect(target(.copy) == "the sentence")         // the type is known: `.copy` is enough
        #expect(Objective(rawValue: "copy") == .copy)
        #expect(Objective.allCases == [.spanCorruption, .copy])
        // snippet.end
    }

    // MARK: Memory and speed

    @Test func bufferPointers() {
        // snippet.buffer-pointers
        @inline(__always) func twice(_ v: Float) -> Float { 2 * v }   // paste into each caller
        let x: [Float] = [1, 2, 3]
        var y = [Float](repeating: 0, count: 3)
        y.withUnsafeMutableBufferPointer { out in x.withUnsafeBufferPointer { input in
            for i in 0..<input.count { out[i] = twice(input[i]) }     // raw memory, no copies
        } }
        #expect(y == [2, 4, 6])
        // snippet.end
    }

    @Test func rawPointers() {
        // snippet.raw-pointers
        let filled = [Float](unsafeUninitializedCapacity: 3) { buffer, initialized in
            for i in 0..<3 { (buffer.baseAddress! + i).initialize(to: Float(i)) }   // pointer + i
            initialized = 3                                     // how many elements were written
        }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3)   // malloc: uninitialized
        defer { scratch.deallocate() }                                     // free, however we leave
        scratch.initialize(repeating: 1, count: 3)
        #expect(filled == [0, 1, 2] && scratch[2] == 1)
        // snippet.end
    }

    @Test func wrappingArithmetic() async {
        // snippet.wrapping
        #expect(UInt64.max &+ 1 == 0 && Int8(100) &* 2 == -56)           // &+ and &* wrap around
        #expect(2023 &* 0x9E37_79B9 &+ 7 == 5_369_923_560_694)           // `_` only groups digits
        #expect(Int.max.multipliedReportingOverflow(by: 2) == (-2, true)) // the product, and a flag
        await #expect(processExitsWith: .failure) {                      // plain + stops on overflow
            print(Int.max + Int.random(in: 1...2))
        }
        // snippet.end
    }

    @Test func bitOperations() {
        // snippet.bits
        let word: UInt64 = 1 << 3 | 1 << 5         // bits 3 and 5
        #expect(word >> 3 & 1 == 1 && word.nonzeroBitCount == 2 && ~word & word == 0)
        #expect(2 + 3 & 1 == 3)                    // & binds like *: 2 + (3 & 1); Python gives 1
        #expect(Float(1).bitPattern == 0x3F80_0000 && Float(bitPattern: 0x4000_0000) == 2)
        // snippet.end
    }

    // MARK: Types

    @Test func optionsStructs() throws {
        // snippet.codable
        struct Options: Codable, Equatable { var steps = 1500; var offset: Float? = 10 }
        var options = Options()                              // every property at its default
        options.steps = 10
        let decoder = JSONDecoder(), json = try JSONEncoder().encode(options)
        #expect(try decoder.decode(Options.self, from: json) == options)   // == from Equatable
        #expect(try decoder.decode(Options.self, from: Data("{\"steps\": 5}".utf8)).offset == nil)
        #expect(throws: DecodingError.self) { try decoder.decode(Options.self, from: Data("{}".utf8)) }
        // snippet.end
    }

    @Test func computedPropertiesAndSubscripts() {
        // snippet.subscript
        struct Bits {
            var word: UInt64 = 0
            var popcount: Int { word.nonzeroBitCount }   // computed on each read: @property
            subscript(j: Int) -> Bool {                  // __getitem__ and __setitem__
                get { word >> UInt64(j) & 1 == 1 }
                set { word = newValue ? word | 1 << UInt64(j) : word & ~(1 << UInt64(j)) }
            }
        }
        var bits = Bits()
        bits[3] = true
        #expect(bits[3] && !bits[4] && bits.popcount == 1)
        // snippet.end
    }

    @Test func initializers() {
        // snippet.init
        final class Model {
            let width: Int, tied: Bool
            init(width: Int, tied: Bool) { (self.width, self.tied) = (width, tied) }   // sets every let
            convenience init(width: Int) { self.init(width: width, tied: true) }      // another way in
        }
        #expect(Model(width: 4).tied && !Model(width: 4, tied: false).tied)
        // snippet.end
    }

    @Test func operators() {
        #expect(Vec2.zero + Vec2(x: 1, y: 2) == Vec2(x: 1, y: 2))
    }

    @Test func protocolsAsTypes() {
        let scorers: [Scoring] = [Doubler()]
        #expect(scorers[0].score(3) == 6 && scorers[0].name == "doubler")
    }

    @Test func extensions() {
        let missing: Float? = nil
        #expect([1, 2].summed == 3 && missing.or(1) == 1)
    }

    @Test func generics() {
        // snippet.generics
        func lastTwo<T>(_ items: [T]) -> [T] { Array(items.suffix(2)) }   // T: any type (a TypeVar)
        func largest<T: Comparable>(_ items: [T]) -> T? { items.max() }   // T must support <
        #expect(lastTwo(["a", "b", "c"]) == ["b", "c"] && largest([3, 7, 5]) == 7)
        // snippet.end
    }

    // MARK: Concurrency annotations

    @Test func sendableAndTaskLocal() async {
        // snippet.concurrency
        struct Settings: Sendable { var seed: UInt64 = 1 }
        let settings = Settings(seed: 7)
        #expect(await Task.detached { settings.seed }.value == 7)   // read by another task
        withNoGrad {                                                // with torch.no_grad():
            GradMode.$isEnabled.withValue(true) { #expect(GradMode.isEnabled) }   // torch.enable_grad()
            #expect(!GradMode.isEnabled)
        }
        #expect(GradMode.isEnabled)                                 // restored on the way out
        // snippet.end
    }

    // MARK: Modules and tests

    @Test func moduleQualifiedNames() {
        // snippet.module-names
        #expect(Foundation.exp(Float(0)) == 1)          // Foundation's exp, as math.exp
        let stride = 4                                  // a local name hides the function stride...
        #expect(Array(Swift.stride(from: 0, to: 9, by: stride)) == [0, 4, 8])   // ...so name its module
        // snippet.end
    }

    // snippet.swift-testing
    @Test func addsUp() throws {                        // pytest: def test_adds_up():
        let values = try #require([1, 2, 3] as [Int]?)  // stops this test (only) if nil
        #expect(values.reduce(0, +) == 6)               // assert, but the test goes on after a failure
    }
    // snippet.end
}
