// Exercise 4.4 (solution): n·d_model for shallow; (encoder + decoder layers)·2·n·heads·d_kv for deep.

import ExerciseSupport
import T5

public func promptParameterCounts(config: T5Config, length: Int, backboneParameters: Int) throws
    -> (shallow: Int, deep: Int, shallowPercent: Double, deepPercent: Double) {
    let shallow = length * config.dModel
    let deep = (config.numLayers + config.decoderLayers) * 2 * length * config.numHeads * config.dKV
    func percent(_ count: Int) -> Double { 100 * Double(count) / Double(backboneParameters) }
    return (shallow, deep, percent(shallow), percent(deep))
}
