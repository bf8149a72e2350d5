"""What the SMPP provider puts on the wire and reads back, without a link: GSM-7 septets and
UCS-2 bytes, the parts of a long message (as many as the segment count says), addresses with
their TON/NPI, the receipts' states and the SMSC's error statuses."""

import pytest
import smpp34
from pydantic import ValidationError

from notification.config import NotificationSettings
from notification.domain import (
    Encoding,
    Status,
    encoded,
    gsm7_septets,
    parts,
    segments,
    status_after_receipt,
)
from notification.providers.smpp import address, concatenation_header, outcome, read_receipt
from phananh_common.service_tokens import generate_key
from phananh_common.tokens import generate_key_pair


def test_gsm7_is_one_septet_a_byte_with_the_extension_characters_escaped():
    assert gsm7_septets("@Aa0") == bytes((0x00, 0x41, 0x61, 0x30))
    assert gsm7_septets("é€[") == bytes((0x05, 0x1B, 0x65, 0x1B, 0x3C))
    assert encoded("Mã", Encoding.UCS2) == "Mã".encode("utf-16-be")


@pytest.mark.parametrize(
    ("text", "encoding", "sizes"),
    [
        ("a" * 160, Encoding.GSM7, [160]),
        ("a" * 161, Encoding.GSM7, [153, 8]),
        ("a" * 152 + "€" + "a" * 7, Encoding.GSM7, [152, 8]),  # the escape stays with it
        ("ă" * 70, Encoding.UCS2, [70]),
        ("ă" * 71, Encoding.UCS2, [67, 4]),
        ("ă" * 66 + "😀" + "ă" * 3, Encoding.UCS2, [66, 4]),  # a surrogate pair stays whole
    ],
)
def test_parts_are_cut_where_the_segments_are_counted(text, encoding, sizes):
    cut = parts(text, encoding)
    assert [len(p) for p in cut] == sizes
    assert "".join(cut) == text
    assert segments(text, encoding) == len(cut)


def test_a_parts_header_names_the_reference_the_total_and_the_number():
    assert concatenation_header(0x1A7, 3, 2) == bytes((5, 0, 3, 0xA7, 3, 2))


def test_addresses_carry_their_type_of_number():
    assert address("SYTDONGNAI") == ("SYTDONGNAI", 5, 0)
    assert address("+84912345678") == ("84912345678", 1, 1)
    assert address("1900561234") == ("1900561234", 0, 1)


def test_a_receipt_is_read_from_its_parameters_or_else_its_text():
    text = b"id:abc123 sub:001 dlvrd:001 submit date:2611260400 done date:2611260401 stat:DELIVRD"
    assert read_receipt(text, {}) == ("abc123", "DELIVRD")
    tlvs = {smpp34.TLV_RECEIPTED_MESSAGE_ID: b"abc123\x00", smpp34.TLV_MESSAGE_STATE: b"\x05"}
    assert read_receipt(b"", tlvs) == ("abc123", "5")
    assert read_receipt(b"hello", {}) is None


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("DELIVRD", Status.DELIVERED),
        ("2", Status.DELIVERED),
        ("UNDELIV", Status.FAILED),
        ("EXPIRED", Status.FAILED),
        ("REJECTD", Status.FAILED),
        ("8", Status.FAILED),
        ("ENROUTE", None),
        ("ACCEPTD", None),
    ],
)
def test_receipt_states_set_the_statuses_kannel_reports_set(state, status):
    assert status_after_receipt(state) is status


def test_smsc_errors_are_refusals_its_busy_state_or_worth_retrying():
    refused = outcome(0x0B)
    assert refused.permanent and refused.error == "smsc refused: ESME_RINVDSTADR (0x0000000b)"
    throttled = outcome(0x58)
    assert throttled.provider_down and not throttled.permanent
    system_error = outcome(0x08)
    assert not (system_error.permanent or system_error.provider_down or system_error.accepted)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"PHANANH_SMPP_HOST": ""}, "PHANANH_SMPP_HOST"),
        ({"PHANANH_SMPP_PASSWORD": "nine-char"}, "PHANANH_SMPP_PASSWORD"),
        ({"PHANANH_SMPP_SYSTEM_ID": "a-system-id-of-16"}, "PHANANH_SMPP_SYSTEM_ID"),
    ],
)
def test_an_smpp_account_that_smpp_cannot_carry_stops_the_start(monkeypatch, settings, named):
    environment = {
        "PHANANH_NOTIFICATION_DATABASE_URL": "postgresql+asyncpg://x@/y",
        "PHANANH_SMS_PROVIDER": "smpp",
        "PHANANH_SMPP_HOST": "smsc.example",
        "PHANANH_SMPP_SYSTEM_ID": "phananh",
        "PHANANH_SMPP_PASSWORD": "secret",
        "PHANANH_TOKEN_PUBLIC_KEY": generate_key_pair()[1],
        "PHANANH_SERVICE_TOKEN_KEY": generate_key(),
        **settings,
    }
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=named):
        NotificationSettings()
