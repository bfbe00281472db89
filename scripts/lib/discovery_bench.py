"""Discovery benchmark: N `hearth up` nodes on N hosts of a virtual LAN (scripts/lan), no --peer.

Usage: discovery_bench.py HEARTH_BINARY [--sizes 3,8,16] [--backends builtin,avahi] [--settle SECONDS]
                          [--idle SECONDS] [--json]
For each backend (Hearth's built-in responder; Avahi, with an avahi-daemon on every host) and N:
the time from launching the nodes to every node linked to every other, and the
mDNS packets each node sends per minute once idle (after `settle` seconds, 30 by default, over
`idle` seconds, 60 by default), counted by a listener on one more host.
Prints figures; never passes or fails.
"""

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAN = os.path.join(ROOT, "scripts", "lan")


def lan(name, *arguments, capture=True):
    environment = dict(os.environ, HEARTH_LAN=name)
    result = subprocess.run([LAN, *arguments], env=environment, capture_output=capture, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/lan {' '.join(arguments)}: {result.stderr}")
    return result.stdout


def count_packets(host_address, seconds):
    """Counts mDNS datagrams by source address for `seconds` (runs inside the listener's host)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("0.0.0.0", 5353))
    membership = struct.pack("4s4s", socket.inet_aton("224.0.0.251"), socket.inet_aton(host_address))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    sock.settimeout(0.2)
    counts = {}
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            _, (source, _) = sock.recvfrom(9000)
        except socket.timeout:
            continue
        counts[source] = counts.get(source, 0) + 1
    sock.close()
    return counts


def run(binary, size, idle, settle, name, backend):
    folder = tempfile.mkdtemp(prefix="hearth-discovery-bench-")
    lan(name, "up", str(size + 1), *(["--avahi"] if backend == "avahi" else []))
    processes = []
    try:
        started = time.time()
        for host in range(1, size + 1):
            data = os.path.join(folder, f"n{host}")
            environment = dict(os.environ, HEARTH_LAN=name, HEARTH_MDNS=backend, HEARTH_PASSPHRASE="bench pass")
            processes.append(subprocess.Popen(
                [LAN, "run", f"h{host}", binary, "up", "--data", data, "--name", f"n{host}", "--network", "bench",
                 "--listen", "0.0.0.0:7070", "--log-level", "warning"],
                env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        connected_after = None
        while time.time() - started < 120:
            counts = []
            for host in range(1, size + 1):
                try:
                    output = lan(name, "run", f"h{host}", binary, "peers", "--json", "--data",
                                 os.path.join(folder, f"n{host}"))
                    counts.append(len(json.loads(output)))
                except (RuntimeError, ValueError):
                    counts.append(0)
            if all(count == size - 1 for count in counts):
                connected_after = time.time() - started
                break
            time.sleep(0.05)
        # Idle: once the start-up queries have backed off, count what every node sends for
        # `idle` seconds, from a listener on the last host.
        time.sleep(settle)
        listener = subprocess.Popen(
            [LAN, "run", f"h{size + 1}", sys.executable, __file__, "--listen", f"10.77.0.{size + 1}", str(idle)],
            env=dict(os.environ, HEARTH_LAN=name), stdout=subprocess.PIPE, text=True)
        output, _ = listener.communicate(timeout=idle + 30)
        counts = json.loads(output or "{}")
        sent = [counts.get(f"10.77.0.{host}", 0) for host in range(1, size + 1)]
        per_minute = sum(sent) / size * 60 / idle
        return {"benchmark": "discovery", "backend": backend, "nodes": size,
                "allConnectedSeconds": connected_after, "idlePacketsPerNodePerMinute": per_minute,
                "idleSeconds": idle, "settleSeconds": settle}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        lan(name, "down")
        subprocess.run(["rm", "-rf", folder])


def main():
    arguments = sys.argv[1:]
    if arguments and arguments[0] == "--listen":
        print(json.dumps(count_packets(arguments[1], float(arguments[2]))))
        return
    binary = arguments[0]
    sizes = [3, 8, 16]
    idle = 60.0
    settle = 30.0
    as_json = "--json" in arguments
    backends = ["builtin", "avahi"]
    if "--backends" in arguments:
        backends = arguments[arguments.index("--backends") + 1].split(",")
    if "--sizes" in arguments:
        sizes = [int(part) for part in arguments[arguments.index("--sizes") + 1].split(",")]
    if "--idle" in arguments:
        idle = float(arguments[arguments.index("--idle") + 1])
    if "--settle" in arguments:
        settle = float(arguments[arguments.index("--settle") + 1])
    for backend, size in [(backend, size) for backend in backends for size in sizes]:
        result = run(binary, size, idle, settle, f"b{os.getpid() % 10000}", backend)
        if as_json:
            print(json.dumps(result, sort_keys=True))
        else:
            connected = result["allConnectedSeconds"]
            label = "built-in mDNS" if backend == "builtin" else "Avahi"
            print(f"discovery, {label}, {size} nodes: all linked "
                  f"{'%.2f s' % connected if connected is not None else 'NOT within 120 s'} after launch; "
                  f"idle {result['idlePacketsPerNodePerMinute']:.1f} mDNS packets per node per minute "
                  f"(over {idle:.0f} s, {settle:.0f} s after linking)")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
