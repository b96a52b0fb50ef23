// The safetensors file format (chapter 2): an 8-byte little-endian header length, a JSON header
// mapping each tensor name to {dtype, shape, data_offsets}, then the raw little-endian bytes.
// Reading checks every offset and shape against the file, with arithmetic that reports overflow
// instead of trapping, so a truncated, corrupted or hostile checkpoint is a clear error that names
// the tensor or the byte offset, never a crash, and nothing is allocated beyond what the file holds.

import Diagrams
import Foundation

/// What can be wrong with a safetensors file.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case tooShort(path: String, bytes: Int)
    case headerLength(path: String, declared: UInt64, fileSize: Int)
    case malformedHeader(path: String, reason: String)
    case badEntry(path: String, tensor: String, reason: String)
    case dataOutOfBounds(path: String, tensor: String, end: Int, available: Int)
    case missingTensor(path: String, tensor: String)
    case wrongShape(path: String, tensor: String, expected: [Int], found: [Int])
    case unsupportedType(path: String, tensor: String, dtype: String)
    /// A tensor that must hold real numbers (a model weight) is stored as integers.
    case notFloatingPoint(path: String, tensor: String, dtype: String)
    /// A weight holds NaN or an infinity: loading it would poison every forward pass silently.
    case nonFinite(path: String, tensor: String, index: Int, value: Float)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read (\(r))"
        case .tooShort(let p, let n): return "\(p): \(n) bytes is too short for a safetensors file (needs an 8-byte header length)"
        case .headerLength(let p, let d, let s): return "\(p): header length \(d) at byte 0 exceeds the file size \(s) (truncated or not safetensors)"
        case .malformedHeader(let p, let r): return "\(p): malformed JSON header at byte 8: \(r)"
        case .badEntry(let p, let t, let r): return "\(p): tensor '\(t)': \(r)"
        case .dataOutOfBounds(let p, let t, let e, let a): return "\(p): tensor '\(t)' ends at data byte \(e) but only \(a) data bytes exist (file truncated?)"
        case .missingTensor(let p, let t): return "\(p): missing tensor '\(t)'"
        case .wrongShape(let p, let t, let e, let f): return "\(p): tensor '\(t)' has shape \(f), expected \(e)"
        case .unsupportedType(let p, let t, let d): return "\(p): tensor '\(t)' has dtype \(d); supported: F32, F16, BF16, I64, I32"
        case .notFloatingPoint(let p, let t, let d):
            return "\(p): tensor '\(t)' has dtype \(d); model weights must be F32, F16 or BF16 (integers would be misread as weights)"
        case .nonFinite(let p, let t, let i, let v):
            return "\(p): tensor '\(t)' holds \(v) at element \(i); a checkpoint's weights must be finite (damaged file or diverged training)"
        }
    }
}

/// One tensor as stored: Float32 values (converted from F16/BF16) or integers (I64/I32).
public struct StoredTensor: Equatable, Sendable {
    public var shape: [Int]
    public var floats: [Float]?
    public var integers: [Int]?

    public init(floats: [Float], shape: [Int]) { (self.floats, self.integers, self.shape) = (floats, nil, shape) }
    public init(integers: [Int], shape: [Int]) { (self.floats, self.integers, self.shape) = (nil, integers, shape) }

    /// Values as Float32 whatever the stored type.
    public var asFloats: [Float] { floats ?? (integers ?? []).map(Float.init) }
    /// Values as integers whatever the stored type. A float that is not a whole number within
    /// Int's range (NaN, an infinity, 1e30) cannot be a count or an id; it becomes Int.min, a value
    /// every caller's range check rejects, rather than a trap on conversion.
    public var asIntegers: [Int] { integers ?? (floats ?? []).map { Int(exactly: $0.rounded(.towardZero)) ?? .min } }
}

/// One header entry after checking: its dtype is known, its element count did not overflow, and
/// its bytes lie inside the file, so decoding it can neither trap nor allocate more than the file.
public struct SafetensorsEntry: Equatable, Sendable {
    public var dtype: String
    public var shape: [Int]
    /// Number of elements (the product of `shape`).
    public var count: Int
    /// Where the tensor's bytes lie, as offsets into the whole file.
    public var bytes: Range<Int>

    /// True for the dtypes that hold real numbers.
    public var isFloatingPoint: Bool { ["F32", "F16", "BF16"].contains(dtype) }
}

public enum Safetensors {
    /// Bytes per element of each supported dtype.
    static let widths = ["F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4]

    // snippet.safetensors-read
    /// Reads every tensor of a safetensors file.
    public static func read(_ url: URL) throws -> [String: StoredTensor] {
        try read(contents(of: url), path: url.path)
    }

    /// Reads every tensor of safetensors bytes; `path` names them in errors.
    public static func read(_ bytes: [UInt8], path: String) throws -> [String: StoredTensor] {
        try header(of: bytes, path: path).mapValues { decode(bytes, $0) }
    }

    /// Parses and checks the header of safetensors bytes without decoding any tensor.
    public static func header(of bytes: [UInt8], path: String) throws -> [String: SafetensorsEntry] {
        guard bytes.count >= 8 else { throw SafetensorsError.tooShort(path: path, bytes: bytes.count) }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.headerLength(path: path, declared: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header: [String: Any]
        do {
            let json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
            guard let object = json as? [String: Any] else { throw SafetensorsError.malformedHeader(path: path, reason: "not a JSON object") }
            header = object
        } catch let error as SafetensorsError { throw error } catch {
            throw SafetensorsError.malformedHeader(path: path, reason: "\(error.localizedDescription)")
        }
        var entries: [String: SafetensorsEntry] = [:]
        for (name, value) in header where name != "__metadata__" {
            entries[name] = try entry(name, value, dataStart: dataStart, fileSize: bytes.count, path: path)
        }
        return entries
    }

    /// Checks one header entry against the file. Offsets and shapes come from the file, so every
    /// sum and product reports overflow instead of trapping: `data_offsets` near Int.max or a
    /// shape of [2^32, 2^32] is a damaged entry, not a crash.
    static func entry(_ name: String, _ value: Any, dataStart: Int, fileSize: Int, path: String) throws -> SafetensorsEntry {
        func bad(_ reason: String) -> SafetensorsError { .badEntry(path: path, tensor: name, reason: reason) }
        guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
              let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
              offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw bad("needs dtype, shape and data_offsets [begin, end]")
        }
        let available = fileSize - dataStart
        guard offsets[1] <= available else {
            throw SafetensorsError.dataOutOfBounds(path: path, tensor: name, end: offsets[1], available: available)
        }
        guard let width = widths[dtype] else { throw SafetensorsError.unsupportedType(path: path, tensor: name, dtype: dtype) }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw bad("shape \(shape) has a negative dimension") }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw bad("shape \(shape) has more elements than any file can hold") }
            count = product
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, offsets[1] - offsets[0] == needed else {
            throw bad("shape \(shape) of \(dtype) needs \(overflow ? "more than \(Int.max)" : "\(needed)") bytes, offsets give \(offsets[1] - offsets[0])")
        }
        return SafetensorsEntry(dtype: dtype, shape: shape, count: count, bytes: (dataStart + offsets[0])..<(dataStart + offsets[1]))
    }
    // snippet.end

    /// The whole file as bytes; a missing or unreadable file names its path.
    public static func contents(of url: URL) throws -> [UInt8] {
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw SafetensorsError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Little-endian decoding of one checked entry's bytes (in range by construction).
    public static func decode(_ b: [UInt8], _ entry: SafetensorsEntry) -> StoredTensor {
        let (start, count, shape) = (entry.bytes.lowerBound, entry.count, entry.shape)
        func word(_ i: Int, _ n: Int) -> UInt64 { (0..<n).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
        switch entry.dtype {
        case "F32": return StoredTensor(floats: (0..<count).map { Float(bitPattern: UInt32(word(start + 4 * $0, 4))) }, shape: shape)
        case "F16": return StoredTensor(floats: (0..<count).map { Float(Float16(bitPattern: UInt16(word(start + 2 * $0, 2)))) }, shape: shape)
        case "BF16": return StoredTensor(floats: (0..<count).map { Float(bitPattern: UInt32(word(start + 2 * $0, 2)) << 16) }, shape: shape)
        case "I64": return StoredTensor(integers: (0..<count).map { Int(Int64(bitPattern: word(start + 8 * $0, 8))) }, shape: shape)
        default: return StoredTensor(integers: (0..<count).map { Int(Int32(bitPattern: UInt32(word(start + 4 * $0, 4)))) }, shape: shape)
        }
    }

    /// Writes tensors (F32 for floats, I64 for integers) atomically: to a temporary file in the
    /// same folder, then renamed over the target, so a crash never leaves half a checkpoint.
    public static func write(_ tensors: [String: StoredTensor], to url: URL) throws {
        var header: [String: Any] = [:]
        var data = [UInt8]()
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let begin = data.count
            if let floats = t.floats {
                for x in floats { withUnsafeBytes(of: x.bitPattern.littleEndian) { data += $0 } }
            } else {
                for x in t.integers! { withUnsafeBytes(of: Int64(x).littleEndian) { data += $0 } }
            }
            header[name] = ["dtype": t.floats != nil ? "F32" : "I64", "shape": t.shape, "data_offsets": [begin, data.count]]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while (8 + json.count) % 8 != 0 { json.append(0x20) }  // pad with spaces: data stays 8-byte aligned
        var file = [UInt8]()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file += $0 }
        file += json
        file += data
        try AtomicWrite.write(Data(file), to: url)
    }
}

/// Temporary file plus rename: readers see the old file or the new one, never a partial write.
public enum AtomicWrite {
    /// Replaces `url` with `data` through `SafeFile.write`: never over a symlink, FIFO or device,
    /// the temporary file removed when the write fails (a full disk), failures as one readable line.
    public static func write(_ data: Data, to url: URL) throws {
        try SafeFile.write(data, to: url)
    }
}

extension Safetensors {
    /// The floats of tensor `name` in `tensors`, or why they cannot be used: missing, stored as
    /// integers (`asFloats` would quietly turn an I64 into plausible-looking weights), not
    /// `count` values long, or holding NaN/infinity (one such value spreads through every later
    /// step). Readers of optimizer moments, prompts and adapters wrap the reason in their own
    /// typed error together with the file's path; the reason always names the tensor.
    public static func finiteFloats(_ name: String, in tensors: [String: StoredTensor], count: Int) -> Result<[Float], TensorDefect> {
        guard let stored = tensors[name] else { return .failure(TensorDefect(tensor: name, reason: "is missing")) }
        guard let values = stored.floats else {
            return .failure(TensorDefect(tensor: name, reason: "holds integers where floating-point values are expected"))
        }
        guard values.count == count else {
            return .failure(TensorDefect(tensor: name, reason: "has \(values.count) values, expected \(count)"))
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            return .failure(TensorDefect(tensor: name, reason: "holds \(values[bad]) at element \(bad) (damaged file or diverged training)"))
        }
        return .success(values)
    }
}

/// Why one stored tensor cannot be used; `description` reads "tensor 'x' is missing".
public struct TensorDefect: Error, CustomStringConvertible, Equatable, Sendable {
    public let tensor: String
    public let reason: String
    public var description: String { "tensor '\(tensor)' \(reason)" }
}
