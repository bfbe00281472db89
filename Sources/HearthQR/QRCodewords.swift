/// Turns a message into the final sequence of codewords that is placed in the symbol (ISO/IEC 18004 §7.4–§7.6):
/// a byte-mode segment padded to the version's data capacity, split into blocks, each block extended with its
/// Reed–Solomon codewords, and the blocks interleaved.
enum QRCodewords {
    /// The byte-mode indicator 0100 (Table 2).
    static let byteModeIndicator = 0b0100
    /// The pad codewords that fill the data capacity after the message, alternately (§7.4.10).
    static let padCodewords: [UInt8] = [0xEC, 0x11]

    /// The data codewords for `bytes`: mode indicator, character count, the bytes, a terminator of up to four zero
    /// bits, zero bits to the next byte boundary, then pad codewords up to the capacity of `version`.
    static func data(for bytes: [UInt8], version: Int, correction: QRCode.Correction) -> [UInt8] {
        let capacity = QRTables.dataCodewords(version: version, correction: correction)
        var buffer = QRBitBuffer()
        buffer.append(byteModeIndicator, bits: 4)
        buffer.append(bytes.count, bits: QRTables.characterCountBits(version: version))
        for byte in bytes { buffer.append(Int(byte), bits: 8) }
        precondition(buffer.count <= capacity * 8, "message does not fit in version \(version)")
        buffer.append(0, bits: min(4, capacity * 8 - buffer.count))
        buffer.append(0, bits: (8 - buffer.count % 8) % 8)
        var codewords = buffer.bytes
        while codewords.count < capacity { codewords.append(padCodewords[(codewords.count - buffer.bytes.count) % 2]) }
        return codewords
    }

    /// The data codewords split into blocks, each followed by its error correction, interleaved (§7.6): the first
    /// data codeword of every block, then the second of every block, …, then the error correction codewords in the
    /// same way. The earlier blocks are the shorter ones, so the last data round takes only the longer blocks.
    static func interleaved(data: [UInt8], version: Int, correction: QRCode.Correction) -> [UInt8] {
        let level = correction.tableIndex
        let blocks = QRTables.blockCount[level][version - 1]
        let errorCorrectionLength = QRTables.errorCorrectionCodewordsPerBlock[level][version - 1]
        let total = QRTables.totalCodewords(version: version)
        precondition(data.count == total - blocks * errorCorrectionLength, "data does not fill version \(version)")
        let longBlocks = total % blocks
        let shortDataLength = total / blocks - errorCorrectionLength

        let encoder = ReedSolomon(degree: errorCorrectionLength)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var errorCorrectionBlocks: [[UInt8]] = []
        var start = data.startIndex
        for index in 0..<blocks {
            let length = shortDataLength + (index >= blocks - longBlocks ? 1 : 0)
            let block = data[start..<(start + length)]
            start += length
            dataBlocks.append(block)
            errorCorrectionBlocks.append(encoder.errorCorrection(for: Array(block)))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for offset in 0...shortDataLength {
            for block in dataBlocks where offset < block.count {
                result.append(block[block.startIndex + offset])
            }
        }
        for offset in 0..<errorCorrectionLength {
            for block in errorCorrectionBlocks { result.append(block[offset]) }
        }
        return result
    }
}
