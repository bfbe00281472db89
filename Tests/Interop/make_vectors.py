"""Computes Protocol/vectors/*.json with implementations independent of Hearth's Swift code:
argon2-cffi and hashlib for the network key, `noiseprotocol` for the handshake transcript,
`cryptography` for Ed25519, PyNaCl (libsodium) for the sealed direct messages.
Run: .venv/bin/python Tests/Interop/make_vectors.py
"""
import base64
import hashlib
import json
import pathlib
import unicodedata

import nacl.bindings
import nacl.exceptions
import nacl.signing
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
from noise.connection import Keypair, NoiseConnection

OUT = pathlib.Path(__file__).resolve().parents[2] / "Protocol" / "vectors"
RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def network_key(name, passphrase):
    salt = hashlib.blake2b(("hearth/network/" + name).encode(), digest_size=16).digest()
    # libsodium crypto_pwhash with OPSLIMIT_INTERACTIVE (2), MEMLIMIT_INTERACTIVE (64 MiB), Argon2id 1.3, 1 lane
    return hash_secret_raw(passphrase.encode(), salt, time_cost=2, memory_cost=65536, parallelism=1,
                           hash_len=32, type=Type.ID, version=19)


def curve_secret(seed):
    """The X25519 secret libsodium derives from an Ed25519 seed (crypto_sign_ed25519_sk_to_curve25519)."""
    scalar = bytearray(hashlib.sha512(seed).digest()[:32])
    scalar[0] &= 248
    scalar[31] &= 127
    scalar[31] |= 64
    return bytes(scalar)


def main():
    key = network_key("lanparty", "correct horse battery staple")
    tag = hashlib.blake2b(b"hearth/network-tag", digest_size=16, key=key).digest()[:8]
    spellings = ["correct horse battery staple\r\n", "  correct horse battery staple\t", "correct horse battery staple"]
    assert all(network_key("lanparty", unicodedata.normalize("NFC", text.strip())) == key for text in spellings)
    accented = network_key("lanparty", unicodedata.normalize("NFC", "p\u00e2t\u00e9 chaud"))
    (OUT / "network-key.json").write_text(json.dumps({
        "network": "lanparty", "passphrase": "correct horse battery staple",
        "key": key.hex(), "tag": tag.hex(), "sameKeySpellings": spellings,
        "accentedComposed": "p\u00e2t\u00e9 chaud", "accentedDecomposed": "pa\u0302te\u0301 chaud\n",
        "accentedKey": accented.hex()}, indent=2) + "\n")

    init_seed, resp_seed = bytes(range(32)), bytes(range(32, 64))
    init_eph, resp_eph = bytes([0x11] * 32), bytes([0x22] * 32)

    def handshake():
        sides = {}
        for role, seed, eph in (("initiator", init_seed, init_eph), ("responder", resp_seed, resp_eph)):
            conn = NoiseConnection.from_name(b"Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b")
            conn.set_as_initiator() if role == "initiator" else conn.set_as_responder()
            conn.set_prologue(b"hearth/1")
            conn.set_psks(psk=key)
            conn.set_keypair_from_private_bytes(Keypair.STATIC, curve_secret(seed))
            conn.set_keypair_from_private_bytes(Keypair.EPHEMERAL, eph)
            conn.start_handshake()
            sides[role] = conn
        i, r = sides["initiator"], sides["responder"]
        m1 = i.write_message(b"")
        r.read_message(m1)
        m2 = r.write_message(b"")
        i.read_message(m2)
        m3 = i.write_message(b"")
        r.read_message(m3)
        return i, r, (m1, m2, m3)

    i, r, (m1, m2, m3) = handshake()
    t1 = i.encrypt(b"hello from the initiator")
    t2 = r.encrypt(b"hello from the responder")
    # The same handshake again (fixed keys give the same session), where the initiator's first
    # transport message is what a real node sends first: its Hello, as one record in one frame.
    hello_i, _, _ = handshake()
    init_id = Ed25519PrivateKey.from_private_bytes(init_seed).public_key().public_bytes_raw()
    hello = (varint_field(1, 3) + varint_field(2, 3) + length_delimited(3, init_id)
             + length_delimited(4, "alice".encode()) + varint_field(5, 7070)
             + length_delimited(6, b"hearth/0.2.0") + varint_field(7, 3) + varint_field(8, 12))
    envelope = length_delimited(1, hello)
    record = len(envelope).to_bytes(4, "big") + envelope
    hello_ciphertext = hello_i.encrypt(record)
    hello_frame = len(hello_ciphertext).to_bytes(2, "big") + hello_ciphertext
    (OUT / "handshake.json").write_text(json.dumps({
        "protocol": "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b", "prologue": b"hearth/1".hex(), "psk": key.hex(),
        "initiatorEd25519Seed": init_seed.hex(), "responderEd25519Seed": resp_seed.hex(),
        "initiatorEphemeral": init_eph.hex(), "responderEphemeral": resp_eph.hex(),
        "message1": m1.hex(), "message2": m2.hex(), "message3": m3.hex(),
        "handshakeHash": i.get_handshake_hash().hex(),
        "transport1Plaintext": b"hello from the initiator".hex(), "transport1": t1.hex(),
        "transport2Plaintext": b"hello from the responder".hex(), "transport2": t2.hex(),
        "helloNote": "the initiator's first transport message of a fresh session with the same keys: an "
                     "Envelope{hello} record (4-byte length, then the Envelope) in one frame",
        "helloFields": "protocol_version 3, min_protocol_version 3, node_id the initiator's Ed25519 public key, "
                       "display_name alice, listen_port 7070, agent hearth/0.2.0, links 3, max_links 12",
        "helloEnvelope": envelope.hex(), "helloFrame": hello_frame.hex()}, indent=2) + "\n")

    (OUT / "changes.json").write_text(json.dumps(change_vectors(), indent=2) + "\n")
    (OUT / "objects.json").write_text(json.dumps(object_vectors(), indent=2) + "\n")
    (OUT / "presence.json").write_text(json.dumps(presence_vector(), indent=2) + "\n")
    (OUT / "dm.json").write_text(json.dumps(dm_vector(), indent=2) + "\n")


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, wire_type, payload):
    return varint(number << 3 | wire_type) + payload


def varint_field(number, value):
    return field(number, 0, varint(value))


def length_delimited(number, data):
    return field(number, 2, varint(len(data)) + data)


def base32(data):
    return base64.b32encode(data).decode().rstrip("=").lower()


def object_id(derivation, kind, name):
    """objects.md: BLAKE2b-128 of "hearth/object/<derivation>/" || kind || 0x00 || name."""
    return hashlib.blake2b(b"hearth/object/" + derivation + b"/" + kind + b"\0" + name, digest_size=16).digest()


def op(object_bytes, kind, body, payload=None):
    """hearth.proto Op: object = 1, kind = 2, body = 3, payload_hash = 4."""
    out = length_delimited(1, object_bytes) + length_delimited(2, kind) + length_delimited(3, body)
    if payload is not None:
        out += length_delimited(4, hashlib.blake2b(payload, digest_size=32).digest())
    return out


def signed_change_body(ids, key, name, seq, hlc, ops, deps, hashes):
    """hearth.proto ChangeBody (author 1, seq 2, hlc 3, deps 4, ops 5, prev 6), its signature over
    "hearth/change/2" || 0x00 || body, and the change hash (BLAKE2b-256 of body || signature),
    recorded in `hashes` under (name, seq) for the author's next change."""
    body = length_delimited(1, ids[name]) + field(2, 0, varint(seq)) + field(3, 0, varint(hlc))
    for dep_author, dep_seq in deps:
        body += length_delimited(4, length_delimited(1, ids[dep_author]) + field(2, 0, varint(dep_seq)))
    for encoded in ops:
        body += length_delimited(5, encoded)
    if seq > 1:
        body += length_delimited(6, hashes[(name, seq - 1)])
    signature = key.sign(b"hearth/change/2\x00" + body)
    hashes[(name, seq)] = hashlib.blake2b(body + signature, digest_size=32).digest()
    return body, signature


def change_vectors():
    """Three changes of two authors on the chat app, as a node receives them: a seq-1 channel
    creation, a post with a dep and a payload, and a reply whose payload was redacted."""
    alice = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
    bob = Ed25519PrivateKey.from_private_bytes(bytes(range(132, 164)))
    ids = {name: key.public_key().public_bytes(*RAW) for name, key in (("alice", alice), ("bob", bob))}
    general = object_id(b"named", b"chat.channel", b"general")
    text = "gg, rematch on dm4? \u2694".encode()
    reply = "only the author saw this".encode()
    hashes = {}
    cases = []

    def change(name, key, seq, hlc, ops, deps=(), payloads=(), send_payloads=True, note=""):
        author = ids[name]
        body, signature = signed_change_body(ids, key, name, seq, hlc, ops, deps, hashes)
        signed = length_delimited(1, body) + length_delimited(2, signature)
        if send_payloads:
            for index, data in payloads:
                op_index = field(1, 0, varint(index)) if index else b""  # proto3 omits a zero
                signed += length_delimited(3, op_index + length_delimited(2, data))
        cases.append({
            "note": note, "author": author.hex(), "authorBase32": base32(author), "seq": str(seq), "hlc": str(hlc),
            "body": body.hex(), "signature": signature.hex(), "changeHash": hashes[(name, seq)].hex(),
            "signedChange": signed.hex()})

    change("alice", alice, 1, 117659035782742016, [op(general, b"chat.channel", length_delimited(1, length_delimited(1, b"general")))],
           note="seq 1 (no prev): alice creates #general; object = named id of ('chat.channel', 'general')")
    change("bob", bob, 1, 117659035782807552, [op(general, b"chat.channel", length_delimited(3, b""), text)],
           deps=[("alice", 1)], payloads=[(0, text)],
           note="bob posts in #general, depending on alice's creation; the text travels as op 0's payload")
    reply_to = length_delimited(1, ids["bob"]) + field(2, 0, varint(1))
    change("alice", alice, 2, 117659035782873088,
           [op(general, b"chat.channel", length_delimited(3, length_delimited(1, reply_to)), reply)],
           deps=[("bob", 1)], payloads=[(0, reply)], send_payloads=False,
           note="alice replies to bob's message; its payload was redacted, so the change travels without it and still verifies")
    return {
        "signingDomain": "hearth/change/2", "objectGeneral": general.hex(),
        "aliceEd25519Seed": bytes(range(100, 132)).hex(), "bobEd25519Seed": bytes(range(132, 164)).hex(),
        "changes": cases,
        "expectedMessages": [
            {"id": base32(ids["bob"])[:12] + "-1", "text": text.decode(), "replyTo": None},
            {"id": base32(ids["alice"])[:12] + "-2", "text": "", "replyTo": base32(ids["bob"])[:12] + "-1"},
        ]}


def seal(message, recipient, ephemeral_secret):
    """libsodium crypto_box_seal with a given ephemeral secret instead of a drawn one, so the output
    is fixed: ephemeral public key || crypto_box_easy(message, nonce, recipient, ephemeral secret),
    the nonce being BLAKE2b-192 (unkeyed) of ephemeral public key || recipient public key."""
    ephemeral_public = nacl.bindings.crypto_scalarmult_base(ephemeral_secret)
    nonce = hashlib.blake2b(ephemeral_public + recipient, digest_size=24).digest()
    return ephemeral_public + nacl.bindings.crypto_box(message, nonce, recipient, ephemeral_secret)


def dm_vector():
    """apps/chat.md, `chat.dm`: changes of sealed direct messages as a node receives them, in two
    conversations ({alice, bob} and {alice, bob, dave}; carol is in neither), with every key, nonce
    and ephemeral key fixed, and what bob's, dave's and carol's nodes show once they hold them all."""
    seeds = {"alice": bytes(range(164, 196)), "bob": bytes(range(196, 228)),
             "carol": bytes(i % 256 for i in range(228, 260)), "dave": bytes(i % 256 for i in range(260, 292))}
    keys = {name: Ed25519PrivateKey.from_private_bytes(seed) for name, seed in seeds.items()}
    ids = {name: key.public_key().public_bytes(*RAW) for name, key in keys.items()}
    curve = {}  # name -> (X25519 public, X25519 secret), as libsodium derives them from the Ed25519 key
    for name, seed in seeds.items():
        public, secret = nacl.bindings.crypto_sign_seed_keypair(seed)
        assert public == ids[name]
        curve[name] = (nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(public),
                       nacl.bindings.crypto_sign_ed25519_sk_to_curve25519(secret))
        assert curve[name][1] == curve_secret(seed)
        assert nacl.bindings.crypto_scalarmult_base(curve[name][1]) == curve[name][0]

    def message_id(name, seq):
        return base32(ids[name])[:12] + "-" + str(seq)

    conversations = {}
    for label, names in (("direct", ("alice", "bob")), ("group", ("alice", "bob", "dave"))):
        members = sorted(names, key=ids.get)
        name = "".join(ids[member].hex() for member in members)
        object_bytes = object_id(b"named", b"chat.dm", name.encode())
        conversations[label] = {"members": members, "object": object_bytes, "name": name}

    def op_ref(name, seq, index=0):
        """chat.proto OpRef: author = 1, seq = 2, index = 3 (omitted when 0)."""
        return length_delimited(1, ids[name]) + varint_field(2, seq) + (varint_field(3, index) if index else b"")

    kinds = {"post": 1, "edit": 2, "delete": 3, "react": 4}  # DirectKind
    actions = {"post": 3, "edit": 4, "delete": 5, "react": 6}  # ChannelOp oneof field numbers
    base_hlc = 117659035782742016
    hashes, cases, heads = {}, [], {}

    def send(name, label, kind, action, text="", redacts=None, reply_to=None, deps=(), note=""):
        """One change of `name` holding one chat.dm op; op n (from 1) of the vector uses content key
        0xn1 * 32, nonce 0xn2 * 24, and for the member at position m the ephemeral secret 0xn(3+m) * 32."""
        number = len(cases) + 1
        seq = heads[name] = heads.get(name, 0) + 1
        hlc = base_hlc + number * 65536
        conversation = conversations[label]
        members, object_bytes = conversation["members"], conversation["object"]
        content_key, nonce = bytes([0x10 * number + 1]) * 32, bytes([0x10 * number + 2]) * 24
        # DirectContent: op = 1 (a ChannelOp whose oneof field is the action), text = 2 (omitted when empty).
        content = length_delimited(1, length_delimited(actions[kind], action))
        if text:
            content += length_delimited(2, text.encode())
        associated = b"hearth/dm/1\x00" + object_bytes + ids[name]
        payload = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(content, associated, nonce, content_key)
        commitment = hashlib.blake2b(b"hearth/dm-key/1\x00" + content_key, digest_size=32).digest()
        assert commitment == nacl.bindings.crypto_generichash_blake2b_salt_personal(
            b"hearth/dm-key/1\x00" + content_key, digest_size=32)
        opened = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(payload, associated, nonce, content_key)
        assert opened == content
        sealed, seals = [], []
        for position, member in enumerate(members):
            ephemeral = bytes([0x10 * number + 3 + position]) * 32
            sealed_key = seal(content_key, curve[member][0], ephemeral)
            assert len(sealed_key) == 80
            assert nacl.bindings.crypto_box_seal_open(sealed_key, *curve[member]) == content_key
            sealed.append(sealed_key)
            seals.append({"member": member, "ephemeralSecret": ephemeral.hex(), "sealedKey": sealed_key.hex()})
        for outsider in set(curve) - set(members):
            for sealed_key in sealed:
                try:
                    nacl.bindings.crypto_box_seal_open(sealed_key, *curve[outsider])
                    raise AssertionError(outsider + " opened a key not sealed to it")
                except nacl.exceptions.CryptoError:
                    pass
        # DirectOp: members 1, sealed_keys 2, nonce 3, kind 4, redacts 5, key_commitment 6, reply_to 7.
        direct = b"".join(length_delimited(1, ids[member]) for member in members)
        direct += b"".join(length_delimited(2, sealed_key) for sealed_key in sealed)
        direct += length_delimited(3, nonce) + varint_field(4, kinds[kind])
        if redacts:
            direct += length_delimited(5, op_ref(*redacts))
        direct += length_delimited(6, commitment)
        if reply_to:
            direct += length_delimited(7, op_ref(*reply_to))
        body, signature = signed_change_body(ids, keys[name], name, seq, hlc,
                                             [op(object_bytes, b"chat.dm", direct, payload)], deps, hashes)
        nacl.signing.VerifyKey(ids[name]).verify(b"hearth/change/2\x00" + body, signature)
        signed = length_delimited(1, body) + length_delimited(2, signature)
        cases.append({
            "note": note, "author": ids[name].hex(), "authorBase32": base32(ids[name]), "seq": str(seq),
            "hlc": str(hlc), "body": body.hex(), "signature": signature.hex(), "changeHash": hashes[(name, seq)].hex(),
            "signedChange": (signed + length_delimited(3, length_delimited(2, payload))).hex(),
            "signedChangeWithoutPayload": signed.hex(),
            "message": message_id(name, seq), "conversation": label, "kind": kind,
            "directOp": direct.hex(), "contentKey": content_key.hex(), "nonce": nonce.hex(),
            "keyCommitment": commitment.hex(), "associatedData": associated.hex(), "content": content.hex(),
            "text": text, "payload": payload.hex(), "sealedKeys": seals})

    first = "you up for a 1v1? \U0001f3af"
    edited = "you up for a 1v1 on dm6? \U0001f3af"
    group_post = "2v2 on q3dm17 tonight, who's in?"
    reply = "me, if dave brings the snacks"
    send("alice", "direct", "post", b"", first,
         note="alice's first message to bob: a POST in {alice, bob}, seq 1, no deps")
    send("alice", "direct", "edit", length_delimited(1, op_ref("alice", 1)), edited, redacts=("alice", 1),
         note="alice edits it: an EDIT whose content targets alice-1 and whose visible redacts is (alice, 1, 0); "
              "no deps (her own change is implied by prev), and every node drops alice-1's payload")
    send("bob", "group", "post", b"", group_post,
         note="bob's first message to {alice, bob, dave}: a POST sealed to three members")
    send("alice", "group", "post", b"", reply, reply_to=("bob", 1), deps=[("bob", 1)],
         note="alice replies to bob's group message: the visible reply_to names bob-1 (the content's Post leaves it "
              "unset) and the change depends on bob's")
    send("alice", "group", "delete", length_delimited(1, op_ref("alice", 3)), redacts=("alice", 3),
         note="alice deletes her reply: a DELETE (content without text) whose redacts is the version shown, "
              "(alice, 3, 0); every node drops alice-3's payload")
    send("bob", "direct", "react", length_delimited(1, op_ref("alice", 1)) + length_delimited(2, "\U0001f525".encode())
         + varint_field(3, 1), deps=[("alice", 1)],
         note="bob reacts to alice-1 with a fire emoji: a REACT (the emoji is in the content only), depending on "
              "alice's change")

    def shown(case_number, text, edited_by=None, deleted=False, reply_to=None, replies=0, reactions=()):
        case = cases[case_number - 1]
        return {"id": case["message"], "author": case["authorBase32"], "text": text, "hlc": case["hlc"],
                "editedHlc": cases[edited_by - 1]["hlc"] if edited_by else None, "deleted": deleted,
                "replyTo": reply_to, "replies": replies,
                "reactions": [{"emoji": emoji, "members": [base32(ids[member]) for member in who]}
                              for emoji, who in reactions]}

    messages = {"direct": [shown(1, edited, edited_by=2, reactions=[("\U0001f525", ["bob"])])],
                "group": [shown(3, group_post, replies=1), shown(4, "", deleted=True, reply_to=message_id("bob", 1))]}

    def view(node):
        """The conversations `node` is a member of, by id: its other members (base32) and the messages."""
        return {"@" + conversation["object"].hex(): {
            "members": [base32(ids[member]) for member in conversation["members"] if member != node],
            "messages": messages[label]} for label, conversation in conversations.items()
            if node in conversation["members"]}

    return {
        "description": "Sealed direct messages (apps/chat.md, \"chat.dm\"): six changes as a node receives them, each "
                       "with one chat.dm op. Every content key, nonce and crypto_box_seal ephemeral key is fixed, so "
                       "the bytes are reproducible: a sealed key is the ephemeral public key, then crypto_box_easy of "
                       "the content key with nonce BLAKE2b-192(ephemeral public key || member's X25519 public key). "
                       "signedChange carries the op's payload (the ciphertext); signedChangeWithoutPayload is the same "
                       "change without it (as a node that joins after an edit or delete receives alice-1 and alice-3); "
                       "both end in the expected state.",
        "signingDomain": "hearth/change/2", "kind": "chat.dm",
        "associatedDataPrefix": b"hearth/dm/1\x00".hex(), "keyCommitmentPrefix": b"hearth/dm-key/1\x00".hex(),
        "nodes": {name: {"ed25519Seed": seeds[name].hex(), "id": ids[name].hex(), "idBase32": base32(ids[name]),
                         "x25519Public": curve[name][0].hex(), "x25519Secret": curve[name][1].hex()}
                  for name in ("alice", "bob", "carol", "dave")},
        "conversations": {label: {"members": [ids[member].hex() for member in conversation["members"]],
                                  "memberNames": conversation["members"], "objectName": conversation["name"],
                                  "object": conversation["object"].hex(),
                                  "id": "@" + conversation["object"].hex()}
                          for label, conversation in conversations.items()},
        "changes": cases,
        "expected": {
            "note": "nodes: what each node's API shows once it holds every change (any order of delivery that "
                    "respects deps and prev): its conversations by id ('@' and the object id in hex), each with its "
                    "other members (base32, in byte order) and its messages oldest first; carol, in no "
                    "conversation, shows nothing",
            "nodes": {node: view(node) for node in ("bob", "dave", "carol")},
            "payloadsRedacted": [message_id("alice", 1), message_id("alice", 3)],
            "payloadsRedactedNote": "every node, carol too, holds no payload for these ops (replaced by alice-2, "
                                    "deleted by alice-4) and keeps the other four ciphertexts",
        }}


def crdt_bytes(data):
    """crdt-encoding.md: varint length, then the bytes (strings are their UTF-8)."""
    return varint(len(data)) + data


def crdt_op_id(replica, counter):
    return crdt_bytes(replica) + varint(counter)


def crdt_optional(encoded):
    return b"\x00" if encoded is None else b"\x01" + encoded


def object_vectors():
    """apps/crdt.md: one object of each CRDT kind, created and updated by alice, and for the text a
    second author's insert that names alice's characters (with a dep on her change); then three
    changes of alice's whose ops every node refuses."""
    alice = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
    bob = Ed25519PrivateKey.from_private_bytes(bytes(range(132, 164)))
    keys = {"alice": alice, "bob": bob}
    ids = {name: key.public_key().public_bytes(*RAW) for name, key in keys.items()}
    a, b = ids["alice"], ids["bob"]
    heads, cases, objects = {}, [], []
    base_hlc = 117659035782742016  # 2026-11-… in ms << 16

    def sign(name, seq, hlc, ops, deps=(), note=""):
        body, signature = signed_change_body(ids, keys[name], name, seq, hlc, ops, deps, heads)
        cases.append({"note": note, "author": name, "seq": str(seq), "hlc": str(hlc),
                      "signedChange": (length_delimited(1, body) + length_delimited(2, signature)).hex()})

    def created(kind, seq):
        key = a + seq.to_bytes(8, "big") + (0).to_bytes(4, "big")
        return hashlib.blake2b(b"hearth/object/created/" + kind + b"\0" + key, digest_size=16).digest()

    def create_body(title):
        return varint(0) + crdt_bytes(title.encode())

    def update_body(crdt_op):
        return varint(1) + crdt_op

    hlc = base_hlc
    stamp_hlc = base_hlc  # stamps no later than their change's hlc
    text_updates = {
        b"crdt.list": [b"\x00" + crdt_op_id(a, 1) + crdt_bytes("dm4".encode())
                       + crdt_op_id(a, 2) + crdt_optional(None) + crdt_optional(None)],
        b"crdt.map": [varint(stamp_hlc) + crdt_op_id(a, 1) + crdt_bytes(b"map")
                      + crdt_optional(crdt_bytes("oa_dm1".encode()))],
        b"crdt.set": [b"\x00" + crdt_op_id(a, 1) + crdt_bytes("rocket launcher".encode())],
        b"crdt.counter": [b"\x00" + crdt_op_id(a, 1) + varint(5), b"\x01" + crdt_op_id(a, 2) + varint(2)],
        b"crdt.text": [b"\x00" + crdt_op_id(a, 1) + crdt_optional(None) + crdt_optional(None)
                       + crdt_bytes("hello".encode())],
    }
    expected = {b"crdt.list": ["dm4"], b"crdt.map": {"map": "oa_dm1"}, b"crdt.set": ["rocket launcher"],
                b"crdt.counter": 3, b"crdt.text": "hello world"}
    titles = {b"crdt.list": "map vote", b"crdt.map": "server", b"crdt.set": "weapons", b"crdt.counter": "frags",
              b"crdt.text": "minutes"}
    # crdt-encoding.md "States": version 1, then the type's ops (the text state, an op batch, is left
    # to the node test's value check).
    states = {
        b"crdt.list": varint(1) + varint(1) + text_updates[b"crdt.list"][0],
        b"crdt.map": varint(1) + varint(1) + text_updates[b"crdt.map"][0],
        b"crdt.set": varint(1) + varint(1) + text_updates[b"crdt.set"][0],
        b"crdt.counter": varint(1) + varint(1) + varint(1) + crdt_op_id(a, 1) + varint(5)
        + varint(1) + varint(1) + crdt_op_id(a, 2) + varint(2),
    }
    seq = 0
    for kind, updates in text_updates.items():
        seq += 1
        hlc += 65536
        object_bytes = created(kind, seq)
        ops = [op(object_bytes, kind, create_body(titles[kind]))]
        ops += [op(object_bytes, kind, update_body(update)) for update in updates]
        sign("alice", seq, hlc, ops,
             note=f"alice creates a {kind.decode()} object (op 0: its id is the created id of (alice, {seq}, 0)) "
                  f"and updates it")
        objects.append({"id": base32(object_bytes), "kind": kind.decode().split(".")[1], "title": titles[kind],
                        "value": expected[kind], "creationSeq": str(seq)})
        if kind in states:
            objects[-1]["state"] = states[kind].hex()
    text_object = created(b"crdt.text", seq)
    world = b"\x00" + crdt_op_id(b, 1) + crdt_optional(crdt_op_id(a, 5)) + crdt_optional(None) \
        + crdt_bytes(" world".encode())
    hlc += 65536
    sign("bob", 1, hlc, [op(text_object, b"crdt.text", update_body(world))], deps=[("alice", seq)],
         note="bob appends to alice's text: his insert names her 5th character as its left origin, and his change "
              "depends on hers")
    # Ops every node must refuse (apps/crdt.md, "Authorship and counters"); the values above stay.
    counter_object, map_object = created(b"crdt.counter", 4), created(b"crdt.map", 2)
    refusals = [
        (op(counter_object, b"crdt.counter", update_body(b"\x00" + crdt_op_id(b, 1) + varint(100))),
         "an id with another member's replica id (bob's, in a change alice signed)"),
        (op(counter_object, b"crdt.counter", update_body(b"\x00" + crdt_op_id(a, 5) + varint(100))),
         "an id that skips alice's counters on the object (she used 1 and 2, so the next is 3, not 5)"),
        (None, "a map write stamped one tick after its change's hlc"),
    ]
    for encoded, reason in refusals:
        seq += 1
        hlc += 65536
        if encoded is None:
            late = varint(hlc + 1) + crdt_op_id(a, 2) + crdt_bytes(b"map") + crdt_optional(crdt_bytes(b"q3dm17"))
            encoded = op(map_object, b"crdt.map", update_body(late))
        sign("alice", seq, hlc, [encoded], note="refused: " + reason)
        cases[-1]["refused"] = reason
    return {"aliceEd25519Seed": bytes(range(100, 132)).hex(), "bobEd25519Seed": bytes(range(132, 164)).hex(),
            "changes": cases, "objects": objects}


def presence_vector():
    """A signed presence record (presence.md), fields in field-number order as protobuf writes them."""
    key = Ed25519PrivateKey.from_private_bytes(bytes([3] * 32))
    node = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    network = bytes(range(1, 9))
    counter = 1764000000000000
    neighbour = 0x0909090909090909
    text = "pizza run, back in 20"
    game = (length_delimited(1, b"openarena") + length_delimited(2, b"oa_dm1")
            + length_delimited(3, b"10.0.0.5:27960"))
    body = (length_delimited(1, node) + length_delimited(2, network) + varint_field(3, counter)
            + varint_field(4, 2) + length_delimited(5, text.encode()) + length_delimited(6, game)
            + length_delimited(7, neighbour.to_bytes(8, "little")) + length_delimited(8, b"angelyss"))
    signature = key.sign(b"hearth/presence/1\x00" + body)
    return {
        "description": "A presence record (presence.md): the PresenceBody bytes as signed, and the Ed25519 "
                       "signature over \"hearth/presence/1\" || 0x00 || body. The signer's seed is 32 bytes of 0x03; "
                       "status 2 is away; neighbours are packed fixed64, little-endian on the wire.",
        "seed": "03" * 32, "node_id": node.hex(), "network": network.hex(), "counter": counter,
        "status": "away", "text": text,
        "game": {"game": "openarena", "map": "oa_dm1", "server": "10.0.0.5:27960"},
        "neighbours": ["%016x" % neighbour], "name": "angelyss", "body": body.hex(), "signature": signature.hex()}


if __name__ == "__main__":
    main()
