"""VietQR: the code every Vietnamese banking app scans to pay an order by transfer (NAPAS's EMVCo format).

The payload is built and read back with vietnam-qr-pay (bank list included) and drawn with segno; nothing
here reaches the network.
"""

import io
import re

import segno
from django.utils.translation import gettext as _
from vietnam_qr_pay import QRPay
from vietnam_qr_pay.constants.banks import BanksObject

ACCOUNT = re.compile(r"^[0-9A-Za-z]{6,19}$")  # VietQR's account field: up to 19 characters, banks use 6 or more
MAX_NOTE = 25  # characters of a transfer note every bank keeps (ASCII)


def bank_by_bin(bin_code: str):
    """The bank with this NAPAS BIN in vietnam-qr-pay's list, or None."""
    for bank in BanksObject.values():
        if bank.bin == bin_code and not bank.deprecated:
            return bank
    return None


def account_digits(account: str) -> str:
    """An account number as typed ("5100 2026 0001", "5100.2026.0001") without its separators."""
    return re.sub(r"[\s.\-]", "", account or "")


def transfer_problem(producer) -> str | None:
    """Why this producer cannot take bank transfers now (shown at checkout), or None when they can."""
    if not producer.bank_bin:
        return _("The producer has not chosen their bank yet: pay cash on delivery.")
    if bank_by_bin(producer.bank_bin) is None:
        return _("The producer's bank is not one VietQR knows: pay cash on delivery.")
    if not ACCOUNT.match(account_digits(producer.bank_account_number)):
        return _("The producer's account number is missing or not valid: pay cash on delivery.")
    return None


def transfer_note(order) -> str:
    """What the buyer writes as the transfer's note: the order number (matched by the bank notification)."""
    return order.number[:MAX_NOTE]


def payload(*, bank_bin: str, account: str, amount_vnd: int, note: str) -> str:
    """The VietQR text: to this account, this exact amount, this note; with its CRC."""
    return QRPay.init_viet_qr(bank_bin=bank_bin, bank_number=account_digits(account),
                              amount=str(int(amount_vnd)), purpose=note).build()


def order_payload(order) -> str:
    """The VietQR text that pays this order."""
    producer = order.booth.producer
    return payload(bank_bin=producer.bank_bin, account=producer.bank_account_number, amount_vnd=order.total_vnd,
                   note=transfer_note(order))


def parse(text: str) -> dict | None:
    """A VietQR text read back: bank BIN, account, amount, note; None when its CRC or format is wrong."""
    qr = QRPay(text)
    if not qr.is_valid or qr.consumer.bank_bin is None:
        return None
    return {"bank_bin": qr.consumer.bank_bin, "account": qr.consumer.bank_number,
            "amount_vnd": int(qr.amount) if qr.amount else None, "note": qr.additional_data.purpose or "",
            "crc": qr.crc or text[-4:]}


def png(text: str, *, scale: int = 6) -> bytes:
    """The QR image (PNG, error correction M, a quiet zone of 4 modules) of a payload."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg(text: str, *, title: str = "") -> str:
    """The QR image as inline SVG (crisp when printed)."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=5, border=4, xmldecl=False, svgns=True,
                                                   title=title or None, svgclass="vietqr", lineclass=None)
    return out.getvalue().decode()
