"""The anchor for `hearth-bench sync`: the same latency and throughput, through one central
python-socketio server instead of Hearth's mesh of peers.

Usage: socketio_anchor.py [--sizes 2,4,8,16] [--messages 200] [--burst 250] [--json]

For each size N it starts, on 127.0.0.1 and a free port, one Socket.IO server (python-socketio's
AsyncServer on aiohttp) that re-emits every "chat" event it receives to every connected client,
the sender included, like a chat room; and N clients, each its own OS process (as Hearth's N
nodes are), each a python-socketio AsyncClient on the websocket transport only; all of them run
on uvloop. A coordinator (this process) drives them over pipes, as `hearth-bench` drives its
nodes through their APIs, and mirrors Sources/HearthBench/Sync/ClusterRun.swift:

- warm-up: every client connects, then each sends `b:warm:<round>:<client>` until one round's
  messages have reached every client (as ClusterRun.prepare);
- latency: messages `b:lat:<k>`, one at a time, message k from client k % N; each is timed from
  the client's send call to its arrival at each other client ("to each node") and to the last of
  them ("to all nodes"), and the next is sent only once it has reached every client, its own echo
  included (as ClusterRun.measureLatency);
- throughput: every client is told at once to send B messages `b:tp:<client>:<k>`; the clock
  runs from that order until every message is at every client, and the rate counts messages, not
  deliveries: N*B / seconds (as ClusterRun.measureThroughput).

Times are CLOCK_MONOTONIC (time.monotonic_ns), one clock for all processes on Linux, and each
client stamps its own sends and arrivals, so the coordinator only collects. Reporting must not
load the two cores while later clients still wait for a message: latency stamps go into shared
memory and only the client that completes a message wakes the coordinator; during the burst a
client counts its arrivals and reports once, when it has all N*B. Percentiles are nearest-rank,
as HearthBench's Percentiles (p99 is sorted[min(count - 1, ceil(0.99 * count) - 1)]).

Hearth's figures also include a loopback HTTP call into the node (the send) and a WebSocket hop
out of it to the benchmark (the arrival); here the send and arrival are stamped inside the
clients, so the anchor's latency has no such hops and, if anything, flatters the anchor.

Every process started is ended by its PID when the run ends, also on an error or a signal; the
children also exit by themselves when their pipe from the coordinator closes.
"""

import argparse
import asyncio
import json
import math
import multiprocessing
import queue
import signal
import socket
import sys
import time

LATENCY_TIMEOUT = 30  # seconds for one latency message to reach every client, as Hearth's
BURST_TIMEOUT = 300  # seconds for the whole burst, as Hearth's
START_TIMEOUT = 30  # seconds for the server and the clients to come up
WARM_UP_ROUNDS = 100
WARM_UP_ROUND_TIMEOUT = 2


def run_loop(main):
    """Runs `main` on uvloop, the event loop a production Python server would use (as uvicorn's
    standard install does); on this machine it cuts the latency by a quarter and adds a third to
    the throughput, so the anchor is not a straw man."""
    import uvloop

    uvloop.install()
    asyncio.run(main)


# The server process.

def run_server(reports, lifeline):
    """Child process: the broadcasting Socket.IO server, until `lifeline` says stop or closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the coordinator ends it
    run_loop(serve(reports, lifeline))


async def serve(reports, lifeline):
    import socketio
    from aiohttp import web

    sio = socketio.AsyncServer(async_mode="aiohttp", logger=False, engineio_logger=False)

    @sio.on("chat")
    async def chat(sid, text):
        await sio.emit("chat", text)  # to every client in the default namespace, sender included

    app = web.Application()
    sio.attach(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))  # the kernel picks a free port; no race with other runs
    await web.SockSite(runner, listener).start()
    reports.put(("port", listener.getsockname()[1]))
    await next_command(lifeline)
    await runner.cleanup()


def next_command(connection):
    """A future for the next object on `connection`; ("stop", None) when the other end closed."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def readable():
        loop.remove_reader(connection.fileno())
        try:
            command = connection.recv()
        except (EOFError, OSError):
            command = ("stop", None)
        if not future.done():
            future.set_result(command)

    loop.add_reader(connection.fileno(), readable)
    return future


# A client process.

def run_client(index, url, size, burst, stamps, commands, reports):
    """Child process: one Socket.IO client, doing what the coordinator sends on `commands`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the coordinator ends it
    run_loop(client(index, url, size, burst, stamps, commands, reports))


async def client(index, url, size, burst, stamps, commands, reports):
    import socketio

    sio = socketio.AsyncClient(reconnection=False, logger=False, engineio_logger=False)
    burst_seen = set()

    @sio.on("chat")
    async def chat(text):
        arrived = time.monotonic_ns()
        if text.startswith("b:lat:"):
            stamps.arrive(int(text[6:]), index, arrived)
        elif text.startswith("b:tp:"):
            burst_seen.add(text)
            if len(burst_seen) == size * burst:
                reports.put(("done", index, arrived))
        elif text.startswith("b:"):
            reports.put(("arrival", text, index, arrived))

    await sio.connect(url, transports=["websocket"])
    reports.put(("ready", index))
    while True:
        command, argument = await next_command(commands)
        if command == "latency":
            stamps.sent[argument] = time.monotonic_ns()
            await sio.emit("chat", f"b:lat:{argument}")
        elif command == "send":
            await sio.emit("chat", argument)
        elif command == "burst":
            for number in range(burst):
                await sio.emit("chat", f"b:tp:{index}:{number}")
        else:
            break
    await sio.disconnect()


class Stamps:
    """Shared memory for the latency messages, so that timing them costs the clients no message
    to the coordinator and the coordinator wakes about once per message: the sender stamps
    `sent[k]`, each client `arrived[k * size + client]`, and a client that finds message k's row
    full pokes the coordinator through `poke`. Stamps are never 0, so 0 is "not yet". No lock or
    multiprocessing.Event: a client never waits on the coordinator, even a dead one."""

    def __init__(self, context, messages, size):
        self.size = size
        self.sent = context.RawArray("q", messages)
        self.arrived = context.RawArray("q", messages * size)
        self.pokes, self.poke = context.Pipe(duplex=False)

    def __getstate__(self):
        """What a client gets: not the coordinator's end of the pipe."""
        return {name: value for name, value in self.__dict__.items() if name != "pokes"}

    def arrive(self, number, client, instant):
        self.arrived[number * self.size + client] = instant
        if self.complete(number):
            try:
                self.poke.send_bytes(b"")  # the coordinator checks the row itself; extra pokes are harmless
            except OSError:
                pass  # the coordinator is gone; the pipe from it will close too

    def complete(self, number):
        return all(self.arrivals(number))

    def arrivals(self, number):
        return self.arrived[number * self.size:(number + 1) * self.size]

    def wait(self, number, timeout, processes):
        """Until message `number` has reached every client. Should two clients finish at the
        same moment and each miss the other's stamp, the 50 ms poll still sees the full row."""
        deadline = time.monotonic() + timeout
        while not self.complete(number):
            if time.monotonic() > deadline:
                raise BenchError(f"message {number} did not reach every client within {timeout} s")
            if self.pokes.poll(0.05):
                while self.pokes.poll():
                    self.pokes.recv_bytes()
            else:
                check_alive(processes, f"message {number}")


# The coordinator.

class BenchError(Exception):
    pass


class Reports:
    """What the children reported on the queue: the server's port, the clients being connected,
    the warm-up messages' arrivals and when each client had the whole burst."""

    def __init__(self, channel, processes):
        self.channel = channel
        self.processes = processes
        self.port = None
        self.ready = set()
        self.arrivals = {}  # text -> {client: instant}
        self.done = {}  # client -> instant it had the whole burst

    def wait_until(self, condition, timeout, what):
        """Takes in reports until `condition()` holds; fails after `timeout` seconds or when a
        child process has died."""
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchError(f"{what} did not happen within {timeout} s")
            try:
                self.take(self.channel.get(timeout=min(left, 0.5)))
            except queue.Empty:
                check_alive(self.processes, what)

    def take(self, report):
        kind = report[0]
        if kind == "port":
            self.port = report[1]
        elif kind == "ready":
            self.ready.add(report[1])
        elif kind == "arrival":
            _, text, node, instant = report
            self.arrivals.setdefault(text, {}).setdefault(node, instant)  # the first arrival counts
        elif kind == "done":
            self.done[report[1]] = report[2]

    def reached_all(self, texts, size):
        return all(len(self.arrivals.get(text, {})) >= size for text in texts)


def check_alive(processes, what):
    dead = [process for process in processes if not process.is_alive()]
    if dead:
        raise BenchError(f"{dead[0].name} exited ({dead[0].exitcode}) while waiting for {what}")


class Cluster:
    """One server and `size` client processes; a context manager that ends them all."""

    def __init__(self, size, messages, burst):
        self.size = size
        self.burst = burst
        self.context = multiprocessing.get_context("spawn")  # children inherit no other pipes
        self.processes = []
        self.reports = Reports(self.context.Queue(), self.processes)
        self.stamps = Stamps(self.context, messages, size)
        self.server_lifeline = None
        self.commands = []

    def __enter__(self):
        try:
            self.start_server()
            self.start_clients()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_):
        self.close()

    def start_server(self):
        receiving, self.server_lifeline = self.context.Pipe(duplex=False)
        self.spawn("socket.io server", run_server, (self.reports.channel, receiving))
        receiving.close()
        self.reports.wait_until(lambda: self.reports.port is not None, START_TIMEOUT, "the server starting")

    def start_clients(self):
        url = f"http://127.0.0.1:{self.reports.port}"
        for index in range(self.size):
            receiving, sending = self.context.Pipe(duplex=False)
            arguments = (index, url, self.size, self.burst, self.stamps, receiving, self.reports.channel)
            self.spawn(f"client {index}", run_client, arguments)
            receiving.close()
            self.commands.append(sending)
        self.reports.wait_until(lambda: len(self.reports.ready) == self.size, START_TIMEOUT,
                                f"all {self.size} clients connecting")

    def spawn(self, name, target, arguments):
        process = self.context.Process(target=target, args=arguments, name=name, daemon=True)
        process.start()
        self.processes.append(process)

    def tell(self, index, command, argument=None):
        try:
            self.commands[index].send((command, argument))
        except OSError as error:
            raise BenchError(f"client {index} cannot be told to {command}: {error}") from error

    def close(self):
        """Stops the clients, then the server (so that it has no connections left to wait for),
        and kills by PID whichever child has not exited within 3 s of being asked."""
        self.stop(self.commands, self.processes[1:])
        self.stop([self.server_lifeline], self.processes[:1])
        for connection in (self.stamps.pokes, self.stamps.poke):
            connection.close()
        self.reports.channel.close()
        self.reports.channel.join_thread()

    @staticmethod
    def stop(connections, processes):
        for connection in connections:
            if connection is None:
                continue
            try:
                connection.send(("stop", None))
            except OSError:
                pass
            connection.close()
        deadline = time.monotonic() + 3
        for process in processes:
            process.join(max(0, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():
                process.kill()  # SIGKILL to its PID
                process.join(1)


def warm_up(cluster):
    """Each client sends one message per round until a round's messages reach every client."""
    reports = cluster.reports
    for round_number in range(WARM_UP_ROUNDS):
        texts = [f"b:warm:{round_number}:{index}" for index in range(cluster.size)]
        for index, text in enumerate(texts):
            cluster.tell(index, "send", text)
        try:
            reports.wait_until(lambda: reports.reached_all(texts, cluster.size), WARM_UP_ROUND_TIMEOUT, "warm-up")
            return
        except BenchError:
            check_alive(cluster.processes, "warm-up")  # a dead client fails at once; a slow round is resent
    raise BenchError("the clients did not all reach each other")


def measure_latency(cluster, messages):
    """Milliseconds from each send to each other client, and to the last of them."""
    stamps = cluster.stamps
    per_node, all_nodes = [], []
    for number in range(messages):
        sender = number % cluster.size
        cluster.tell(sender, "latency", number)
        stamps.wait(number, LATENCY_TIMEOUT, cluster.processes)
        sent = stamps.sent[number]
        others = [instant for node, instant in enumerate(stamps.arrivals(number)) if node != sender]
        per_node.extend((instant - sent) / 1e6 for instant in others)
        all_nodes.append((max(others) - sent) / 1e6)
    return {"perNode": percentiles(per_node), "allNodes": percentiles(all_nodes)}


def measure_throughput(cluster):
    """Every client sends its burst at once; timed until all are at every client."""
    reports = cluster.reports
    started = time.monotonic_ns()
    for index in range(cluster.size):
        cluster.tell(index, "burst")
    reports.wait_until(lambda: len(reports.done) == cluster.size, BURST_TIMEOUT, "the burst reaching every client")
    seconds = (max(reports.done.values()) - started) / 1e9
    messages = cluster.size * cluster.burst
    return {"messages": messages, "seconds": seconds, "messagesPerSecond": messages / seconds}


def percentiles(samples):
    """Nearest rank on the sorted samples, as HearthBench's Percentiles."""
    ordered = sorted(samples)

    def rank(fraction):
        if not ordered:
            return math.nan
        index = math.ceil(fraction * len(ordered)) - 1
        return ordered[max(0, min(len(ordered) - 1, index))]

    return {"count": len(ordered), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99),
            "max": ordered[-1] if ordered else math.nan}


def run_size(size, messages, burst):
    with Cluster(size, messages, burst) as cluster:
        warm_up(cluster)
        latency = measure_latency(cluster, messages)
        throughput = measure_throughput(cluster)
    return {"result": "anchor", "anchor": "socketio", "nodes": size, "latency": latency, "throughput": throughput}


def report(result, as_json):
    if as_json:
        line = json.dumps(result, sort_keys=True)
    else:
        latency, throughput = result["latency"], result["throughput"]
        per_node, all_nodes = latency["perNode"], latency["allNodes"]
        line = (
            f"N={result['nodes']:2d}  socket.io anchor: one python-socketio server (aiohttp, uvloop),"
            " websocket clients\n"
            f"      latency to each node p50 {per_node['p50']:6.2f} ms  p99 {per_node['p99']:6.2f} ms"
            f" | to all nodes p50 {all_nodes['p50']:6.2f} ms  p99 {all_nodes['p99']:6.2f} ms\n"
            f"      throughput {throughput['messagesPerSecond']:7.0f} msg/s"
            f" ({throughput['messages']} messages in {throughput['seconds']:.2f} s)"
        )
    print(line, flush=True)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="hearth-bench sync's latency and throughput through "
                                                 "one central python-socketio broadcast server")
    parser.add_argument("--sizes", default="2,4,8,16", help="client counts, comma-separated (2,4,8,16)")
    parser.add_argument("--messages", type=int, default=200, help="latency messages per size (200)")
    parser.add_argument("--burst", type=int, default=250, help="messages each client sends in the burst (250)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    arguments = parser.parse_args(argv)
    try:
        arguments.sizes = [int(size) for size in arguments.sizes.split(",") if size]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if not arguments.sizes or min(arguments.sizes) < 2:
        parser.error("--sizes needs at least two clients per run")
    if arguments.messages < 1 or arguments.burst < 1:
        parser.error("--messages and --burst must be at least 1")
    return arguments


def main(argv):
    arguments = parse_arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the clusters are closed
    try:
        for size in arguments.sizes:
            report(run_size(size, arguments.messages, arguments.burst), arguments.json)
    except BenchError as error:
        print(f"socketio_anchor: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
