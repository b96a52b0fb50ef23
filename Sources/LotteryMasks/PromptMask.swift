// A binary mask over the P entries of a prompt, stored one bit per entry (chapter 5): entry j
// lives in word j / 64, bit j % 64. Tail bits stay zero, so equality, union and popcount need no
// special cases. A Float32 prompt costs 32 bits per entry, so a mask costs 1/32 of its prompt.

import Foundation

// snippet.packed-mask
public struct PromptMask: Equatable, Hashable, Sendable {
    /// Number of prompt entries the mask covers (P).
    public let count: Int
    /// The bits, 64 entries per word, entry j at bit j % 64 of word j / 64.
    public private(set) var words: [UInt64]

    /// All zeros.
    public init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    public init(_ bits: [Bool]) {
        self.init(count: bits.count)
        for (j, bit) in bits.enumerated() where bit { words[j >> 6] |= 1 << UInt64(j & 63) }
    }

    public subscript(j: Int) -> Bool {
        get { words[j >> 6] >> UInt64(j & 63) & 1 == 1 }
        set {
            if newValue { words[j >> 6] |= 1 << UInt64(j & 63) } else { words[j >> 6] &= ~(1 << UInt64(j & 63)) }
        }
    }

    /// Number of ones.
    public var popcount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public func union(_ other: PromptMask) -> PromptMask { combine(other, |) }
    public func intersection(_ other: PromptMask) -> PromptMask { combine(other, &) }
    /// Ones of `self` that are zero in `other`.
    public func subtracting(_ other: PromptMask) -> PromptMask { combine(other) { $0 & ~$1 } }

    func combine(_ other: PromptMask, _ op: (UInt64, UInt64) -> UInt64) -> PromptMask {
        precondition(count == other.count, "masks cover \(count) and \(other.count) entries")
        var out = self
        for i in words.indices { out.words[i] = op(words[i], other.words[i]) }
        return out
    }
}
// snippet.end

extension PromptMask {
    /// The mask as 0/1 floats, for multiplying into a prompt.
    public var floats: [Float] {
        var out = [Float](repeating: 0, count: count)
        for j in 0..<count where self[j] { out[j] = 1 }
        return out
    }

    /// Bytes the packed form takes (8 per 64 entries).
    public var packedBytes: Int { words.count * 8 }

    /// Intersection over union of the ones of two masks (1 when both are empty).
    public func jaccard(_ other: PromptMask) -> Double {
        let union = self.union(other).popcount
        return union == 0 ? 1 : Double(intersection(other).popcount) / Double(union)
    }
}

// MARK: top-k

extension PromptMask {
    /// How many entries a keep fraction selects out of `count`: rounded to the nearest integer.
    public static func keptCount(keepFraction: Double, of count: Int) -> Int {
        min(count, max(0, Int((keepFraction * Double(count)).rounded())))
    }

    /// Ones at the `keptCount` highest scores. Scores are ranked as they are (no absolute
    /// value): a strongly negative score means "drop". Ties go to the lower index, so equal
    /// scores give the same mask on every machine.
    public static func top(keepFraction: Double, of scores: [Float]) -> PromptMask {
        let k = keptCount(keepFraction: keepFraction, of: scores.count)
        var mask = PromptMask(count: scores.count)
        guard k > 0 else { return mask }
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        for j in order.prefix(k) { mask[j] = true }
        return mask
    }
}

// MARK: files

public enum MaskFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case badHeader(path: String)
    case wrongSize(path: String, expected: Int, actual: Int)
    case strayTailBits(path: String)
    public var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the mask file"
        case .badHeader(let p): return "\(p): not an LPT mask file (header must start with 'LPTMASK1')"
        case .wrongSize(let p, let e, let a): return "\(p): mask file should have \(e) bytes for its entry count, has \(a) (truncated or damaged)"
        case .strayTailBits(let p): return "\(p): bits set past the mask's last entry (damaged file)"
        }
    }
}

extension PromptMask {
    static let magic = Array("LPTMASK1".utf8)

    /// "LPTMASK1", the entry count as a little-endian UInt64, then the words little-endian.
    public var fileData: Data {
        var bytes = PromptMask.magic
        func append(_ value: UInt64) { for b in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * b))) } }
        append(UInt64(count))
        for word in words { append(word) }
        return Data(bytes)
    }

    /// The largest entry count a mask file may state: 2^40 entries, 128 GiB of bits, far beyond
    /// any prompt (the kit's have about 10^5 entries).
    public static let maximumFileCount: UInt64 = 1 << 40

    public init(fileData data: Data, path: String) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == PromptMask.magic else { throw MaskFileError.badHeader(path: path) }
        func word(at offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) } }
        // The count is read as UInt64 and bounded before it becomes an Int or enters any sum, so a
        // count of 2^63 or more is a size error, not an overflow trap; then the file must hold
        // exactly the words the count implies, which bounds the allocation by the file's size.
        // (Rounding up by division, not `(count + 63) / 64`, which would overflow near 2^64; the
        // byte size is then at most 16 + 8 * 2^58, well inside Int.)
        let stated = word(at: 8)
        let expected = 16 + 8 * (stated / 64 + (stated % 64 == 0 ? 0 : 1))
        guard stated <= PromptMask.maximumFileCount, expected == UInt64(bytes.count) else {
            throw MaskFileError.wrongSize(path: path, expected: Int(expected), actual: bytes.count)
        }
        let count = Int(stated)
        self.init(count: count)
        for i in self.words.indices { self.words[i] = word(at: 16 + 8 * i) }
        if count % 64 != 0, let last = self.words.last, last >> UInt64(count % 64) != 0 { throw MaskFileError.strayTailBits(path: path) }
    }
}
