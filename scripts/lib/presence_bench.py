"""Presence between real processes: N `hearth up` nodes on loopback (discovery off, each told
the previous node's address), each watched by `hearth watch --json`.

Usage: presence_bench.py HEARTH_BINARY [--nodes 8] [--rounds 3] [--idle SECONDS]
Prints, for kill -9, SIGSTOP and SIGTERM (a goodbye) of one node at a time, the time from the
signal until each other node's event stream said the node was offline (p50/p99/max); the time
from a typing request on one node until the others' streams said `typing.started`; and the bytes
each node sent on its links per second while idle (presence beacons and the mesh's keepalives,
from the kernel's per-socket counters). Prints figures; never passes or fails.
"""

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    def __init__(self, binary, root, name, previous):
        self.binary, self.name = binary, name
        self.folder = os.path.join(root, name)
        self.port = free_port()
        self.previous = previous
        self.process = None
        self.watch = None
        self.events = []  # (monotonic time, event)
        self.lock = threading.Lock()

    def start(self):
        arguments = [self.binary, "up", "--data", self.folder, "--name", self.name, "--network", "bench",
                     "--passphrase", "bench passphrase", "--listen", f"127.0.0.1:{self.port}", "--log-level", "error"]
        if self.previous:
            arguments += ["--peer", f"127.0.0.1:{self.previous.port}"]
        environment = dict(os.environ, HEARTH_MDNS="off")
        if os.path.exists(os.path.join(self.folder, "api.json")):
            os.remove(os.path.join(self.folder, "api.json"))  # left by a node killed with kill -9
        self.process = subprocess.Popen(arguments, env=environment, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_for(lambda: os.path.exists(os.path.join(self.folder, "api.json")), 60, f"{self.name} to start")

    def api(self, method, path, body=None):
        with open(os.path.join(self.folder, "api.json")) as handle:
            url = json.load(handle)["url"]
        with open(os.path.join(self.folder, "api-token")) as handle:
            token = handle.read().strip()
        request = urllib.request.Request(url.rstrip("/") + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"null")

    def follow(self):
        self.watch = subprocess.Popen([self.binary, "watch", "--json", "--data", self.folder],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        threading.Thread(target=self.read_events, args=(self.watch,), daemon=True).start()

    def read_events(self, watch):
        for line in watch.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self.lock:
                self.events.append((time.monotonic(), event))

    def first(self, since, predicate):
        with self.lock:
            for at, event in self.events:
                if at >= since and predicate(event):
                    return at
        return None

    def stop(self):
        for process in (self.watch, self.process):
            if process and process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"gave up waiting for {what}")


def everyone_shows(nodes, name, status):
    def check():
        for node in nodes:
            if node.name == name or node.process.poll() is not None:
                continue
            shown = {entry["name"]: entry["status"] for entry in node.api("GET", "/v1/presence")}
            if shown.get(name) != status:
                return False
        return True
    return check


def presence_event(name, online):
    def matches(event):
        presence = event.get("presence") or {}
        return event.get("type") == "presence.changed" and presence.get("name") == name \
            and presence.get("online") == online
    return matches


def distribution(times):
    if not times:
        return "no samples"
    ordered = sorted(times)
    def at(fraction):
        value = ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
        return "never" if value == float("inf") else f"{value * 1000:.0f} ms"
    return f"p50 {at(0.5)}, p99 {at(0.99)}, max {at(1.0)} over {len(ordered)} observations"


def link_bytes(pids, ports):
    """Bytes sent so far on the nodes' links (TCP sockets to or from a node's listening port), per
    pid (`ss -ti`); the API's sockets are left out."""
    output = subprocess.run(["ss", "-tinpH", "state", "established"], capture_output=True, text=True).stdout
    totals = {pid: 0 for pid in pids}
    owner = None
    for line in output.splitlines():
        found = re.search(r"pid=(\d+)", line)
        if found:
            socket_ports = {int(port) for port in re.findall(r"127\.0\.0\.1:(\d+)", line)}
            owner = int(found.group(1)) if socket_ports & ports else None
        sent = re.search(r"bytes_sent:(\d+)", line)
        if sent and owner in totals:
            totals[owner] += int(sent.group(1))
    return totals


def main():
    binary = sys.argv[1]
    options = dict(zip(sys.argv[2::2], sys.argv[3::2]))
    size = int(options.get("--nodes", 8))
    rounds = int(options.get("--rounds", 3))
    idle = float(options.get("--idle", 20))
    root = tempfile.mkdtemp(prefix="hearth-presence-bench-")
    nodes = []
    try:
        for number in range(size):
            nodes.append(Node(binary, root, f"n{number + 1}", nodes[-1] if nodes else None))
            nodes[-1].start()
        for node in nodes:
            wait_for(lambda: all(everyone_shows(nodes, other.name, "online")() for other in nodes), 60,
                     "every node to show every other online")
        for node in nodes:
            node.follow()
        # The streams are live once a change made after they started shows in all of them.
        marker = time.monotonic()
        for attempt in range(100):
            nodes[0].api("PUT", "/v1/presence/me", {"status": "online", "text": f"warm-up {attempt}"})
            time.sleep(0.1)
            if all(node.first(marker, lambda event: event.get("type") == "presence.changed")
                   for node in nodes[1:]):
                break
        nodes[0].api("PUT", "/v1/presence/me", {"status": "online"})
        print(f"# presence between {size} real processes on loopback ({rounds} rounds of each)")

        time.sleep(10)  # links settle (the first dials, duplicates, peer lists) before idle is measured
        pids = [node.process.pid for node in nodes]
        ports = {node.port for node in nodes}
        before_presence = {node.name: node.api("GET", "/v1/status")["presenceBytesSent"] for node in nodes}
        before = link_bytes(pids, ports)
        time.sleep(idle)
        after = link_bytes(pids, ports)
        after_presence = {node.name: node.api("GET", "/v1/status")["presenceBytesSent"] for node in nodes}
        rates = [(after[pid] - before[pid]) / idle for pid in pids]
        print(f"  idle link traffic per node (presence beacons, the mesh's pings and sync rounds): mean "
              f"{sum(rates) / len(rates):.0f} B/s, most {max(rates):.0f} B/s (TCP payload, over {idle:.0f} s)")
        presence = [(after_presence[node.name] - before_presence[node.name]) / idle for node in nodes]
        print(f"  idle presence traffic per node: mean {sum(presence) / len(presence):.0f} B/s, most "
              f"{max(presence):.0f} B/s (as each node counts it: messages with their framing)")

        chooser = random.Random(1)
        for kind in ("kill -9", "SIGSTOP", "SIGTERM (goodbye)"):
            times = []
            for _ in range(rounds):
                victim = chooser.choice(nodes[1:])
                others = [node for node in nodes if node is not victim]
                sent = time.monotonic()
                if kind == "kill -9":
                    victim.process.send_signal(signal.SIGKILL)
                elif kind == "SIGSTOP":
                    victim.process.send_signal(signal.SIGSTOP)
                else:
                    victim.process.send_signal(signal.SIGTERM)
                deadline = sent + 10
                while time.monotonic() < deadline and not all(
                        node.first(sent, presence_event(victim.name, False)) for node in others):
                    time.sleep(0.02)
                for node in others:
                    seen = node.first(sent, presence_event(victim.name, False))
                    times.append(float("inf") if seen is None else seen - sent)
                if kind == "SIGSTOP":
                    victim.process.send_signal(signal.SIGCONT)
                else:
                    victim.process.wait()
                    victim.watch.terminate()
                    victim.start()
                    victim.follow()
                wait_for(everyone_shows(nodes, victim.name, "online"), 60, f"{victim.name} back online")
                # A thawed node doubts its own view for 2 s (Lifeguard); the next round waits that out.
                time.sleep(3)
            print(f"  {kind}: offline in every other node's event stream — {distribution(times)}")

        times = []
        for round_number in range(rounds * 3):
            typist = nodes[round_number % size]
            others = [node for node in nodes if node is not typist]
            sent = time.monotonic()
            typist.api("POST", "/v1/typing", {"channel": f"bench{round_number}"})
            def started(event, typist=typist, channel=f"bench{round_number}"):
                typing = event.get("typing") or {}
                return event.get("type") == "typing.started" and typing.get("name") == typist.name \
                    and typing.get("channel") == channel
            deadline = sent + 5
            while time.monotonic() < deadline and not all(node.first(sent, started) for node in others):
                time.sleep(0.005)
            for node in others:
                seen = node.first(sent, started)
                times.append(float("inf") if seen is None else seen - sent)
        print(f"  typing: typing.started in every other node's event stream — {distribution(times)}")
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
