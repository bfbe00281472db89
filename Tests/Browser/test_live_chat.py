"""Two browsers on two nodes: what one does, the other sees live."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def type_and_send(page, text, box="[data-testid='composer']"):
    composer = page.wait_for(box)[0]
    composer.click()
    composer.send_keys(text)
    composer.send_keys(Keys.ENTER)


def act(page, row, action):
    """Clicks a message's action (they show on hover)."""
    ActionChains(page.driver).move_to_element(row).perform()
    button = row.find_element(By.CSS_SELECTOR, f"[data-testid='action-{action}']")
    page.driver.execute_script("arguments[0].click()", button)


def test_messages_threads_reactions_edits_and_deletes_are_live(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    alice.cli("chat", "create", "general", "--topic", "frag talk")
    a, b = pages(alice), pages(bob)
    for page in (a, b):
        page.go("#/c/general")
        page.wait_for("[data-testid='chat-title']", where=lambda e: "general" in e.text)

    type_and_send(a, "gg, rematch on dm4?")
    row = b.message("gg, rematch on dm4?")
    assert "alice" in row.text

    # A thread reply from bob, seen in alice's thread panel and as a reply count.
    act(b, row, "thread")
    b.wait_for("[data-testid='thread-panel']")
    type_and_send(b, "yes, after pizza", box="[data-testid='thread-composer']")
    a.wait_for("[data-testid='thread-link']", where=lambda e: "1" in e.text)
    act(a, a.message("gg, rematch on dm4?"), "thread")
    a.wait_for("[data-testid='thread-panel']", where=lambda e: "yes, after pizza" in e.text)

    # A reaction from bob, counted on alice's page.
    act(b, b.message("gg, rematch on dm4?"), "react")
    b.wait_for("[data-testid='emoji-option']")[0].click()
    a.wait_for("[data-message-id] [data-testid='reaction']", where=lambda e: "1" in e.text)

    # alice edits her message (Up in the empty message box), then deletes it.
    a.go("#/c/general")
    composer = a.wait_for("[data-testid='composer']")[0]
    composer.click()
    composer.send_keys(Keys.ARROW_UP)
    edit = a.wait_for("[data-testid='edit-box']")[0]
    edit.send_keys(Keys.CONTROL, "a")
    edit.send_keys("gg, rematch on dm6?", Keys.ENTER)
    b.wait_for("[data-message-id]", where=lambda e: "dm6" in e.text and "(edited)" in e.text)
    act(a, a.message("dm6"), "delete")
    a.wait_for("[data-testid='confirm-delete'] [data-testid='confirm']")[0].click()
    b.wait_for("[data-testid='deleted-placeholder']")
    b.wait_until(lambda: not any("dm6" in e.text for e in b.find("[data-message-id]")), what="the text went")
    assert not a.console_errors() and not b.console_errors()


def test_a_direct_message_is_seen_only_by_its_recipient(cluster, pages):
    alice, bob, carol = cluster.add("alice"), cluster.add("bob"), cluster.add("carol")
    a, b, c = pages(alice), pages(bob), pages(carol)
    a.wait_until(lambda: len(alice.json("presence")) == 3, timeout=10, what="all three online")
    a.wait_for("[data-testid='new-dm-button']")[0].click()
    dialog = a.wait_for("[data-testid='new-dm-dialog']")[0]
    a.wait_for("[data-testid='dm-filter']")[0].send_keys("bob")
    member = a.wait_for("[data-testid='dm-member']")[0]
    a.driver.execute_script("arguments[0].click()", member)
    dialog.find_element(By.CSS_SELECTOR, "[data-testid='dm-start']").click()
    type_and_send(a, "you up for a 1v1?")
    b.wait_until(lambda: bob.json("dm", "list"), timeout=10, what="bob holding the conversation")
    conversation = bob.json("dm", "list")[0]["id"]
    b.wait_for(f"[data-testid='conv-{conversation}']", timeout=10)
    b.go(f"#/c/{conversation}")
    b.message("you up for a 1v1?")
    # carol relays it but shows nothing of it, and her search cannot find it.
    c.wait_until(lambda: carol.json("status")["opsStored"] >= alice.json("status")["opsStored"], timeout=10,
                 what="carol holding alice's changes")
    assert not c.find(f"[data-testid='conv-{conversation}']")
    c.go("#/search?q=1v1")
    c.wait_for("[data-testid='search-summary']")
    assert not c.find("[data-testid='search-result']")
