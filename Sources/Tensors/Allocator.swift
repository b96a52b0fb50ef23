// Keeps freed memory for reuse (chapter 2, "How fast is it?").
// Every operation returns a fresh array; big ones (attention scores, logits) are over glibc's
// mmap threshold, so by default each step maps new pages, faults them in and zero-fills them,
// then unmaps them again. Raising the threshold and the trim limit lets the heap recycle those
// blocks instead: about 25% off a T5 training step in `lpt bench`.

#if canImport(Glibc)
import Glibc
#endif

public enum Allocator {
    /// Applied once, the first time any tensor operation runs. glibc's `mallopt` is looked up at
    /// run time (Swift's Glibc module does not export <malloc.h>); parameter numbers are glibc's
    /// stable ABI: M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3.
    static let tuned: Bool = {
        #if canImport(Glibc)
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        _ = mallopt(-3, 32 << 20)   // mmap threshold: glibc's maximum on 64-bit systems
        _ = mallopt(-1, 1 << 30)    // trim threshold
        _ = mallopt(-2, 64 << 20)   // top pad
        return true
        #else
        return false
        #endif
    }()
}
