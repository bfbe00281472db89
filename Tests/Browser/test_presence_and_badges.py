"""Typing, presence dots and unread badges, live in the browser."""
from selenium.webdriver.common.keys import Keys


def dot_status(page, node_id):
    dots = page.find(f"[data-testid='presence-dot'][data-node-id='{node_id}']")
    return dots[0].get_attribute("data-status") if dots else None


def test_typing_shows_in_the_other_browser_and_clears(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    alice.cli("chat", "create", "general")
    a, b = pages(alice), pages(bob)
    for page in (a, b):
        page.go("#/c/general")
        page.wait_for("[data-testid='composer']")
    composer = a.wait_for("[data-testid='composer']")[0]
    composer.click()
    composer.send_keys("rocket jum")
    b.wait_for("[data-testid='typing']", where=lambda e: "alice is typing" in e.text)
    composer.send_keys("p", Keys.ENTER)
    b.message("rocket jump")
    b.wait_until(lambda: all("typing" not in line.text for line in b.find("[data-testid='typing']")),
                 what="the typing line cleared")


def test_a_killed_node_turns_offline_within_two_seconds_and_back_online(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    bob_id = bob.node_id
    a = pages(alice)
    a.go("#/people")
    a.wait_until(lambda: dot_status(a, bob_id) == "online", timeout=10, what="bob shown online")
    bob.kill()
    a.wait_until(lambda: dot_status(a, bob_id) == "offline", timeout=2.5, what="bob shown offline")
    bob.start()
    a.wait_until(lambda: dot_status(a, bob_id) == "online", timeout=10, what="bob shown online again")


def test_a_mention_raises_the_badge_and_the_title_count_and_reading_clears_them(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    alice.cli("chat", "create", "general")
    alice.cli("chat", "create", "random")
    a = pages(alice)
    a.go("#/c/general")
    a.wait_for("[data-testid='composer']")
    a.wait_until(lambda: bob.json("chat", "channels") and len(bob.json("chat", "channels")) == 2, timeout=10,
                 what="bob holding both channels")
    bob.cli("chat", "send", "random", "@alice rematch?")
    def badge_counts_the_mention():
        # Found afresh each time: the sidebar re-renders as events arrive.
        badges = a.find("[data-testid='badge-random']")
        return bool(badges) and badges[0].get_attribute("data-mentions") == "1"

    a.wait_until(badge_counts_the_mention, what="the badge counting the mention")
    a.wait_until(lambda: a.driver.title.startswith("(1)"), what="the title counting the mention")
    a.go("#/c/random")
    a.message("rematch?")
    composer = a.wait_for("[data-testid='composer']")[0]
    composer.send_keys(Keys.ESCAPE)  # Esc marks the channel read
    def badge_cleared():
        badges = a.find("[data-testid='badge-random']")
        return not badges or badges[0].get_attribute("data-mentions") == "0"

    a.wait_until(badge_cleared, what="the badge cleared")
    a.wait_until(lambda: not a.driver.title.startswith("("), what="the title count cleared")
    assert alice.cli("chat", "unread").strip().startswith("nothing unread")
