import HearthCRDT
import HearthCrypto
import HearthMachines

extension Simulation {
    /// Carries out a machine's actions for node `number`, as the real driver does over sockets.
    func perform(_ actions: [MeshAction], at number: Int) {
        for action in actions {
            switch action {
            case .dial(let connection, let address):
                dial(from: number, connection: connection, to: address)
            case .send(let connection, let message):
                send(.mesh(message), from: end(number, connection))
            case .requestSync(let connection, let requestID):
                let have = nodes[number].store.heads
                send(.mesh(.syncRequest(have: have, requestID: requestID)), from: end(number, connection))
            case .answerSync(let connection, let have, let requestID):
                for batch in nodes[number].store.missing(from: have, batchLimit: settings.batchLimit) {
                    send(.changes(batch, pushed: false), from: end(number, connection))
                    nodes[number].machine.changesSent(batch.map(\.key), on: connection)
                }
                send(.mesh(.syncDone(requestID: requestID)), from: end(number, connection))
            case .pushChanges:
                break  // carried out by `broadcast`, which knows the changes
            case .close(let connection, let code, let reason):
                let sender = end(number, connection)
                if let code { send(.mesh(.error(code: code, message: reason)), from: sender) }
                send(.mesh(.goodbye(reason: reason)), from: sender)
                close(sender, reason: reason, abort: false)
            case .abort(let connection):
                close(end(number, connection), reason: "aborted", abort: true)
            case .linkUp(let summary):
                metrics.linksUp += 1
                runPresence(number) { machine, now in
                    machine.linkUp(summary.connection, peer: summary.peer, now: now)
                }
            case .linkDown(let summary, _):
                metrics.linksDown += 1
                runPresence(number) { machine, now in machine.linkDown(summary.connection, now: now) }
            case .log(let line):
                metrics.record(line)
            }
        }
    }

    /// Pushes `changes` from node `number` to its peers as its machine decides.
    func broadcast(_ changes: [SimulatedChange], from number: Int, except source: NodeID?) {
        let actions = nodes[number].machine.broadcast(changes.map(\.key), except: source)
        for case .pushChanges(let connection, let positions) in actions {
            send(.changes(positions.map { changes[$0] }, pushed: true), from: end(number, connection))
        }
    }

    func receive(_ packet: Packet, at to: End) {
        let number = to.node
        switch packet {
        case .mesh(let message):
            runPresence(number) { machine, now in machine.heard(on: to.connection, now: now) }
            run(number) { machine, _, now in machine.received(message, on: to.connection, now: now) }
        case .presence(let message):
            runPresence(number) { machine, now in machine.received(message, on: to.connection, now: now) }
        case .changes(let batch, let pushed):
            runPresence(number) { machine, now in machine.heard(on: to.connection, now: now) }
            nodes[number].machine.changesArrived(on: to.connection, now: now)
            guard let peer = nodes[number].machine.peer(on: to.connection) else { return }
            var copies = batch
            for position in copies.indices { copies[position].hops += 1 }
            let outcome = nodes[number].store.receive(copies, now: now)
            metrics.received(batch.count, applied: outcome.applied, at: now, pushed: pushed)
            if !outcome.applied.isEmpty { broadcast(outcome.applied, from: number, except: peer) }
            run(number) { machine, _, _ in
                machine.changesStored(
                    on: to.connection, pushed: pushed, fresh: outcome.fresh, duplicates: outcome.duplicates)
            }
        }
    }
}
