"""Record signatures (producers/signing.py): what a forger can and cannot get past."""

from __future__ import annotations

import threading
from pathlib import Path

from producers.signing import MessageSigner, header_value, service_key

KEY = b"k" * 32


def test_signature_covers_topic_key_and_value():
    signer = MessageSigner(KEY)
    sig = signer.sign("pdp.requests", b"t1", b'{"user_id": "a"}')
    assert signer.verify("pdp.requests", b"t1", b'{"user_id": "a"}', sig)
    assert not signer.verify("pdp.requests", b"t1", b'{"user_id": "b"}', sig)  # body changed
    assert not signer.verify("pdp.plans", b"t1", b'{"user_id": "a"}', sig)  # moved topic
    assert not signer.verify("pdp.requests", b"t2", b'{"user_id": "a"}', sig)  # re-keyed
    assert not signer.verify("pdp.requests", b"t1", b'{"user_id": "a"}', None)
    assert not signer.verify("pdp.requests", b"t1", b'{"user_id": "a"}', "v1=" + "0" * 64)


def test_field_boundaries_cannot_be_shifted():
    signer = MessageSigner(KEY)
    sig = signer.sign("t", b"ab", b"c")
    assert not signer.verify("t", b"a", b"bc", sig)


def test_other_key_does_not_verify():
    assert not MessageSigner(b"x" * 32).verify(
        "t", None, b"v", MessageSigner(KEY).sign("t", None, b"v"))


def test_upstream_topic_without_key_is_neither_signed_nor_checked():
    signer = MessageSigner(KEY, {"commerce.product-events": None})
    assert signer.sign("commerce.product-events", None, b"v") is None
    assert signer.verify("commerce.product-events", None, b"v", None)
    assert not signer.verify("pdp.results", None, b"v", None)


def test_upstream_topic_with_its_own_key():
    signer = MessageSigner(KEY, {"commerce.product-events": b"upstream"})
    sig = signer.sign("commerce.product-events", b"p", b"v")
    assert MessageSigner(b"other", {"commerce.product-events": b"upstream"}).verify(
        "commerce.product-events", b"p", b"v", sig)
    assert not MessageSigner(KEY).verify("commerce.product-events", b"p", b"v", sig)


def test_header_value_from_dict_or_pairs():
    assert header_value([("a", b"1"), ("pdp-sig", b"v1=ab")]) == "v1=ab"
    assert header_value({"pdp-sig": "v1=cd"}) == "v1=cd"
    assert header_value(None) is None


def test_processes_of_one_home_share_one_key(tmp_path: Path):
    """Gateway and workers of `pdp up` start together: whoever writes first wins, all agree."""
    keys: list[bytes] = []
    threads = [threading.Thread(target=lambda: keys.append(service_key("", tmp_path)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    assert (tmp_path / "message.key").stat().st_mode & 0o777 == 0o600
    assert service_key("explicit", tmp_path) == b"explicit"
