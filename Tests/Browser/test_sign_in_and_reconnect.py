"""Signing in, what a foreign page is refused, and a page that rides out its node's restart."""
import json
import urllib.error
import urllib.request

from conftest import make_browser


def request(url, method="GET", headers=None, body=None):
    """Status and body of a plain HTTP request (errors included)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers or {},
                                                           data=body), timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_sign_in_link_works_once_and_foreign_pages_are_refused(cluster, pages):
    alice = cluster.add("alice")
    link = alice.sign_in_url()
    first = make_browser()
    second = make_browser()
    try:
        first.get(link)
        assert "code=" not in first.current_url, "the code leaves the address bar"
        second.get(link)
        assert "not valid" in second.page_source, "a second use is refused"
        second.get(alice.api_url + "/ui/sign-in?code=WRONGCODE")
        assert "not valid" in second.page_source
        cookies = {c["name"]: c["value"] for c in first.get_cookies()}
        cookie = next(f"{name}={value}" for name, value in cookies.items() if name.startswith("hearth-"))
        assert not any(c.get("httpOnly") is False for c in first.get_cookies() if c["name"].startswith("hearth-"))
    finally:
        first.quit()
        second.quit()
    api = alice.api_url
    body = json.dumps({"name": "general"}).encode()
    status, _ = request(api + "/v1/chat/channels", "POST", {"Cookie": cookie, "Origin": "http://evil.example",
                                                            "Content-Type": "application/json"}, body)
    assert status == 403
    status, _ = request(api + "/v1/chat/channels", "POST", {"Cookie": cookie, "Origin": api,
                                                            "Content-Type": "application/json"}, body)
    assert status == 201
    token = (alice.folder / "api-token").read_text().strip()
    status, text = request(api + "/v1/status?token=" + token)
    assert status == 401 and token not in text, "the token is never taken from a URL"


def test_the_page_reconnects_after_its_node_restarts_and_shows_what_it_missed(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    alice.cli("chat", "create", "general")
    a = pages(alice)
    a.go("#/c/general")
    a.wait_for("[data-testid='composer']")
    alice.stop()
    a.wait_for("[data-testid='connection']", where=lambda e: e.get_attribute("data-state") != "live", timeout=10)
    bob.cli("chat", "send", "general", "said while alice's node was down")
    alice.start()
    a.wait_for("[data-testid='connection'][data-state='live']", timeout=20)
    a.message("said while alice's node was down", timeout=15)
    bob.cli("chat", "send", "general", "and after")
    a.message("and after")
