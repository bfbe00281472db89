"""Real `hearth up` processes on loopback and real headless Chromium browsers signed in to them,
for the web UI's tests (README, "Tests"). Run by scripts/test:
    HEARTH_BINARY=.build/debug/hearth .venv/bin/python -m pytest Tests/Browser
Screenshots go to $HEARTH_ARTIFACTS (default .build/artifacts/screenshots).
"""
import json
import os
import pathlib
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BINARY = os.environ.get("HEARTH_BINARY", str(pathlib.Path(__file__).resolve().parents[2] / ".build/debug/hearth"))
ARTIFACTS = pathlib.Path(os.environ.get(
    "HEARTH_ARTIFACTS", pathlib.Path(__file__).resolve().parents[2] / ".build/artifacts/screenshots"))


_taken_ports = set()


def free_port():
    """A loopback port below the kernel's ephemeral range (32768–60999), free now and not given out
    before in this run: an ephemeral one could be taken by an outgoing connection before the node
    binds it."""
    while True:
        port = random.randrange(20000, 32000)
        if port in _taken_ports:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken_ports.add(port)
        return port


class Node:
    """One `hearth up` process with its own data folder and fixed ports (a restart keeps them),
    driven by the real CLI."""

    def __init__(self, root, name, network_args, peers=()):
        self.name = name
        self.folder = pathlib.Path(root) / name
        self.network_args = list(network_args)
        self.peers = list(peers)
        self.process = None
        self.output = []
        self.port = free_port()
        self.api_port = free_port()
        self.started_once = False

    @property
    def env(self):
        return dict(os.environ, HEARTH_MDNS="off", HEARTH_DATA=str(self.folder))

    def start(self, timeout=30):
        # A port checked free a moment ago can be taken by then on a busy machine: a first start
        # moves to other ports; a restart keeps its own, which its peers know.
        for attempt in range(3):
            try:
                return self._start(timeout)
            except RuntimeError as failure:
                if attempt == 2 or self.started_once or "already in use" not in str(failure):
                    raise
                self.port, self.api_port = free_port(), free_port()

    def _start(self, timeout):
        args = [BINARY, "up", "--name", self.name, "--listen", f"127.0.0.1:{self.port}",
                "--api", f"127.0.0.1:{self.api_port}", "--log-level", "warning"]
        args += self.network_args + [a for p in self.peers for a in ("--peer", p)]
        self.process = subprocess.Popen(args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready = threading.Event()

        def pump():
            for line in self.process.stdout:
                self.output.append(line.rstrip("\n"))
                if line.strip() == "ready":
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(timeout) or self.process.poll() is not None:
            raise RuntimeError(f"{self.name} did not start:\n" + "\n".join(self.output))
        self.started_once = True
        return self

    def cli(self, *args, check=True):
        done = subprocess.run([BINARY, *args], env=self.env, capture_output=True, text=True, timeout=30)
        if check and done.returncode != 0:
            raise RuntimeError(f"hearth {' '.join(args)} on {self.name}: {done.stdout}{done.stderr}")
        return done.stdout

    def json(self, *args):
        return json.loads(self.cli(*args, "--json"))

    @property
    def listen(self):
        return f"127.0.0.1:{self.port}"

    @property
    def node_id(self):
        return self.json("status")["nodeID"]

    def sign_in_url(self):
        return self.cli("ui", "--url").strip()

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.api_port}"

    def kill(self):
        """kill -9: no goodbye, no clean stop."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class Cluster:
    """Nodes of one network on loopback, each told the first one's address."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="hearth-browser-")
        self.nodes = []
        self.invite = None

    def add(self, name):
        if not self.nodes:
            node = Node(self.root, name, ["--network", "browsertest", "--passphrase", "browser test passphrase"])
            node.start()
            self.invite = node.cli("invite").strip()
        else:
            node = Node(self.root, name, ["--join", self.invite], peers=[self.nodes[0].listen]).start()
        self.nodes.append(node)
        return node

    def close(self):
        for node in self.nodes:
            node.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def make_browser(dark=False, width=1280, height=800):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}"]:
        options.add_argument(argument)
    if dark:
        options.add_argument("--force-dark-mode")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


class Page:
    """One browser signed in to one node's web UI."""

    def __init__(self, node, dark=False):
        self.node = node
        self.driver = make_browser(dark=dark)
        self.driver.get(node.sign_in_url())
        self.wait_for("[data-testid='connection'][data-state='live']", timeout=10)

    def go(self, route):
        self.driver.execute_script("location.hash = arguments[0]", route)

    def find(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css, timeout=5, where=None):
        """The elements matching `css` (and `where`, a predicate on an element), once there are some."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                found = [e for e in self.find(css) if where is None or where(e)]
            except StaleElementReferenceException:
                found = []
            if found:
                return found
            time.sleep(0.03)
        self.screenshot(f"failure-{self.node.name}-{int(time.time() * 1000)}")
        raise AssertionError(f"{self.node.name}'s page shows no {css} within {timeout} s")

    def wait_until(self, predicate, timeout=5, what="the condition"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if predicate():
                    return
            except StaleElementReferenceException:
                pass
            time.sleep(0.03)
        self.screenshot(f"failure-{self.node.name}-{int(time.time() * 1000)}")
        raise AssertionError(f"{self.node.name}'s page: {what} did not happen within {timeout} s")

    def message(self, text, timeout=5):
        """The message row whose text contains `text`."""
        return self.wait_for("[data-message-id]", timeout=timeout, where=lambda e: text in e.text)[0]

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))

    def console_errors(self):
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def close(self):
        self.driver.quit()


@pytest.fixture
def cluster():
    made = Cluster()
    yield made
    made.close()


@pytest.fixture
def pages():
    opened = []

    def open_page(node, dark=False):
        page = Page(node, dark=dark)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()
