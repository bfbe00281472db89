"""A minimal Hearth peer built on the `noiseprotocol` package, independent of the Swift code.

Usage: noise_peer.py HOST PORT NETWORK_KEY_FILE [--wrong-key]
Exit 0 after a full exchange (Hello both ways, Ping -> Pong), 3 if the node refused the handshake.
"""
import hashlib
import os
import socket
import struct
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from noise.connection import Keypair, NoiseConnection


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def read_varint(data, index):
    shift = result = 0
    while True:
        byte = data[index]
        index += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, index


def fields(data):
    """Top-level (number, value) pairs of a protobuf message (varint and length-delimited)."""
    index = 0
    while index < len(data):
        key, index = read_varint(data, index)
        if key & 7 == 0:
            value, index = read_varint(data, index)
        else:
            length, index = read_varint(data, index)
            value, index = data[index:index + length], index + length
        yield key >> 3, value


def main():
    host, port, key_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    key = open(key_file, "rb").read()
    if "--wrong-key" in sys.argv:
        key = bytes(b ^ 0xFF for b in key)
    seed = os.urandom(32)
    node_id = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    scalar = bytearray(hashlib.sha512(seed).digest()[:32])
    scalar[0] &= 248; scalar[31] &= 127; scalar[31] |= 64

    noise = NoiseConnection.from_name(b"Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b")
    noise.set_as_initiator()
    noise.set_prologue(b"hearth/1")
    noise.set_psks(psk=key)
    noise.set_keypair_from_private_bytes(Keypair.STATIC, bytes(scalar))
    noise.start_handshake()
    sock = socket.create_connection((host, port), timeout=5)

    def send_frame(data):
        sock.sendall(struct.pack(">H", len(data)) + data)

    def recv_exact(count):
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def recv_frame():
        (length,) = struct.unpack(">H", recv_exact(2))
        return recv_exact(length)

    send_frame(noise.write_message(b""))
    noise.read_message(recv_frame())
    send_frame(noise.write_message(b""))

    def send_envelope(envelope):
        send_frame(noise.encrypt(struct.pack(">I", len(envelope)) + envelope))

    version = 1 if "--protocol-1" in sys.argv else 3
    hello = (varint(1 << 3) + varint(version) + varint(2 << 3) + varint(version) + field(3, node_id)
             + field(4, b"python"))
    send_envelope(field(1, hello))
    buffer = b""
    try:
        saw_hello = saw_pong = False
        sent_ping = False
        while not saw_pong:
            buffer += noise.decrypt(recv_frame())
            while len(buffer) >= 4 and len(buffer) >= 4 + struct.unpack(">I", buffer[:4])[0]:
                (length,) = struct.unpack(">I", buffer[:4])
                envelope, buffer = buffer[4:4 + length], buffer[4 + length:]
                for number, value in fields(envelope):
                    if number == 1:
                        name = dict(fields(value)).get(4, b"").decode()
                        print(f"hello from {name}")
                        saw_hello = True
                    if number == 3:
                        print(f"pong {dict(fields(value)).get(1)}")
                        saw_pong = True
            if saw_hello and not sent_ping:
                send_envelope(field(2, varint(1 << 3) + varint(7)))
                sent_ping = True
    except (ConnectionError, socket.timeout, Exception) as error:
        if not saw_hello:
            print(f"refused: {error!r}")
            sys.exit(3)
        if version == 1:
            print(f"closed after hello: {error!r}")
            sys.exit(4)
        raise
    sock.close()


if __name__ == "__main__":
    main()
