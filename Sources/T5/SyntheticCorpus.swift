// A generated world of made-up people, organizations and places, and sentences about them
// (chapter 2). The kit pretrains its tiny T5 on this text, and stage 3 builds its extraction
// benchmark from the same world. Names come from one large shared pool, so a model cannot
// memorize short per-category lists: it must read the cues (titles, suffixes, verbs) and copy.

import Tensors

public struct SyntheticWorld: Sendable {
    public let names: [String]          // capitalized made-up words, all distinct
    public let organizationSuffixes = ["Corp", "Labs", "Group", "Bank", "Motors", "Systems", "Foods", "Media"]
    public let placeSuffixes = ["City", "Valley", "Harbor", "Springs"]
    public let titles = ["Dr.", "Mr.", "Ms.", "Professor", "Captain", "Judge"]
    public let products = ["phone", "engine", "drone", "camera", "tablet", "battery", "satellite", "vaccine", "printer", "robot"]
    public let adjectives = ["new", "cheap", "powerful", "quiet", "reliable", "slow", "elegant", "faulty"]
    public let opinions = ["excellent", "terrible", "impressive", "disappointing", "fine", "awful"]

    /// `nameCount` names from consonant-vowel syllables, drawn with a seeded generator.
    public init(nameCount: Int = 1500, seed: UInt64 = 2023) {
        var rng = SeededGenerator(seed: seed)
        let onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st", "tr", "sh", "th"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ei"]
        let codas = ["", "", "n", "r", "s", "l", "m", "x"]
        var seen = Set<String>(), names: [String] = []
        while names.count < nameCount {
            var word = ""
            for _ in 0..<(2 + rng.nextInt(below: 2)) {
                word += onsets[rng.nextInt(below: onsets.count)] + vowels[rng.nextInt(below: vowels.count)]
            }
            word += codas[rng.nextInt(below: codas.count)]
            let name = word.prefix(1).uppercased() + word.dropFirst()
            if seen.insert(name).inserted { names.append(name) }
        }
        self.names = names
    }

    func pick<T>(_ list: [T], _ rng: inout SeededGenerator) -> T { list[rng.nextInt(below: list.count)] }

    public func person(_ rng: inout SeededGenerator) -> String {
        rng.nextUniform() < 0.4 ? "\(pick(titles, &rng)) \(pick(names, &rng))" : "\(pick(names, &rng)) \(pick(names, &rng))"
    }
    public func organization(_ rng: inout SeededGenerator) -> String { "\(pick(names, &rng)) \(pick(organizationSuffixes, &rng))" }
    public func place(_ rng: inout SeededGenerator) -> String {
        rng.nextUniform() < 0.5 ? pick(names, &rng) : "\(pick(names, &rng)) \(pick(placeSuffixes, &rng))"
    }

    /// One sentence of plain text.
    public func sentence(_ rng: inout SeededGenerator) -> String {
        let p = person(&rng), q = person(&rng), o = organization(&rng), l = place(&rng), m = place(&rng)
        let year = 1950 + rng.nextInt(below: 75), product = pick(products, &rng), adjective = pick(adjectives, &rng)
        let templates = [
            "\(p) joined \(o) in \(year) .",
            "\(p) , who was born in \(l) , founded \(o) .",
            "\(o) opened a new office in \(l) last year .",
            "the \(adjective) \(product) made by \(o) was \(pick(opinions, &rng)) , said \(p) .",
            "\(p) met \(q) in \(l) to discuss the \(product) .",
            "\(p) works for \(o) and lives in \(m) .",
            "in \(year) , \(o) moved its headquarters from \(l) to \(m) .",
            "\(p) was elected mayor of \(l) in \(year) .",
            "\(o) acquired \(organization(&rng)) for \(2 + rng.nextInt(below: 98)) million dollars .",
            "\(p) left \(o) after \(2 + rng.nextInt(below: 20)) years .",
            "the \(product) is \(pick(opinions, &rng)) but its battery is \(pick(opinions, &rng)) .",
            "\(p) and \(q) visited \(l) during the festival .",
            "\(o) hired \(p) as chief engineer .",
            "\(p) sued \(o) over the \(adjective) \(product) .",
            "\(p) was arrested in \(l) on Monday .",
            "reviewers called the \(product) from \(o) \(pick(opinions, &rng)) .",
        ]
        return templates[rng.nextInt(below: templates.count)]
    }

    /// `count` sentences from `seed`.
    public func corpus(count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in sentence(&rng) }
    }
}
