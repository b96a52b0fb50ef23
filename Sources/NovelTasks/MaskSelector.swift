// Choosing which learned mask a novel task uses (chapter 7, lpt-method §6). The selectors live in
// their own files as extensions of `MaskSelector`; this file holds what they share: the options,
// the encoded novel examples and the label-free targets.

import LotteryMasks
import SEL
import T5
import Tensors

// snippet.selector-options
public struct SelectorOptions: Codable, Equatable, Sendable {
    /// Examples per forward pass.
    public var batchSize = 16
    /// Perplexity's targets: gold SEL (few-shot) or each mask's own greedy output (zero-shot).
    public var targets: PerplexityTargets = .gold
    /// Length cap of the greedy outputs used as label-free targets.
    public var maxNewTokens = 64
    /// Decode label-free targets with stage 3's SEL grammar. Off by default: unconstrained
    /// greedy output is the answer the mask itself is most sure of, which is what is measured.
    public var constrained = false
    /// Share of neurons, per encoder layer, that form a neuron signature.
    public var neuronFraction = 0.1
    public init() {}
}
// snippet.end

/// Which target sequence the perplexity selector scores.
public enum PerplexityTargets: String, Codable, CaseIterable, Sendable {
    /// The gold SEL of each example (few-shot: the novel task has labelled examples).
    case gold
    /// Mask i's own greedy output under θ ⊙ m_i (zero-shot: no labels). This measures how
    /// confident mask i is in its own answer, not whether the answer is right.
    case selfGenerated
}

/// The selectors and their shared state; one per novel task and lottery.
public struct MaskSelector {
    public let model: T5Model
    public let lottery: LotteryPrompt
    public let options: SelectorOptions
    let encoder: SELEncoder

    public init(model: T5Model, vocabulary: Vocabulary, lottery: LotteryPrompt,
                options: SelectorOptions = SelectorOptions()) throws {
        guard options.batchSize > 0 else {
            throw MaskSelectionError.invalidOption(name: "batchSize", value: "\(options.batchSize)", reason: "must be at least 1")
        }
        guard options.maxNewTokens > 0 else {
            throw MaskSelectionError.invalidOption(name: "maxNewTokens", value: "\(options.maxNewTokens)", reason: "must be at least 1")
        }
        guard options.neuronFraction > 0 && options.neuronFraction <= 1 else {
            throw MaskSelectionError.invalidOption(name: "neuronFraction", value: "\(options.neuronFraction)", reason: "must lie in (0, 1]")
        }
        (self.model, self.lottery, self.options) = (model, lottery, options)
        encoder = SELEncoder(vocabulary: vocabulary)
    }

    /// The learned masks, in learning order; the selectors choose only among these (never an
    /// unfinished task's mask, never an empty slot).
    func learned() throws -> [(task: String, mask: PromptMask)] {
        guard !lottery.masks.isEmpty else { throw MaskSelectionError.noLearnedMasks }
        for (task, mask) in lottery.masks where mask.count > lottery.layout.parameterCount {
            throw MaskSelectionError.maskLargerThanPrompt(task: task, maskEntries: mask.count,
                                                          promptEntries: lottery.layout.parameterCount)
        }
        return lottery.masks
    }
}

/// The novel examples encoded once, in fixed batches: sources with the evaluation prefix (the
/// sorted schema, as at test time) and gold targets.
struct NovelBatches {
    let sources: [[[Int]]]
    let gold: [[[Int]]]
    let texts: [[[Int]]]

    init(_ examples: [UIEExample], schemas: TaskSchemas, encoder: SELEncoder, batchSize: Int) throws {
        guard !examples.isEmpty else { throw MaskSelectionError.noExamples }
        let prefix = SchemaPrompt(recordSchema: schemas.record).evaluationPrefix()
        let chunks = stride(from: 0, to: examples.count, by: batchSize).map { examples[$0..<min($0 + batchSize, examples.count)] }
        sources = chunks.map { $0.map { encoder.source(prefix: prefix, text: $0.text) } }
        gold = chunks.map { $0.map { encoder.target($0.record) } }
        texts = chunks.map { $0.map { encoder.vocabulary.encode($0.text, addEOS: false) } }
    }
}

extension MaskSelector {
    /// Greedy outputs under `prompts` as label rows: the tokens after the start token, up to and
    /// including the first `</s>` (or all of them when the cap cut the output).
    func greedyTargets(sources: [[Int]], texts: [[Int]], schemas: TaskSchemas, prompts: PromptInputs) -> [[Int]] {
        let padded = SELEncoder.batch(sources: sources, targets: [[0]])
        let grammar = SELGrammar(vocabulary: encoder.vocabulary, recordLabels: schemas.record.types,
                                 associationLabels: schemas.record.roles)
        let sequences = model.greedyDecode(padded.inputIDs, attentionMask: padded.attentionMask,
                                           maxNewTokens: options.maxNewTokens, prompts: prompts,
                                           constraint: options.constrained ? grammar.constraint(texts: texts) : nil)
        return sequences.map { row in
            let tokens = Array(row.dropFirst())
            guard let end = tokens.firstIndex(of: model.config.eosTokenID) else { return tokens }
            return Array(tokens[...end])
        }
    }
}
