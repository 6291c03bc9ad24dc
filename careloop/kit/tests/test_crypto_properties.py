"""Properties of field encryption and blind indexes, over arbitrary text."""

from hypothesis import given
from hypothesis import strategies as st

from careloop import config
from careloop.kit.crypto import DecryptionError, Keyring

RING = Keyring((config.new_field_key("k2"), config.new_field_key("k1")), "blind-key")



@given(st.text(max_size=300))
def test_encryption_round_trips_and_hides_the_value(value):
    token = RING.encrypt(value, b"patients.Person.given_name")
    assert RING.decrypt(token, b"patients.Person.given_name") == value
    assert token.startswith("k2$")
    if len(value) >= 4:
        assert value not in token


@given(st.text(min_size=1, max_size=50))
def test_a_value_moved_to_another_column_does_not_decrypt(value):
    token = RING.encrypt(value, b"patients.Person.given_name")
    try:
        RING.decrypt(token, b"patients.Person.family_name")
    except DecryptionError:
        return
    raise AssertionError("ciphertext decrypted under another column's associated data")


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=30))
def test_blind_index_ignores_case_but_not_content(word):
    assert RING.blind_index(word.upper(), "p") == RING.blind_index(word.lower(), "p") or (
        word.upper().lower() != word.lower()  # e.g. "ß" -> "SS": a different word
    )
    assert RING.blind_index(word, "p") != RING.blind_index(word + "x", "p")
    assert RING.blind_index(word, "p") != RING.blind_index(word, "q")  # per-column purpose


def test_accented_and_plain_names_match():
    assert RING.blind_index("Gína  Şahin", "p") == RING.blind_index("gina sahin", "p")
    assert RING.blind_index("Łukasz", "p") != RING.blind_index("Marek", "p")
