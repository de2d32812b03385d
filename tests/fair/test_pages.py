"""Every page a visitor reaches without JavaScript: status and what they see, in both languages."""

import pytest
from django.urls import reverse

from fair.models import Fair
from tests.factories import make_booth, make_fair, make_hall, make_product, make_tour

pytestmark = pytest.mark.django_db


def english(client):
    client.get(reverse("fair:language", args=["en"]), {"next": "/"})


def test_home_shows_the_open_fair_and_its_halls(client):
    fair = make_fair(name_vi="Hội chợ mùa thu", name_en="Autumn fair")
    make_hall(fair=fair, name_vi="Khu mật ong", name_en="Honey hall")
    make_fair(status=Fair.Status.DRAFT, name_vi="Hội chợ nháp")
    page = client.get("/").content.decode()
    assert "Hội chợ mùa thu" in page
    assert "Khu mật ong" in page
    assert "Hội chợ nháp" not in page
    assert '<html lang="vi"' in page


def test_home_without_any_fair_says_so(client):
    page = client.get("/").content.decode()
    assert "Hiện chưa có hội chợ nào mở cửa" in page


def test_language_switch_turns_the_pages_english_with_fallback(client):
    fair = make_fair(name_vi="Hội chợ mùa thu", name_en="Autumn fair")
    hall = make_hall(fair=fair, name_vi="Khu mật ong", name_en="")  # no English name: falls back
    english(client)
    page = client.get(reverse("fair:fair", args=[fair.slug])).content.decode()
    assert '<html lang="en"' in page
    assert "Autumn fair" in page and "Hội chợ mùa thu" not in page
    assert "Khu mật ong" in page
    assert "Walk this hall" in page  # the fair's map of halls and booths, in English
    assert hall.slug in page


def test_the_language_links_work_without_javascript_and_go_back_only_to_this_site(client):
    fair = make_fair(name_vi="Hội chợ mùa thu", name_en="Autumn fair")
    page = reverse("fair:fair", args=[fair.slug])
    header = client.get(page).content.decode()
    english_link = f'{reverse("fair:language", args=["en"])}?next={page}'
    assert f'href="{english_link}"' in header and "csrfmiddlewaretoken" not in header  # a plain link, no form
    response = client.get(english_link)
    assert response.status_code == 302 and response["Location"] == page
    assert "Autumn fair" in client.get(page).content.decode()
    elsewhere = client.get(reverse("fair:language", args=["vi"]), {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"  # never sends a visitor off the site
    assert "Hội chợ mùa thu" in client.get(page).content.decode()
    assert client.get(reverse("fair:language", args=["fr"])).status_code == 404


def test_hall_lists_its_booths_with_producer_and_featured_product(client):
    hall = make_hall()
    booth = make_booth(hall=hall, title_vi="Gian mật ong Quyết Thắng")
    make_product(booth=booth, name_vi="Mật ong hoa nhãn", stars=4, with_image=True)
    other = make_booth()  # another hall
    response = client.get(reverse("booths:hall", args=[hall.fair.slug, hall.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gian mật ong Quyết Thắng" in page
    assert booth.producer.name in page
    assert "Mật ong hoa nhãn" in page
    assert 'aria-label="4 sao OCOP"' in page
    assert other.title_vi not in page


def test_hall_page_queries_do_not_grow_with_booths(client, django_assert_max_num_queries):
    hall = make_hall()
    for _ in range(3):
        make_product(booth=make_booth(hall=hall), with_image=True)
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(20):
        make_product(booth=make_booth(hall=hall), with_image=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count('class="card booth-card"') == 23


def test_booth_shows_products_prices_stock_and_tour(client):
    booth = make_booth()
    make_product(booth=booth, name_vi="Mật ong rừng", price_vnd=380000, stock=0)
    make_product(booth=booth, name_vi="Sáp ong", is_published=False)
    make_tour(booth, steps=3)
    page = client.get(reverse("booths:booth", args=[booth.slug])).content.decode()
    assert "Mật ong rừng" in page
    assert "380.000\u00a0₫" in page
    assert "Hết hàng" in page
    assert "Sáp ong" not in page
    assert page.count('class="tour-step"') == 3
    assert "Thùng ong" in page and "Bước 1/3" in page


def test_product_shows_story_certificate_and_traceability(client):
    product = make_product(story_vi="Mật ong sánh vàng.", certificate_number="OCOP-SL-2021-027",
                           growing_area_code="SL-SM-MO-0021", stars=4)
    product.diary.create(date="2026-10-01", activity_vi="Quay mật", activity_en="Honey extracted", inputs="Máy quay inox")
    english(client)
    page = client.get(reverse("booths:product", args=[product.slug])).content.decode()
    assert "Mật ong sánh vàng." in page  # no English story: the Vietnamese one is shown
    assert "OCOP-SL-2021-027" in page
    assert "Province" in page
    assert "SL-SM-MO-0021" in page
    assert "Honey extracted" in page
    assert "250,000\u00a0₫" in page


def test_user_text_is_escaped(client):
    product = make_product(story_vi='<script>alert("x")</script>', name_vi="<b>Mật</b>")
    page = client.get(reverse("booths:product", args=[product.slug])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "<b>Mật</b>" not in page


@pytest.mark.parametrize("status", [Fair.Status.DRAFT])
def test_draft_fairs_are_hidden_from_visitors_but_not_organizers(client, status):
    from tests.factories import make_user

    fair = make_fair(status=status)
    hall = make_hall(fair=fair)
    booth = make_booth(hall=hall)
    product = make_product(booth=booth)
    urls = [reverse("fair:fair", args=[fair.slug]), reverse("booths:hall", args=[fair.slug, hall.slug]),
            reverse("booths:booth", args=[booth.slug]), reverse("booths:product", args=[product.slug])]
    assert [client.get(url).status_code for url in urls] == [404] * 4
    client.force_login(make_user(organizer=True))
    assert [client.get(url).status_code for url in urls] == [200] * 4


def test_unknown_pages_are_404(client):
    assert client.get("/booths/nobody/").status_code == 404
    assert client.get("/products/nothing/").status_code == 404
    assert client.get("/fairs/none/halls/none/").status_code == 404
