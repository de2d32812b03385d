"""Bulk onboarding: a provincial OCOP list (CSV or XLSX) becomes producers, booths, draft products and invitations.

Read → check → plan → import. `read_table` turns the file into lines (or refuses the whole file with one clear
reason: too big, too many lines, not UTF-8, not a spreadsheet, missing columns). `check_lines` gives each line its
errors by column. `plan` says per line what an import would create; `run_import` does it in one transaction, only
when no line has an error, so nothing is ever half-imported. Producers are recognised by name and province and
products by their certificate number: importing the same file again finds everything and creates nothing.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from booths.editor.accounts import INVITATION_DAYS, invitation_create, invitation_path
from booths.models import Booth, Producer, Product
from booths.services import unique_slug
from fair.errors import ClientError
from fair.models import Hall
from fair.services import hall_layout_positions
from fair.studio.floorplan import layout_arrange, layout_save

MAX_BYTES = 2 * 1024 * 1024  # a province's list of a few hundred products is tens of kilobytes
MAX_LINES = 2000  # lines of products in one file (the largest provincial lists have about a thousand)
MAX_XLSX_UNPACKED = 40 * 1024 * 1024  # an .xlsx is a zip: what it may unpack to (a zip bomb is refused unread)
FORMULA_STARTS = ("=", "+", "-", "@")  # a cell starting so is a formula when the list is opened in a spreadsheet again


def fold(text: str) -> str:
    """Lower case, no tone marks, đ → d, words separated by one space: how headers and categories are compared."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy: shown in the organizer's language
    names: tuple[str, ...]  # accepted headers, folded (Vietnamese and English)
    required: bool = True


COLUMNS = [
    Column("producer", gettext_lazy("producer"), ("producer", "nha san xuat", "chu the", "ten chu the", "co so san xuat",
                                                  "hop tac xa", "chu the san xuat")),
    Column("province", gettext_lazy("province"), ("province", "tinh", "tinh thanh pho", "tinh thanh")),
    Column("district", gettext_lazy("district"), ("district", "huyen", "quan huyen", "huyen thi xa thanh pho"), False),
    Column("product", gettext_lazy("product"), ("product", "san pham", "ten san pham")),
    Column("category", gettext_lazy("category"), ("category", "nhom", "nhom san pham", "danh muc", "phan nhom", "bo san pham")),
    Column("stars", gettext_lazy("stars"), ("stars", "so sao", "hang sao", "sao", "xep hang", "hang")),
    Column("certificate", gettext_lazy("certificate number"), ("certificate number", "certificate", "so chung nhan",
                                                               "so giay chung nhan", "so quyet dinh", "ma chung nhan")),
    Column("year", gettext_lazy("year"), ("year", "nam", "nam cong nhan", "nam chung nhan")),
    Column("email", gettext_lazy("e-mail"), ("email", "e mail", "contact email", "thu dien tu"), False),
    Column("phone", gettext_lazy("phone"), ("phone", "contact phone", "dien thoai", "so dien thoai", "sdt"), False),
    Column("price", gettext_lazy("price (VND)"), ("price", "price vnd", "gia", "gia ban", "gia vnd", "gia dong"), False),
    Column("unit", gettext_lazy("unit"), ("unit", "don vi", "don vi tinh", "quy cach"), False),
]
BY_KEY = {column.key: column for column in COLUMNS}
# Words provincial lists use for the categories, beside the fair's own names (English and Vietnamese).
CATEGORY_WORDS = {
    "mat ong": "honey", "ca phe": "coffee", "ca cao": "coffee", "tra": "tea", "che": "tea", "thao duoc": "tea", "duoc lieu": "tea",
    "trai cay": "fruit", "hoa qua": "fruit", "trai cay say": "fruit", "hat": "nuts", "hat dieu": "nuts",
    "do kho": "meat", "thit": "meat", "thit say": "meat", "dua muoi": "pickles", "mam": "pickles", "nuoc mam": "pickles",
    "thu cong my nghe": "handicraft", "thu cong": "handicraft", "my nghe": "handicraft",
}


class FileRefused(Exception):
    """The whole file is refused: one reason, in the organizer's language, and nothing was read into the fair."""


@dataclass
class Line:
    number: int  # the line in the file (1 is the header)
    values: dict
    errors: list = field(default_factory=list)  # (column label, message)

    def error(self, key: str, message: str) -> None:
        self.errors.append((str(BY_KEY[key].label) if key in BY_KEY else key, message))


# Reading ---------------------------------------------------------------------------------------------------------

def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[:problem.start].count(b"\n") + 1
        raise FileRefused(_("The file is not UTF-8 text (line %(line)s has a character in another encoding). In Excel "
                            "choose Save as → “CSV UTF-8”, or send the .xlsx file.") % {"line": line}) from None
    if "\x00" in text:
        raise FileRefused(_("The file holds NUL characters: it is not a CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(rows) > MAX_LINES + 1:
                break
    except csv.Error as problem:
        raise FileRefused(_("The CSV file is malformed near line %(line)s: %(problem)s") % {
            "line": len(rows) + 1, "problem": problem}) from None
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused(_("The file is not a valid .xlsx workbook. Save it again from Excel or send a CSV.")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileRefused(_("The workbook unpacks to more than %(size)s MB: send only the list, as CSV.") % {
            "size": MAX_XLSX_UNPACKED // (1024 * 1024)})
    import openpyxl

    try:
        # Not data_only: a formula is read as its text ("=…") and refused below, never evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
        raise FileRefused(_("The file is not a valid .xlsx workbook. Save it again from Excel or send a CSV.")) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else (str(int(value)) if isinstance(value, float) and value.is_integer()
                                                   else str(value)) for value in row])
            if len(rows) > MAX_LINES + 1:
                break
    finally:
        book.close()
    return rows


def read_table(*, name: str, data: bytes) -> tuple[dict, list[Line]]:
    """The file's columns (key → index) and its lines, or FileRefused with the reason."""
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(size)s MB. Split the list into several files.") % {
            "size": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise FileRefused(_("Send a .csv (UTF-8) or an .xlsx file."))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing empty lines
    if len(rows) > MAX_LINES + 1:
        raise FileRefused(_("The file has more than %(count)s lines of products. Split it into several files.") % {
            "count": MAX_LINES})
    if len(rows) < 2:
        raise FileRefused(_("The file has a header but no lines of products."))
    header = [fold(cell) for cell in rows[0]]
    columns = {}
    for column in COLUMNS:
        for index, name_found in enumerate(header):
            if name_found in column.names and column.key not in columns:
                columns[column.key] = index
    missing = [str(column.label) for column in COLUMNS if column.required and column.key not in columns]
    if missing:
        raise FileRefused(_("Line 1 (the header) lacks the columns: %(columns)s. Expected headers, in any order: "
                            "%(expected)s.") % {"columns": ", ".join(missing),
                                                "expected": ", ".join(str(c.label) for c in COLUMNS)})
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[index].strip() if index < len(row) else "") for key, index in columns.items()}
        lines.append(Line(number=number, values=values))
    return columns, lines


# Checking --------------------------------------------------------------------------------------------------------

def _category(text: str) -> str | None:
    folded = fold(text)
    for value, label in Product.Category.choices:
        for language in ("vi", "en"):
            with override(language):
                if folded in (value, fold(str(label))):
                    return value
    return CATEGORY_WORDS.get(folded)


def check_lines(lines: list[Line]) -> None:
    """Give every line its errors, by column; clean its values (stars, year, price as numbers, the category)."""
    this_year = date.today().year
    certificates = {}
    for line in lines:
        values = line.values
        for key, text in values.items():
            if text.startswith(FORMULA_STARTS) and not (key == "phone" and re.fullmatch(r"\+[\d .]{8,20}", text)):
                line.error(key, _("starts with “%(char)s”: a spreadsheet would run it as a formula. Remove the "
                                  "sign (or the formula: type the value).") % {"char": text[0]})
        for key in ("producer", "province", "product", "certificate"):
            if not values.get(key):
                line.error(key, _("is empty."))
        limits = {"producer": 160, "province": 80, "district": 80, "product": 160, "certificate": 60, "unit": 40}
        for key, most in limits.items():
            if len(values.get(key, "")) > most:
                line.error(key, _("is longer than %(count)s characters.") % {"count": most})
        category = _category(values.get("category", ""))
        if category is None:
            line.error("category", _("“%(value)s” is not a category. Use one of: %(choices)s.") % {
                "value": values.get("category", "")[:40], "choices": ", ".join(str(label) for _v, label in Product.Category.choices)})
        values["category"] = category
        stars = values.get("stars", "").split()[0] if values.get("stars", "").split() else ""
        if not stars.isdigit() or not 3 <= int(stars) <= 5:
            line.error("stars", _("must be 3, 4 or 5 (OCOP stars)."))
        else:
            values["stars"] = int(stars)
        year = values.get("year", "")
        if not year.isdigit() or not 2018 <= int(year) <= this_year:
            line.error("year", _("must be a year from 2018 (the first OCOP certificates) to %(year)s.") % {"year": this_year})
        else:
            values["year"] = int(year)
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                line.error("email", _("“%(value)s” is not an e-mail address.") % {"value": email[:60]})
        phone = values.get("phone", "")
        if phone and not 9 <= len(re.sub(r"\D", "", phone)) <= 12:
            line.error("phone", _("“%(value)s” is not a phone number (9 to 12 digits).") % {"value": phone[:30]})
        price = re.sub(r"[ .,_]|đ$|vnd$", "", values.get("price", "").lower())
        if price and not price.isdigit():
            line.error("price", _("must be a whole number of đồng."))
        values["price"] = int(price) if price.isdigit() else 0
        certificate = values.get("certificate", "")
        if certificate:
            first = certificates.setdefault(fold(certificate), line.number)
            if first != line.number:
                line.error("certificate", _("is the same as on line %(line)s: one certificate names one product.") % {
                    "line": first})


# Planning and importing ------------------------------------------------------------------------------------------

@dataclass
class Planned:
    line: Line
    producer: Producer | None  # an existing producer, or None: a new one
    producer_key: tuple
    new_producer: bool
    product_exists: Product | None
    invite: bool  # a new producer: an invitation is made (and e-mailed when there is an address)


def _producer_key(values: dict) -> tuple:
    return fold(values["producer"]), fold(values["province"])


def plan(lines: list[Line]) -> list[Planned]:
    """What importing these lines would do, line by line (lines with errors are planned as nothing)."""
    wanted = {_producer_key(line.values) for line in lines if not line.errors}
    existing = {}
    if wanted:  # names are compared folded (case, tone marks, spaces): every producer is read once, by name only
        for producer in Producer.objects.only("id", "name", "province").order_by("id"):
            key = (fold(producer.name), fold(producer.province))
            if key in wanted:
                existing.setdefault(key, producer)
    certificates = {line.values["certificate"] for line in lines if not line.errors}
    products = {p.certificate_number: p for p in Product.objects.filter(certificate_number__in=certificates)
                .select_related("booth")}
    seen, planned = set(), []
    for line in lines:
        if line.errors:
            continue
        key = _producer_key(line.values)
        producer = existing.get(key)
        new_producer = producer is None and key not in seen
        planned.append(Planned(line=line, producer=producer, producer_key=key, new_producer=new_producer,
                               product_exists=products.get(line.values["certificate"]),
                               invite=new_producer))
        seen.add(key)
    return planned


@dataclass
class Invited:
    producer: Producer
    booth: Booth
    email: str
    phone: str
    path: str  # the one-time link (the token is never stored: shown now, on the sheet and in the e-mail)


@dataclass
class Result:
    producers: int = 0
    booths: int = 0
    products: int = 0
    unchanged: int = 0
    invited: list = field(default_factory=list)
    arranged: bool = False  # the hall was arranged automatically around the new booths (else: left to the organizer)


def _level(stars: int) -> str:
    return Product.Level.NATIONAL if stars == 5 else Product.Level.PROVINCE


def _authority(stars: int, province: str) -> str:
    return "Hội đồng OCOP Trung ương" if stars == 5 else f"UBND tỉnh {province}"


@transaction.atomic
def run_import(*, lines: list[Line], hall: Hall, user) -> Result:
    """Create what `plan` says, all or nothing. Refuses (ValueError) when any line has an error."""
    if any(line.errors for line in lines):
        raise ValueError("Lines with errors are never imported.")
    Hall.objects.select_for_update().filter(pk=hall.pk).first()  # one import into a hall at a time: places differ
    planned = plan(lines)
    result = Result()
    made: dict[tuple, tuple[Producer, Booth]] = {}
    boothless = {p.producer.pk for p in planned if p.producer is not None and not p.product_exists
                 and not p.producer.booths.exists()}
    placed = Booth.objects.filter(hall=hall).count()
    positions = hall_layout_positions(
        layout=hall.layout, count=placed + sum(p.new_producer for p in planned) + len(boothless))
    for item in planned:
        values = item.line.values
        if item.producer is not None:
            producer = item.producer
            booth = producer.booths.order_by("id").first()
        elif item.producer_key in made:
            producer, booth = made[item.producer_key]
        else:
            producer = Producer.objects.create(
                slug=unique_slug(Producer, values["producer"]), name=values["producer"], province=values["province"],
                district=values.get("district", ""), contact_email=values.get("email", ""),
                contact_phone=values.get("phone", ""))
            x, z, facing = positions[placed]
            booth = Booth.objects.create(producer=producer, slug=unique_slug(Booth, values["producer"]),
                                         title_vi=values["producer"][:160], hall=hall, position_x=x, position_z=z,
                                         rotation=facing, order=placed)
            placed += 1
            made[item.producer_key] = (producer, booth)
            result.producers += 1
            result.booths += 1
            _invitation, token = invitation_create(producer=producer, created_by=user,
                                                   note=(values.get("email") or values.get("phone") or "")[:120])
            result.invited.append(Invited(producer=producer, booth=booth, email=values.get("email", ""),
                                          phone=values.get("phone", ""), path=invitation_path(token)))
        if item.product_exists is not None:
            result.unchanged += 1
            continue
        if booth is None:  # an existing producer without a booth: one is made, placed like the new ones
            x, z, facing = positions[placed]
            booth = Booth.objects.create(producer=producer, slug=unique_slug(Booth, producer.name),
                                         title_vi=producer.name[:160], hall=hall, position_x=x, position_z=z,
                                         rotation=facing, order=placed)
            placed += 1
            result.booths += 1
        stars = values["stars"]
        place = ", ".join(part for part in (values.get("district"), values["province"]) if part)
        Product.objects.create(
            booth=booth, slug=unique_slug(Product, values["product"]), name_vi=values["product"],
            category=values["category"], price_vnd=values["price"], unit_vi=values.get("unit", "")[:40],
            stars=stars, certificate_level=_level(stars), certificate_number=values["certificate"],
            certificate_year=values["year"], certificate_authority=_authority(stars, values["province"]),
            origin=place[:200], is_published=False)
        result.products += 1
    if result.booths:
        result.arranged = _arrange(hall=hall, user=user)
    return result


def _arrange(*, hall: Hall, user) -> bool:
    """The new booths stand where "arrange automatically" puts them, grouped by the hall's theme, saved as a
    version of the floor plan (visitors' open halls follow). When the floor is too small for that arrangement, the
    booths keep their provisional places and the organizer arranges the hall by hand."""
    hall.refresh_from_db(fields=["layout_version"])
    try:
        spots = layout_arrange(hall=hall, layout=hall.layout)
        layout_save(hall=hall, positions=spots, base_version=hall.layout_version, user=user,
                    note=_("Arranged after an import"))
    except ClientError:  # the floor is too small (or the arrangement refused): provisional places stay
        return False
    return True


def invitation_emails(*, result: Result, absolute, fair_name: str) -> list:
    """The e-mails of an import's invitations, in Vietnamese (the producers' language), for those with an address.
    `absolute` makes a full address of a path (request.build_absolute_uri)."""
    from django.core.mail import EmailMessage

    emails = []
    with override("vi"):
        for invited in result.invited:
            if not invited.email:
                continue
            subject = _("Your booth at %(fair)s: your invitation") % {"fair": fair_name}
            body = _("Hello %(producer)s,\n\nThe organizers of %(fair)s have made a booth for you: %(booth)s. Your OCOP "
                     "products are in it as drafts, shown to visitors once you check and publish them.\n\nOpen this "
                     "link to make your account and build your booth. It works once, for %(days)s days:\n%(link)s\n\n"
                     "If you did not expect this message, ignore it.") % {
                "producer": invited.producer.name, "fair": fair_name, "booth": invited.booth.title_vi,
                "days": INVITATION_DAYS, "link": absolute(invited.path)}
            emails.append(EmailMessage(subject=subject, body=body, to=[invited.email]))
    return emails
