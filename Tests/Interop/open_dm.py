"""Opens one sealed direct message (apps/chat.md, `chat.dm`) as a member does, with libsodium
through PyNaCl and a protobuf reader of its own, independent of Hearth's Swift code.

Reads one JSON object on standard input:
  {"memberEd25519Seed": hex, "author": hex (32-byte node id), "object": hex (16-byte object id),
   "directOp": hex (the op's DirectOp body), "payload": hex (the op's payload, the ciphertext)}
and prints one JSON line {"text": ..., "kind": ..., "contentHex": ...}: the content's text ("" when
it has none), its ChannelOp action ("post", "edit", "delete", "react", ...) and the DirectContent
plaintext in hex. On any failure it prints {"error": "..."} and exits 1.
Run: .venv/bin/python Tests/Interop/open_dm.py < request.json
"""
import hashlib
import json
import sys

import nacl.bindings
import nacl.exceptions

KINDS = {1: "post", 2: "edit", 3: "delete", 4: "react"}  # DirectKind
ACTIONS = {1: "create", 2: "topic", 3: "post", 4: "edit", 5: "delete", 6: "react", 7: "pin"}  # ChannelOp oneof


class Refused(Exception):
    pass


def read_varint(data, at):
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise Refused("a truncated or overlong varint")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def fields(data):
    """The fields of a protobuf message in order: (number, value), a varint as an int and a
    length-delimited field as bytes; fixed-width fields are skipped."""
    out, at = [], 0
    while at < len(data):
        key, at = read_varint(data, at)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise Refused("a field number 0")
        if wire_type == 0:
            value, at = read_varint(data, at)
        elif wire_type == 2:
            length, at = read_varint(data, at)
            if at + length > len(data):
                raise Refused("a length-delimited field past the end of its message")
            value, at = data[at:at + length], at + length
        elif wire_type in (1, 5):
            at += 8 if wire_type == 1 else 4
            if at > len(data):
                raise Refused("a fixed-width field past the end of its message")
            continue
        else:
            raise Refused(f"wire type {wire_type}")
        out.append((number, value))
    return out


def singular(parsed, number, default):
    """The last value of a singular field (protobuf's rule), else `default`."""
    values = [value for field_number, value in parsed if field_number == number]
    return values[-1] if values else default


def hex_field(request, name, length=None):
    try:
        value = bytes.fromhex(request[name])
    except (KeyError, TypeError, ValueError):
        raise Refused(f"'{name}' is missing or not hex")
    if length is not None and len(value) != length:
        raise Refused(f"'{name}' is {len(value)} bytes, not {length}")
    return value


def open_direct(request):
    seed = hex_field(request, "memberEd25519Seed", 32)
    author, object_bytes = hex_field(request, "author", 32), hex_field(request, "object", 16)
    direct, payload = fields(hex_field(request, "directOp")), hex_field(request, "payload")
    # DirectOp: members 1, sealed_keys 2, nonce 3, kind 4, redacts 5, key_commitment 6, reply_to 7.
    members = [value for number, value in direct if number == 1]
    sealed_keys = [value for number, value in direct if number == 2]
    nonce, kind = singular(direct, 3, b""), singular(direct, 4, 0)
    commitment = singular(direct, 6, b"")
    if not all(isinstance(member, bytes) and len(member) == 32 for member in members) \
            or not 2 <= len(members) <= 16 or members != sorted(set(members)):
        raise Refused("the members are not 2-16 distinct 32-byte ids in byte order")
    if author not in members:
        raise Refused("the author is not a member")
    name = "".join(member.hex() for member in members).encode()
    if hashlib.blake2b(b"hearth/object/named/chat.dm\x00" + name, digest_size=16).digest() != object_bytes:
        raise Refused("the object is not the named chat.dm id of the members")
    if len(sealed_keys) != len(members) or any(not isinstance(key, bytes) or len(key) != 80 for key in sealed_keys):
        raise Refused("not one 80-byte sealed key per member")
    if not isinstance(nonce, bytes) or len(nonce) != 24:
        raise Refused("the nonce is not 24 bytes")
    if not isinstance(commitment, bytes) or len(commitment) != 32:
        raise Refused("the key commitment is not 32 bytes")
    if kind not in KINDS:
        raise Refused(f"an unknown kind {kind}")
    if len(payload) < 16:
        raise Refused("the payload is shorter than its 16-byte tag")
    public, secret = nacl.bindings.crypto_sign_seed_keypair(seed)
    if public not in members:
        raise Refused("the seed's node is not a member")
    curve_public = nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(public)
    curve_secret = nacl.bindings.crypto_sign_ed25519_sk_to_curve25519(secret)
    try:
        key = nacl.bindings.crypto_box_seal_open(sealed_keys[members.index(public)], curve_public, curve_secret)
    except nacl.exceptions.CryptoError:
        raise Refused("the member's sealed key does not open")
    if hashlib.blake2b(b"hearth/dm-key/1\x00" + key, digest_size=32).digest() != commitment:
        raise Refused("the key is not the one committed to")
    try:
        content = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            payload, b"hearth/dm/1\x00" + object_bytes + author, nonce, key)
    except nacl.exceptions.CryptoError:
        raise Refused("the payload does not decrypt (wrong key, nonce, associated data or tag)")
    # DirectContent: op 1 (ChannelOp, whose set oneof field is the action), text 2.
    parsed = fields(content)
    channel_op, text = singular(parsed, 1, b""), singular(parsed, 2, b"")
    if not isinstance(channel_op, bytes) or not isinstance(text, bytes):
        raise Refused("DirectContent has a field of the wrong wire type")
    actions = [number for number, value in fields(channel_op) if number in ACTIONS and isinstance(value, bytes)]
    if not actions:
        raise Refused("the content's ChannelOp has no action")
    action = ACTIONS[actions[-1]]
    if action != KINDS[kind]:
        raise Refused(f"the content is a {action} but the op's kind is {KINDS[kind]}")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the text is not UTF-8")
    return {"text": decoded, "kind": action, "contentHex": content.hex()}


def main():
    try:
        request = json.loads(sys.stdin.read())
        if not isinstance(request, dict):
            raise Refused("the input is not a JSON object")
        print(json.dumps(open_direct(request)))
    except (Refused, ValueError) as problem:
        print(json.dumps({"error": str(problem)}))
        sys.exit(1)


if __name__ == "__main__":
    main()
