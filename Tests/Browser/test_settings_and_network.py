"""Renaming the node from Settings, and the Network page's invite as a QR code a phone can read."""
import subprocess

from selenium.webdriver.common.keys import Keys


def test_a_rename_in_settings_shows_on_the_other_node(cluster, pages):
    alice, bob = cluster.add("alice"), cluster.add("bob")
    a, b = pages(alice), pages(bob)
    a.go("#/settings")
    name = a.wait_for("[data-testid='profile-name']")[0]
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("Alice the Fragger")
    a.wait_for("[data-testid='profile-save']")[0].click()
    a.wait_until(lambda: alice.json("status")["name"] == "Alice the Fragger", what="the node renamed")
    b.go("#/people")
    b.wait_for("[data-testid='person']", where=lambda e: "Alice the Fragger" in e.text, timeout=10)
    assert alice.json("status")["name"] == "Alice the Fragger"
    assert (alice.folder / "display-name").read_text().strip() == "Alice the Fragger"


def test_the_invite_qr_code_reads_back_as_the_invite(cluster, pages, tmp_path):
    alice = cluster.add("alice")
    a = pages(alice)
    a.go("#/network")
    image = a.wait_for("[data-testid='invite-qr']")[0]
    a.wait_until(lambda: a.driver.execute_script("return arguments[0].naturalWidth", image) > 0,
                 what="the QR image loading")
    picture = tmp_path / "qr.png"
    picture.write_bytes(image.screenshot_as_png)
    read = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True)
    assert read.stdout.strip() == alice.cli("invite").strip()
