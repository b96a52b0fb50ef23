// Exercise 4.3 (solution): the MLP's [n, layers·2·width] output is position-major; the layout is
// layer-major. Split each row into its (layer, key/value, width) blocks, then move the position
// axis behind the key/value axis: a permutation, whose backward sends each gradient home.

import ExerciseSupport
import SoftPrompts
import Tensors

struct PromptShapeMismatch: Error, CustomStringConvertible {
    let description: String
}

public func reparameterizedPrompt(_ seed: Tensor, mlp: MLP, layout: PromptLayout) throws -> Tensor {
    let rows = try mlp(seed)                                                  // [n, m]
    let layers = layout.encoderLayers + layout.decoderLayers
    let width = layout.placement == .deep ? layers * 2 * layout.width : layout.width
    guard rows.shape == [layout.length, width] else {
        throw PromptShapeMismatch(description: "the MLP gives \(rows.shape), the layout needs [\(layout.length), \(width)]")
    }
    guard layout.placement == .deep else { return rows }
    return rows.reshaped([layout.length, layers, 2, layout.width])           // [n, layers, 2, width]
        .permuted([1, 2, 0, 3])                                              // [layers, 2, n, width]
}
