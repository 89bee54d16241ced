"""Node keys are random version-4 UUIDs in hex, as uuid4().hex wrote them before."""

from __future__ import annotations

import uuid

from soildesk.node_keys import new_key


def test_keys_are_version_4_uuids_in_hex_and_distinct() -> None:
    keys = [new_key() for _ in range(2000)]
    assert len(set(keys)) == len(keys)
    for key in keys:
        parsed = uuid.UUID(hex=key)
        assert len(key) == 32 and key == parsed.hex  # lower-case hex, no dashes
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
