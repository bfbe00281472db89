"""The Game stats view's Servers tab: a server added by its address is polled and shows its map
and players, live; this node's own server can be stopped from there. The game server is a stand-in
on loopback answering the Quake III getstatus query."""
import socket
import threading


class StandInServer:
    """Answers getstatus on 127.0.0.1 as an OpenArena server with one bot would."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                data, peer = self.socket.recvfrom(2048)
            except socket.timeout:
                continue
            if data.startswith(b"\xff\xff\xff\xffgetstatus"):
                self.socket.sendto(
                    b"\xff\xff\xff\xffstatusResponse\n\\sv_hostname\\^1LAN^7-party test\\mapname\\oa_dm1"
                    b"\\g_gametype\\0\\sv_maxclients\\8\\gamename\\baseoa\n7 0 \"^3Sarge\"\n", peer)

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


def test_a_server_added_in_the_view_is_polled_shown_live_and_stopped(cluster, pages):
    alice = cluster.add("alice")
    server = StandInServer()
    try:
        a = pages(alice)
        a.go("#/stats?tab=servers")
        a.wait_for("[data-testid='servers-empty']")
        a.wait_for("[data-testid='server-address']")[0].send_keys(f"127.0.0.1:{server.port}")
        a.wait_for("[data-testid='server-add']")[0].click()
        card = a.wait_for("[data-testid='server-row']", timeout=10,
                          where=lambda e: e.get_attribute("data-answering") == "true")[0]
        assert "LAN-party test" in card.text and "oa_dm1" in card.text and "Sarge" in card.text
        assert [s["address"] for s in alice.json("stats", "servers")] == [f"127.0.0.1:{server.port}"]
        # A scan from a node that listens on loopback only finds no LAN to scan, and says so.
        a.wait_for("[data-testid='server-scan']")[0].click()
        a.wait_for("[data-testid='server-note']", where=lambda e: "nothing to scan" in e.text)
        a.wait_for("[data-testid='server-remove']")[0].click()
        a.wait_for("[data-testid='servers-empty']")
        a.wait_until(lambda: alice.json("stats", "servers") == [], what="the node no longer polling it")
        # Chromium logs every answer that is not a success (the refused scan, no #general yet); only
        # script errors count.
        assert not [e for e in a.console_errors() if "Failed to load resource" not in e]
    finally:
        server.close()
