internal import CTracuuCRC

/// CRC-32C (Castagnoli), the checksum of every index file's footer and of
/// every term's postings.
///
/// Castagnoli rather than zlib's CRC-32 because it is what storage formats
/// use (iSCSI, ext4, Lucene since 9), it detects more burst errors, and
/// x86-64 and ARMv8 compute it in one instruction per 8 bytes (the C shim
/// uses it when the CPU has it: ~10 GB/s, against ~1 GB/s for tables),
/// which lets readers verify what they read on every search.
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        state = CTracuuCRC_update(state, base.assumingMemoryBound(to: UInt8.self), buffer.count)
    }

    /// Whether the CPU instruction is in use.
    public static var isHardware: Bool { CTracuuCRC_hardware() == 1 }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(buffer)
        return crc.value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// The checksum by the table method, whatever the CPU (the reference
    /// the tests compare the instruction's paths with).
    public static func checksumByTable(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return CTracuuCRC_updateByTable(0xFFFF_FFFF, base, buffer.count) ^ 0xFFFF_FFFF
        }
    }
}
