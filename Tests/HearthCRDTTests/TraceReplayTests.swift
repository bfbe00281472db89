import HearthCRDT
import HearthTraces
import Testing

/// Every recorded trace replays to its exact final text, locally and through the remote path.
@Suite struct TraceReplayTests {
    @Test(arguments: EditingTrace.available())
    func traceReplaysExactly(file: String) throws {
        let trace = try EditingTrace.load(file)
        let (document, history) = trace.replay()
        #expect(document.text == trace.endContent)

        var remote = TextDocument()
        remote.apply(history)
        #expect(remote.text == trace.endContent, "merging the whole history into an empty replica")
        var reversed = TextDocument()
        reversed.apply(Array(history.reversed()))
        #expect(reversed.text == trace.endContent, "any delivery order, even one that waits for origins")
        let loaded = try TextDocument.decode(document.encoded())
        #expect(loaded.text == trace.endContent)
        #expect(loaded == document)
    }

    @Test func everyTraceIsHere() {
        #expect(EditingTrace.available().count == 4, "Tests/Traces holds the four shared traces")
    }
}
