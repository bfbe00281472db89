extension DNSMessage {
    /// The message as bytes, names compressed against those written before (RFC 1035 §4.1.4).
    public func encoded() -> [UInt8] {
        var writer = DNSWriter()
        writer.u16(id)
        writer.u16((isResponse ? 0x8000 : 0) | (isAuthoritative ? 0x0400 : 0))
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            writer.u16(UInt16(min(count, Int(UInt16.max))))
        }
        for question in questions {
            writer.name(question.name)
            writer.u16(question.type)
            writer.u16(1 | (question.unicastResponse ? 0x8000 : 0))
        }
        for record in answers + authorities + additionals { writer.record(record) }
        return writer.bytes
    }
}

private struct DNSWriter {
    var bytes: [UInt8] = []
    /// Where each name suffix written so far starts, for compression pointers.
    var suffixes: [DNSName: Int] = [:]

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value >> 16))
        u16(UInt16(value & 0xFFFF))
    }

    mutating func name(_ name: DNSName) {
        var labels = name.labels[...]
        while !labels.isEmpty {
            let suffix = DNSName(labels: Array(labels))
            if let at = suffixes[suffix] {
                u16(0xC000 | UInt16(at))
                return
            }
            if bytes.count < 0x3FFF { suffixes[suffix] = bytes.count }
            let label = labels.removeFirst()
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
    }

    mutating func record(_ record: DNSRecord) {
        name(record.name)
        u16(record.type)
        u16(1 | (record.cacheFlush ? 0x8000 : 0))
        u32(record.ttl)
        let lengthAt = bytes.count
        u16(0)
        switch record.data {
        case .a(let address): bytes += address.array
        case .ptr(let target): name(target)
        case .srv(let priority, let weight, let port, let target):
            u16(priority)
            u16(weight)
            u16(port)
            name(target)
        case .txt(let strings):
            if strings.isEmpty { bytes.append(0) }  // an empty TXT record is one empty string
            for string in strings {
                let string = string.prefix(255)
                bytes.append(UInt8(string.count))
                bytes += string
            }
        case .other(_, let raw): bytes += raw
        }
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }
}
