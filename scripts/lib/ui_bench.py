"""scripts/bench ui: the web UI's size, load time, live latency between two browsers, and what an
open UI costs the node (README, "Performance"). Real `hearth up` processes (the release build) on
loopback, real headless Chromium.

Usage: python3 scripts/lib/ui_bench.py HEARTH_BINARY [--messages 100] [--loads 10] [--burst 500] [--json]
"""
import argparse
import gzip
import json
import os
import pathlib
import statistics
import sys
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))

import conftest  # noqa: E402  (the browser tests' nodes and pages)

WEB_UI = ROOT / "Sources" / "HearthAPI" / "WebUI"


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.4999)) - 1))]


def sizes():
    """Every JS and CSS file gzipped on its own (as a browser fetches them), and the raw total."""
    raw = packed = files = 0
    for path in sorted(WEB_UI.rglob("*")):
        if path.suffix in (".js", ".css") and path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, 9))
            files += 1
    html = sum(len(p.read_bytes()) for p in WEB_UI.rglob("*.html"))
    return {"files": files, "rawBytes": raw, "gzipBytes": packed, "htmlBytes": html}


class Api:
    """The control API of a node, with its bearer token."""

    def __init__(self, node):
        self.url = node.api_url
        self.token = (node.folder / "api-token").read_text().strip()

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"},
            data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")


def load_times(node, loads):
    """A fresh browser opens the UI (sign-in link, redirect, the app): first contentful paint and
    the first message list, from the start of the navigation; then reloads (files cached, 304s)."""
    cold_paint, cold_list, warm_paint, warm_list = [], [], [], []
    script = """
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const list = performance.getEntriesByName('hearth:first-messages')[0];
        return [paint ? paint.startTime : null, list ? list.startTime : null];"""
    for _ in range(loads):
        browser = conftest.make_browser()
        try:
            browser.get(node.sign_in_url() + "#/c/general")
            paint, shown = wait_marks(browser, script)
            cold_paint.append(paint)
            cold_list.append(shown)
            browser.refresh()
            paint, shown = wait_marks(browser, script)
            warm_paint.append(paint)
            warm_list.append(shown)
        finally:
            browser.quit()
    return {"coldPaintMs": cold_paint, "coldMessagesMs": cold_list, "warmPaintMs": warm_paint,
            "warmMessagesMs": warm_list}


def wait_marks(browser, script, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        paint, shown = browser.execute_script(script)
        if paint is not None and shown is not None:
            return paint, shown
        time.sleep(0.02)
    raise RuntimeError("the page never showed its message list")


OBSERVE = """
    window.__seen = {};
    const note = () => {
        for (const row of document.querySelectorAll('[data-message-id]')) {
            const text = row.textContent;
            const at = text.indexOf('uib:');
            if (at < 0) continue;
            const key = text.slice(at).split(/\\s/)[0];
            if (!(key in window.__seen)) window.__seen[key] = performance.timeOrigin + performance.now();
        }
    };
    new MutationObserver(note).observe(document.body, {childList: true, subtree: true, characterData: true});
"""

SEND = """
    const box = document.querySelector("[data-testid='composer']");
    box.focus();
    box.value = arguments[0];
    box.dispatchEvent(new Event('input', {bubbles: true}));
    const sent = performance.timeOrigin + performance.now();
    box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', bubbles: true, cancelable: true}));
    return sent;
"""


def live_latency(sender, receiver, messages):
    """Typed and sent in one browser (Enter in the message box) → shown in the other."""
    receiver.driver.execute_script(OBSERVE)
    samples = []
    for number in range(messages):
        key = f"uib:{number}"
        sent = sender.driver.execute_script(SEND, key)
        deadline = time.time() + 10
        while time.time() < deadline:
            seen = receiver.driver.execute_script("return window.__seen[arguments[0]]", key)
            if seen is not None:
                samples.append(seen - sent)
                break
            time.sleep(0.002)
        else:
            raise RuntimeError(f"message {number} was not shown in the other browser within 10 s")
    return samples


def throughput(nodes, apis, burst):
    """Both nodes post `burst` messages at once (4 requests in flight each); the clock stops when
    every node holds them all."""
    expected = [api.call("GET", "/v1/status")["opsStored"] + 2 * burst for api in apis]
    start = time.time()

    def post(api, lane, node_index):
        for number in range(lane, burst, 4):
            api.call("POST", "/v1/chat/channels/general/messages", {"text": f"tp {node_index} {number}"})

    threads = [threading.Thread(target=post, args=(api, lane, index))
               for index, api in enumerate(apis) for lane in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    while any(api.call("GET", "/v1/status")["opsStored"] < want for api, want in zip(apis, expected)):
        time.sleep(0.01)
    seconds = time.time() - start
    return 2 * burst / seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    conftest.BINARY = options.binary

    result = {"size": sizes()}
    cluster = conftest.Cluster()
    pages = []
    try:
        alice, bob = cluster.add("alice"), cluster.add("bob")
        apis = [Api(alice), Api(bob)]
        apis[0].call("POST", "/v1/chat/channels", {"name": "general"})
        for number in range(200):
            apis[number % 2].call("POST", "/v1/chat/channels/general/messages", {"text": f"history {number}"})
        print("… load times", file=sys.stderr)
        result["load"] = load_times(alice, options.loads)
        print("… throughput, no browser open", file=sys.stderr)
        closed = statistics.median(throughput([alice, bob], apis, options.burst) for _ in range(3))
        pages = [conftest.Page(alice), conftest.Page(bob)]
        for page in pages:
            page.go("#/c/general")
            page.wait_for("[data-message-id]")
        print("… live latency between two browsers", file=sys.stderr)
        result["latencyMs"] = live_latency(pages[0], pages[1], options.messages)
        print("… throughput, both UIs open on #general", file=sys.stderr)
        opened = statistics.median(throughput([alice, bob], apis, options.burst) for _ in range(3))
        result["throughput"] = {"closedPerSecond": closed, "openPerSecond": opened, "ratio": opened / closed}
    finally:
        for page in pages:
            page.close()
        cluster.close()

    if options.json:
        print(json.dumps(result))
        return
    size, load, latency, rate = result["size"], result["load"], result["latencyMs"], result["throughput"]
    print(f"web UI: {size['files']} JS and CSS files, {size['rawBytes'] / 1024:.1f} KB, "
          f"{size['gzipBytes'] / 1024:.1f} KB gzipped (goal ≤ 150 KB); index.html {size['htmlBytes']} B")
    for name, key in (("first paint", "PaintMs"), ("first message list", "MessagesMs")):
        cold, warm = load["cold" + key], load["warm" + key]
        print(f"{name}: new browser p50 {statistics.median(cold):.0f} ms (max {max(cold):.0f}), "
              f"reload p50 {statistics.median(warm):.0f} ms (max {max(warm):.0f}) (goal ≤ 300 ms)")
    print(f"sent in one browser → shown in the other: p50 {percentile(latency, 0.5):.1f} ms, "
          f"p99 {percentile(latency, 0.99):.1f} ms ({len(latency)} messages)")
    print(f"chat throughput, 2 nodes: {rate['closedPerSecond']:.0f} msg/s without the UI, "
          f"{rate['openPerSecond']:.0f} msg/s with both UIs open: {rate['ratio'] * 100:.1f} % (goal ≥ 98 %)")


if __name__ == "__main__":
    main()
