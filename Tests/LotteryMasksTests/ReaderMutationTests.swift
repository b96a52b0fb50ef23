// A seeded mutation test of the kit's file readers: real small files written by the kit itself
// (a tiny T5 checkpoint, its config.json, a vocabulary, a prompt mask) are damaged thousands of
// times (bit flips, truncations, duplicated or deleted runs, hostile numbers in headers) and each
// damaged file is read. A read must either succeed or throw one of the kit's typed errors naming the
// file; a Swift runtime trap (overflow, out-of-range index, failed allocation) would kill the test
// process, so reaching the end is itself the main assertion.

import Foundation
import LotteryMasks
import T5
import Tensors
import Testing

/// Damages byte strings in reproducible ways.
struct Mutator {
    var rng: SeededGenerator

    /// Numbers chosen to break naive arithmetic: Int's and UInt64's edges, 2^32 (a product of two
    /// of them overflows), negatives, and forms JSON allows but an Int does not hold.
    static let hostileNumbers = ["9223372036854775807", "9223372036854775808", "18446744073709551615", "-1",
                                 "-9223372036854775808", "4294967296", "0", "1e308", "99999999999999999999999",
                                 "3.5", "-0", "1000000000", "65536", "2147483648"]
    static let hostileWords: [UInt64] = [.max, 1 << 63, (1 << 63) - 1, 1 << 62, 1 << 40, (1 << 40) + 1,
                                         1 << 32, 0, 1, 63, 64, 65]

    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int.random(in: 0..<n, using: &rng) }

    /// One to three random damages of `bytes`.
    mutating func mutate(_ bytes: [UInt8], lines: Bool = false) -> [UInt8] {
        var b = bytes
        for _ in 0...below(3) { b = once(b, lines: lines) }
        return b
    }

    mutating func once(_ input: [UInt8], lines: Bool) -> [UInt8] {
        var b = input
        let kinds = lines ? 11 : 9
        switch below(kinds) {
        case 0:  // flip one bit
            guard !b.isEmpty else { return b }
            b[below(b.count)] ^= 1 << UInt8(below(8))
        case 1:  // overwrite a short run with random bytes
            guard !b.isEmpty else { return b }
            let start = below(b.count)
            for i in start..<min(b.count, start + 1 + below(8)) { b[i] = UInt8.random(in: 0...255, using: &rng) }
        case 2:  // truncate
            b = Array(b.prefix(below(b.count + 1)))
        case 3:  // duplicate a run somewhere else
            guard !b.isEmpty else { return b }
            let start = below(b.count), run = b[start..<min(b.count, start + 1 + below(64))]
            b.insert(contentsOf: run, at: below(b.count + 1))
        case 4:  // delete a run
            guard !b.isEmpty else { return b }
            let start = below(b.count)
            b.removeSubrange(start..<min(b.count, start + 1 + below(32)))
        case 5:  // insert random bytes
            let junk = (0...below(16)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            b.insert(contentsOf: junk, at: below(b.count + 1))
        case 6, 7:  // replace a run of ASCII digits (a count, a shape, an offset) with a hostile number
            let runs = digitRuns(b)
            guard !runs.isEmpty else { return b }
            let run = runs[below(runs.count)]
            b.replaceSubrange(run, with: Array(Mutator.hostileNumbers[below(Mutator.hostileNumbers.count)].utf8))
        case 8:  // overwrite a little-endian 64-bit word at a length/count position
            guard b.count >= 16 else { return b }
            let at = [0, 8][below(2)]
            let value = Mutator.hostileWords[below(Mutator.hostileWords.count)]
            for k in 0..<8 { b[at + k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
        case 9:  // duplicate a line
            var parts = b.split(separator: 10, omittingEmptySubsequences: false)
            guard !parts.isEmpty else { return b }
            parts.insert(parts[below(parts.count)], at: below(parts.count + 1))
            b = Array(parts.joined(separator: [10]))
        default:  // delete or swap lines
            var parts = b.split(separator: 10, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { return b }
            let i = below(parts.count), j = below(parts.count)
            if below(2) == 0 { parts.remove(at: i) } else { parts.swapAt(i, j) }
            b = Array(parts.joined(separator: [10]))
        }
        return b
    }

    /// Ranges of consecutive ASCII digits in the first 4 KiB (where the headers are).
    func digitRuns(_ b: [UInt8]) -> [Range<Int>] {
        var runs: [Range<Int>] = [], start: Int?
        for i in 0..<min(b.count, 4096) {
            let digit = (48...57).contains(b[i])
            if digit, start == nil { start = i }
            if !digit, let s = start { runs.append(s..<i); start = nil }
        }
        if let s = start { runs.append(s..<min(b.count, 4096)) }
        return runs
    }
}

/// How one reader fared over its mutations.
struct MutationTally: CustomStringConvertible {
    var total = 0, rejected = 0, read = 0
    var description: String { "\(total) (\(rejected) rejected, \(read) read)" }
}

@Suite struct ReaderMutationTests {
    /// The error must be one of the kit's reader errors and name the file.
    static func checkError(_ error: any Error, path: String, reader: String) {
        let known = error is SafetensorsError || error is T5ConfigError || error is VocabularyError || error is MaskFileError
        #expect(known, "\(reader): untyped error \(type(of: error)): \(error)")
        #expect("\(error)".contains(path), "\(reader): error does not name \(path): \(error)")
    }

    @Test("10,000+ seeded mutations of a checkpoint, config, mask and vocabulary: each read succeeds or throws a typed error naming the file, in under a minute")
    func mutations() throws {
        let start = ContinuousClock.now
        // Real files written by the kit: a vocabulary, a tiny model sized to it, a mask.
        let corpus = ["the cat sat on the mat", "a dog ran to the park", "the bird sang in the tree at dawn"]
        let vocabulary = Vocabulary(corpus: corpus, sentinels: 4, reserved: ["<spot>"])
        var config = T5Config()
        config.vocabSize = vocabulary.count; config.dModel = 8; config.dKV = 4; config.numHeads = 2; config.dFF = 12
        config.numLayers = 1; config.numDecoderLayers = 1; config.dropoutRate = 0
        config.relativeAttentionNumBuckets = 8; config.relativeAttentionMaxDistance = 12
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-mutation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try T5Model(config: config, seed: 1, tied: false).save(to: folder)
        try vocabulary.save(folder.appendingPathComponent("vocabulary.txt"))
        let modelBytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("model.safetensors")))
        let configBytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("config.json")))
        let vocabularyBytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("vocabulary.txt")))
        var rng = SeededGenerator(seed: 11)
        let mask = PromptMask((0..<300).map { _ in rng.nextUniform() < 0.3 })
        let maskBytes = [UInt8](mask.fileData)

        // The untouched files read back (the mutations start from valid input).
        _ = try T5Model(config: config, safetensors: modelBytes, path: "model.safetensors")
        #expect(try PromptMask(fileData: Data(maskBytes), path: "m.bits") == mask)
        #expect(try Vocabulary.load(Data(vocabularyBytes), path: "vocabulary.txt") == vocabulary)

        var mutator = Mutator(rng: SeededGenerator(seed: 2023))
        var tallies = (safetensors: MutationTally(), config: MutationTally(), mask: MutationTally(), vocabulary: MutationTally())

        // Safetensors: the whole checkpoint path, header checks, decoding and the model build.
        for i in 0..<6_000 {
            let path = "mutant-\(i).safetensors"
            let bytes = mutator.mutate(modelBytes)
            tallies.safetensors.total += 1
            do {
                _ = try Safetensors.read(bytes, path: path)
                let model = try T5Model(config: config, safetensors: bytes, path: path)
                #expect(model.parameterCount > 0)
                tallies.safetensors.read += 1
            } catch {
                tallies.safetensors.rejected += 1
                Self.checkError(error, path: path, reader: "safetensors")
            }
        }
        // config.json: a damaged config meets the intact weights, so a config asking for a larger
        // model than the file holds must fail on the header, before anything is allocated.
        for i in 0..<1_000 {
            let path = "mutant-\(i)/config.json"
            let bytes = mutator.mutate(configBytes, lines: true)
            tallies.config.total += 1
            do {
                let mutated = try T5Config.decode(Data(bytes), path: path)
                _ = try T5Model(config: mutated, safetensors: modelBytes, path: path)
                tallies.config.read += 1
            } catch {
                tallies.config.rejected += 1
                Self.checkError(error, path: path, reader: "config")
            }
        }
        for i in 0..<3_000 {
            let path = "mutant-\(i).bits"
            let bytes = mutator.mutate(maskBytes)
            tallies.mask.total += 1
            do {
                let read = try PromptMask(fileData: Data(bytes), path: path)
                #expect(read.popcount <= read.count && read.floats.count == read.count)
                tallies.mask.read += 1
            } catch {
                tallies.mask.rejected += 1
                Self.checkError(error, path: path, reader: "mask")
            }
        }
        for i in 0..<1_000 {
            let path = "mutant-\(i)/vocabulary.txt"
            let bytes = mutator.mutate(vocabularyBytes, lines: true)
            tallies.vocabulary.total += 1
            do {
                let read = try Vocabulary.load(Data(bytes), path: path)
                try read.check(against: config, path: path)
                // A vocabulary that passed must encode and decode without trouble.
                _ = read.decode(read.encode(corpus[0]))
                tallies.vocabulary.read += 1
            } catch {
                tallies.vocabulary.rejected += 1
                Self.checkError(error, path: path, reader: "vocabulary")
            }
        }

        let elapsed = ContinuousClock.now - start
        print("mutation test: safetensors \(tallies.safetensors), mask \(tallies.mask), vocabulary \(tallies.vocabulary), "
              + "config.json \(tallies.config) in \(elapsed)")
        let all = [tallies.safetensors, tallies.config, tallies.mask, tallies.vocabulary]
        #expect(all.map(\.total).reduce(0, +) >= 10_000)
        // Both outcomes occur for every reader: the mutations are neither all harmless nor all fatal.
        #expect(all.allSatisfy { $0.rejected > 0 && $0.read > 0 })
        #expect(elapsed < .seconds(60))
    }
}
