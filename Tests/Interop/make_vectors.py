"""Computes Protocol/vectors/*.json with implementations independent of Hearth's Swift code:
argon2-cffi and hashlib for the network key, `noiseprotocol` for the handshake transcript,
`cryptography` for Ed25519. Run: .venv/bin/python Tests/Interop/make_vectors.py
"""
import hashlib
import json
import pathlib

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
    (OUT / "network-key.json").write_text(json.dumps({
        "network": "lanparty", "passphrase": "correct horse battery staple",
        "key": key.hex(), "tag": tag.hex()}, indent=2) + "\n")

    init_seed, resp_seed = bytes(range(32)), bytes(range(32, 64))
    init_eph, resp_eph = bytes([0x11] * 32), bytes([0x22] * 32)
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
    t1 = i.encrypt(b"hello from the initiator")
    t2 = r.encrypt(b"hello from the responder")
    (OUT / "handshake.json").write_text(json.dumps({
        "protocol": "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b", "prologue": b"hearth/1".hex(), "psk": key.hex(),
        "initiatorEd25519Seed": init_seed.hex(), "responderEd25519Seed": resp_seed.hex(),
        "initiatorEphemeral": init_eph.hex(), "responderEphemeral": resp_eph.hex(),
        "message1": m1.hex(), "message2": m2.hex(), "message3": m3.hex(),
        "handshakeHash": i.get_handshake_hash().hex(),
        "transport1Plaintext": b"hello from the initiator".hex(), "transport1": t1.hex(),
        "transport2Plaintext": b"hello from the responder".hex(), "transport2": t2.hex()}, indent=2) + "\n")

    seed = bytes(range(100, 132))
    signer = Ed25519PrivateKey.from_private_bytes(seed)
    author = signer.public_key().public_bytes(*RAW)
    channel = b"general"
    text = "gg, rematch on dm4?".encode()

    def field(number, wire_type, payload):
        return varint(number << 3 | wire_type) + payload

    def varint(value):
        out = bytearray()
        while True:
            byte = value & 0x7F
            value >>= 7
            out.append(byte | (0x80 if value else 0))
            if not value:
                return bytes(out)

    def length_delimited(number, data):
        return field(number, 2, varint(len(data)) + data)

    post = length_delimited(1, channel) + length_delimited(2, text)
    op = length_delimited(3, post)  # Op.message_post
    prev = hashlib.blake2b(b"the author's change 1", digest_size=32).digest()
    body = (length_delimited(1, author) + field(2, 0, varint(2)) + field(3, 0, varint(117659035782742016))
            + length_delimited(5, op) + length_delimited(6, prev))
    signature = signer.sign(b"hearth/change/1\x00" + body)
    change_hash = hashlib.blake2b(body + signature, digest_size=32).digest()
    (OUT / "signed-change.json").write_text(json.dumps({
        "authorEd25519Seed": seed.hex(), "author": author.hex(), "seq": "2", "hlc": "117659035782742016",
        "channel": channel.decode(), "text": text.decode(), "prev": prev.hex(), "body": body.hex(),
        "signature": signature.hex(), "changeHash": change_hash.hex()},
        indent=2) + "\n")


if __name__ == "__main__":
    main()
