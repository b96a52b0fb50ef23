// The kit's default tiny T5 and its vocabulary (chapter 2): the configuration the calibration
// run found to work for prompts on a laptop (d_model 128, 4 heads × 32, d_ff 512, 2+2 layers,
// ReLU, tied, no dropout), with the vocabulary read off the synthetic world.

extension T5Config {
    /// The backbone configuration for a vocabulary of `vocabularySize` tokens.
    public static func kitBackbone(vocabularySize: Int) -> T5Config {
        var c = T5Benchmark.tinyConfig
        c.vocabSize = vocabularySize
        return c
    }

    /// A very small configuration for quick checks and tests (d_model 32, 1+1 layers).
    public static func testSize(vocabularySize: Int) -> T5Config {
        var c = T5Config()
        c.vocabSize = vocabularySize; c.dModel = 32; c.dKV = 8; c.numHeads = 4; c.dFF = 64
        c.numLayers = 1; c.numDecoderLayers = 1; c.dropoutRate = 0
        c.relativeAttentionNumBuckets = 16; c.relativeAttentionMaxDistance = 32
        return c
    }
}

extension Vocabulary {
    // snippet.kit-vocabulary
    /// The vocabulary of the synthetic world: 40 sentinels (0-7 reserved for the extraction
    /// language), <spot> and <asoc>, and every word of 20,000 generated sentences.
    public static func kitDefault(world: SyntheticWorld) -> Vocabulary {
        Vocabulary(corpus: world.corpus(count: 20_000, seed: 7), sentinels: 40, reserved: ["<spot>", "<asoc>"])
    }
    // snippet.end
}
