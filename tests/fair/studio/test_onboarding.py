"""Bulk onboarding at /studio/onboarding/: a corpus of good and bad lists (CSV and XLSX, made here), the dry run,
the import (all or nothing), invitations by e-mail and on a printable sheet, and re-importing changing nothing."""

import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from booths import selectors as catalogue
from booths.editor.models import Invitation
from booths.models import Booth, Producer, Product
from fair.studio import onboarding
from tests.factories import make_booth, make_fair, make_hall, make_user

pytestmark = pytest.mark.django_db

HEADER = "Nhà sản xuất,Tỉnh,Huyện,Sản phẩm,Nhóm,Số sao,Số chứng nhận,Năm,Email,Điện thoại"
GOOD = [
    "HTX Mật ong Bạc Hà,Hà Giang,Yên Minh,Mật ong bạc hà,Mật ong,4,QĐ-101/2024,2024,banha@example.vn,0912 345 678",
    "HTX Mật ong Bạc Hà,Hà Giang,Yên Minh,Mật ong bạc hà hũ nhỏ,honey,3,QĐ-102/2024,2024,banha@example.vn,0912 345 678",
    "Cơ sở Chè Shan tuyết Lũng Phìn,Hà Giang,Đồng Văn,Chè Shan tuyết cổ thụ,Chè,5,QĐ-TW-7/2023,2023,,+84 988 111 222",
    "HTX Thảo dược Quản Bạ,Hà Giang,Quản Bạ,Cao atiso,Tea and herbs,3,QĐ-103/2024,2024,thaoduoc@example.vn,",
]


def csv_file(lines, header=HEADER, name="ha-giang.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, ("\n".join([header, *lines]) + "\n").encode(encoding, errors="replace"),
                              content_type="text/csv")


def xlsx_file(rows, name="ha-giang.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def hall():
    return make_hall(fair=make_fair(name_vi="Hội chợ OCOP Hà Giang"), name_vi="Khu đặc sản vùng cao")


@pytest.fixture
def organizer_client(client):
    client.force_login(make_user("thu-ha", organizer=True))
    client.cookies["django_language"] = "en"
    return client


def check(client, upload, hall):
    return client.post(reverse("studio:onboarding"), {"file": upload, "hall": hall.id})


def import_checked(client, response, hall):
    stored = response.context["stored"]
    assert stored
    return client.post(reverse("studio:onboarding_import"), {"stored": stored, "hall": hall.id, "name": "ha-giang.csv"})


def test_every_onboarding_url_is_for_organizers_only(client, hall):
    urls = [("get", reverse("studio:onboarding")), ("post", reverse("studio:onboarding")),
            ("post", reverse("studio:onboarding_import")), ("get", reverse("studio:onboarding_template"))]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    booth = make_booth()
    for user in (make_user(), make_user(producer=booth.producer)):
        client.force_login(user)
        for method, url in urls:
            assert getattr(client, method)(url, {"file": csv_file(GOOD), "hall": hall.id}).status_code == 403, url
    assert Producer.objects.count() == 1  # only the factory's


def test_dry_run_then_import_creates_producers_booths_drafts_and_invitations(organizer_client, hall):
    client = organizer_client
    response = check(client, csv_file(GOOD), hall)
    page = response.content.decode()
    assert response.status_code == 200 and "Ready: 3 new producers" in page and "4 draft products" in page
    assert "e-mail to banha@example.vn" in page and "printed sheet only" in page
    assert Producer.objects.count() == 0 and Product.objects.count() == 0  # a dry run creates nothing

    response = import_checked(client, response, hall)
    page = response.content.decode()
    assert response.status_code == 200
    assert Producer.objects.count() == 3 and Booth.objects.filter(hall=hall).count() == 3
    assert Product.objects.count() == 4 and not Product.objects.filter(is_published=True).exists()
    honey = Producer.objects.get(name="HTX Mật ong Bạc Hà")
    assert honey.booths.get().products.count() == 2 and honey.district == "Yên Minh"
    tea = Product.objects.get(certificate_number="QĐ-TW-7/2023")
    assert (tea.stars, tea.certificate_level, tea.category, tea.origin) == (5, "national", "tea", "Đồng Văn, Hà Giang")
    places = set(Booth.objects.filter(hall=hall).values_list("position_x", "position_z"))
    assert len(places) == 3  # each booth stands in its own place
    # Drafts are not shown to visitors.
    assert not catalogue.booth_products(booth=honey.booths.get()).exists()
    assert Invitation.objects.count() == 3
    # Two e-mails (the tea producer has none), in Vietnamese, each with its one-time link.
    assert sorted(m.to[0] for m in mail.outbox) == ["banha@example.vn", "thaoduoc@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["banha@example.vn"])
    assert "Hội chợ OCOP Hà Giang" in message.subject and "/accounts/invite/" in message.body
    link = message.body.split("http://testserver", 1)[1].split()[0]
    assert link in page  # the same link on the printed sheet
    assert page.count("<svg") == 3 and "No e-mail address: hand over this sheet." in page
    client.logout()
    assert client.get(link).status_code == 200  # the invitation opens

    # Importing the same file again changes nothing and sends nothing.
    client.force_login(make_user(organizer=True))
    client.cookies["django_language"] = "en"
    response = check(client, csv_file(GOOD), hall)
    assert "Ready: 0 new producers" in response.content.decode()
    assert response.content.decode().count("already imported: unchanged") == 4
    response = import_checked(client, response, hall)
    assert "No new producer, so no invitation" in response.content.decode()
    assert (Producer.objects.count(), Booth.objects.count(), Product.objects.count(), Invitation.objects.count(),
            len(mail.outbox)) == (3, 3, 4, 3, 2)


def test_an_xlsx_list_imports_like_a_csv_and_its_formulas_are_refused(organizer_client, hall):
    rows = [HEADER.split(","), *[line.split(",") for line in GOOD[:2]]]
    rows[1][5] = 4  # numbers as Excel stores them
    rows[1][7] = 2024
    response = check(organizer_client, xlsx_file(rows), hall)
    assert response.status_code == 200 and "Ready: 1 new producers" in response.content.decode()
    import_checked(organizer_client, response, hall)
    assert Product.objects.count() == 2

    rows[2][3] = '=HYPERLINK("http://evil.example","Mật ong")'
    response = check(organizer_client, xlsx_file(rows), hall)
    assert response.status_code == 400
    errors = response.context["error_lines"]
    assert [(line.number, line.errors[0][0]) for line in errors] == [(3, "product")]
    assert "formula" in errors[0].errors[0][1]


BAD_LINES = [
    ("formula_equals", GOOD[0].replace("Mật ong bạc hà", "=1+1", 1), "product", "formula"),
    ("formula_plus", GOOD[0].replace("HTX Mật ong Bạc Hà", "+cmd|' /C calc'!A0", 1), "producer", "formula"),
    ("formula_minus", GOOD[0].replace("Yên Minh", "-2+3", 1), "district", "formula"),
    ("formula_at", GOOD[0].replace("QĐ-101/2024", "@SUM(A1)", 1), "certificate number", "formula"),
    ("stars", GOOD[0].replace(",4,", ",6,", 1), "stars", "3, 4 or 5"),
    ("year", GOOD[0].replace(",2024,", ",2010,", 1), "year", "from 2018"),
    ("category", GOOD[0].replace("Mật ong,4", "Xe máy,4", 1), "category", "not a category"),
    ("email", GOOD[0].replace("banha@example.vn", "banha-at-example", 1), "e-mail", "not an e-mail"),
    ("empty_product", GOOD[0].replace("Mật ong bạc hà", "", 1), "product", "is empty"),
]


@pytest.mark.parametrize("label,line,column,words", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_bad_line_is_named_by_line_and_column_and_nothing_is_imported(organizer_client, hall, label, line, column, words):
    response = check(organizer_client, csv_file([GOOD[1], line]), hall)
    assert response.status_code == 400
    errors = response.context["error_lines"]
    assert [line.number for line in errors] == [3]
    assert errors[0].errors[0][0] == column and words in errors[0].errors[0][1]
    page = response.content.decode()
    assert "Nothing was imported" in page and "Import and send" not in page
    assert not response.context["stored"] and Producer.objects.count() == 0


def test_a_repeated_certificate_names_the_first_line(organizer_client, hall):
    response = check(organizer_client, csv_file([GOOD[0], GOOD[0]]), hall)
    [line] = response.context["error_lines"]
    assert line.number == 3 and "same as on line 2" in line.errors[0][1]


BAD_FILES = [
    ("latin1", lambda: csv_file(GOOD, encoding="cp1258"), "not UTF-8"),
    ("missing_columns", lambda: csv_file(["a,b"], header="Nhà sản xuất,Tỉnh"), "lacks the columns"),
    ("fifty_thousand_lines", lambda: SimpleUploadedFile("big.csv", (HEADER + "\n" + ",,,,,,,,,x\n" * 50000).encode()),
     "more than 2000 lines"),
    ("too_big", lambda: SimpleUploadedFile("huge.csv", (HEADER + "\n" + "x" * (3 * 1024 * 1024)).encode()),
     "larger than 2 MB"),
    ("empty", lambda: SimpleUploadedFile("empty.csv", b""), "empty"),
    ("header_only", lambda: csv_file([]), "no lines of products"),
    ("not_a_list", lambda: SimpleUploadedFile("list.pdf", b"%PDF-1.4 ..."), ".csv (UTF-8) or an .xlsx"),
    ("broken_xlsx", lambda: SimpleUploadedFile("list.xlsx", b"PK\x03\x04 not really a zip"), "not a valid .xlsx"),
]


@pytest.mark.parametrize("label,make,words", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_malformed_file_gets_one_clear_reason_and_nothing_is_imported(organizer_client, hall, label, make, words):
    response = check(organizer_client, make(), hall)
    assert response.status_code == 400
    assert words in response.context["problem"]
    assert Producer.objects.count() == 0 and Product.objects.count() == 0


def test_the_errors_come_in_vietnamese_too(client, hall):
    client.force_login(make_user(organizer=True))
    response = check(client, csv_file([GOOD[0].replace(",4,", ",6,", 1)]), hall)
    assert response.context["error_lines"][0].errors[0] == ("số sao", "phải là 3, 4 hoặc 5 (sao OCOP).")


def test_a_failure_in_the_middle_leaves_nothing_half_imported(hall, monkeypatch):
    _columns, lines = onboarding.read_table(name="l.csv", data=("\n".join([HEADER, *GOOD])).encode())
    onboarding.check_lines(lines)
    real, calls = Product.objects.create, []

    def failing(**fields):
        calls.append(fields)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(**fields)

    monkeypatch.setattr(Product.objects, "create", failing)
    with pytest.raises(RuntimeError):
        onboarding.run_import(lines=lines, hall=hall, user=make_user(organizer=True))
    assert (Producer.objects.count(), Booth.objects.count(), Product.objects.count(), Invitation.objects.count()) == (0, 0, 0, 0)


def test_the_downloadable_empty_list_checks_cleanly(organizer_client, hall):
    template = organizer_client.get(reverse("studio:onboarding_template"))
    response = check(organizer_client, SimpleUploadedFile("template.csv", template.content), hall)
    assert response.status_code == 200 and response.context["error_lines"] == []
