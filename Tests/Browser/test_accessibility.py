"""axe-core (the script axe-selenium-python ships) on every view, light and dark: no serious or
critical violation; a screenshot of each view in each theme is kept as a test artifact."""
import pathlib

import pytest
from axe_selenium_python import Axe

LOGS = pathlib.Path(__file__).resolve().parents[1] / "HearthStatsEngineTests" / "Logs"

VIEWS = [
    ("chat", "#/c/general", "[data-message-id]"),
    ("thread", None, "[data-testid='thread-panel']"),
    ("dms", "#/dms", "[data-view='dms']"),
    ("people", "#/people", "[data-testid='presence-dot']"),
    ("notifications", "#/notifications", "[data-view='notifications']"),
    ("search", "#/search?q=rematch", "[data-testid='search-result']"),
    ("network", "#/network", "[data-testid='invite-qr']"),
    ("settings", "#/settings", "[data-view='settings']"),
    ("stats-live", "#/stats", "[data-testid='stats-tab-live']"),
    ("stats-boards", "#/stats?tab=boards", "[data-testid='board-row']"),
    ("stats-matches", "#/stats?tab=matches", "[data-testid='match-row']"),
    ("stats-player", "#/stats/player/Sarge", "[data-testid='trend-chart']"),
    ("stats-servers", "#/stats?tab=servers", "[data-testid='stats-tab-servers']"),
    ("dashboard", "#/dashboard", "[data-testid='node-health-row']"),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_view_has_no_serious_accessibility_violation(cluster, pages, dark):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    alice.cli("chat", "create", "general", "--topic", "frag talk")
    root = alice.cli("chat", "send", "general", "gg @bob, rematch on dm4?").strip()
    bob_sees = lambda: bob.json("chat", "channels")  # noqa: E731
    page = pages(alice, dark=dark)
    page.wait_until(bob_sees, timeout=10, what="bob holding the channel")
    bob.cli("chat", "send", "general", "yes, after pizza", "--reply-to", root)
    bob.cli("chat", "react", root, "🎯")
    bob.cli("dm", "send", "alice", "you up for a 1v1?")
    alice.cli("stats", "ingest", str(LOGS / "tdm-timelimit.log"), "--server", "127.0.0.1:27960")
    theme = "dark" if dark else "light"
    failures = []
    for name, route, ready in VIEWS:
        if route:
            page.go(route)
        else:
            row = page.message("rematch on dm4")
            page.driver.execute_script(
                "arguments[0].querySelector(\"[data-testid='action-thread']\").click()", row)
        page.wait_for(ready, timeout=10)
        page.wait_until(lambda: page.driver.execute_script("return document.readyState") == "complete")
        page.screenshot(f"{name}-{theme}")
        axe = Axe(page.driver)
        axe.inject()
        results = axe.run(options={"resultTypes": ["violations"]})
        for violation in results["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                failures.append(f"{name} ({theme}): {violation['id']} {violation['impact']}: "
                                f"{violation['help']} at {targets}")
    assert not failures, "\n".join(failures)
    assert not page.console_errors()
