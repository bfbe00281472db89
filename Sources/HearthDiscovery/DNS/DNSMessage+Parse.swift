extension DNSMessage {
    /// Parses a message from untrusted bytes: every read is bounded, names may only point
    /// backwards (so compression cannot loop), counts must fit in the bytes there are.
    public static func parse(_ bytes: [UInt8]) throws(DNSError) -> DNSMessage {
        guard bytes.count <= maximumSize else { throw .messageTooLarge(bytes.count) }
        var reader = DNSReader(bytes: bytes)
        var message = DNSMessage()
        message.id = try reader.u16()
        let flags = try reader.u16()
        message.isResponse = flags & 0x8000 != 0
        message.isAuthoritative = flags & 0x0400 != 0
        let counts = (try reader.u16(), try reader.u16(), try reader.u16(), try reader.u16())
        // A question takes at least 5 bytes, a record at least 11.
        let remaining = bytes.count - reader.offset
        guard Int(counts.0) * 5 <= remaining else { throw .implausibleCount(section: "question", count: Int(counts.0)) }
        let recordCount = Int(counts.1) + Int(counts.2) + Int(counts.3)
        guard recordCount * 11 <= remaining else {
            throw .implausibleCount(section: "answer, authority and additional", count: recordCount)
        }
        for _ in 0..<counts.0 {
            let name = try reader.name()
            let type = try reader.u16()
            let klass = try reader.u16()
            message.questions.append(DNSQuestion(name: name, rawType: type, unicastResponse: klass & 0x8000 != 0))
        }
        for _ in 0..<counts.1 { message.answers.append(try reader.record()) }
        for _ in 0..<counts.2 { message.authorities.append(try reader.record()) }
        for _ in 0..<counts.3 { message.additionals.append(try reader.record()) }
        return message
    }
}

/// Bounded reads over one message.
private struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func u8() throws(DNSError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DNSError) -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }

    mutating func u32() throws(DNSError) -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }

    mutating func take(_ count: Int) throws(DNSError) -> [UInt8] {
        guard count <= bytes.count - offset else { throw .truncated(at: offset) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A name at the current offset. After a pointer the reader continues behind the pointer;
    /// each pointer must target an offset before the label that holds it.
    mutating func name() throws(DNSError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var cursor = offset
        var resumeAt: Int?
        var floor = offset  // pointers must go below this
        while true {
            guard cursor < bytes.count else { throw .truncated(at: cursor) }
            let byte = bytes[cursor]
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    offset = resumeAt ?? cursor + 1
                    return DNSName(labels: labels)
                }
                let count = Int(byte)
                guard cursor + 1 + count <= bytes.count else { throw .truncated(at: cursor) }
                length += count + 1
                guard length <= 255 else { throw .nameTooLong(at: cursor) }
                labels.append(Array(bytes[cursor + 1..<cursor + 1 + count]))
                cursor += 1 + count
            case 0xC0:
                guard cursor + 1 < bytes.count else { throw .truncated(at: cursor) }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[cursor + 1])
                guard target < floor else { throw .badPointer(at: cursor) }
                if resumeAt == nil { resumeAt = cursor + 2 }
                floor = target
                cursor = target
            default:
                throw .reservedLabelType(at: cursor)
            }
        }
    }

    mutating func record() throws(DNSError) -> DNSRecord {
        let name = try name()
        let type = try u16()
        let klass = try u16()
        let ttl = try u32()
        let length = Int(try u16())
        let start = offset
        guard length <= bytes.count - offset else { throw .truncated(at: offset) }
        let end = start + length
        let data: DNSRecordData
        switch DNSType(rawValue: type) {
        case .a where length == 4:
            let raw = try take(4)
            data = .a(IPv4Address(raw[0], raw[1], raw[2], raw[3]))
        case .ptr:
            data = .ptr(try self.name())
        case .srv:
            let priority = try u16()
            let weight = try u16()
            let port = try u16()
            data = .srv(priority: priority, weight: weight, port: port, target: try self.name())
        case .txt:
            var strings: [[UInt8]] = []
            while offset < end {
                let at = offset
                let count = Int(try u8())
                guard offset + count <= end else { throw .recordOverrunsItsLength(at: at) }
                if count > 0 { strings.append(try take(count)) }
            }
            data = .txt(strings)
        default:
            data = .other(type: type, bytes: try take(length))
        }
        guard offset == end else { throw .recordOverrunsItsLength(at: start) }
        return DNSRecord(name: name, data: data, ttl: ttl, cacheFlush: klass & 0x8000 != 0)
    }
}
