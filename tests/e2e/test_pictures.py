"""Pictures in a real Chromium: it reads AVIF, so it takes the AVIF rendition (served as image/avif), while the page
keeps the WebP and JPEG fallbacks, in that order, for browsers that do not."""

PRODUCT = "/products/xoai-say-deo-toan-thang/"

# Every picture's image has been fetched and decoded (a picture that failed to decode has no natural width).
SHOWN = """() => {
  const images = [...document.querySelectorAll('picture img')];
  images.forEach((img) => img.scrollIntoView());  // lazy images load once near the screen
  return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
}"""

PICTURES = """[...document.querySelectorAll('picture')].map((picture) => ({
  sources: [...picture.querySelectorAll('source')].map((source) => [source.type, source.srcset]),
  img: picture.querySelector('img').getAttribute('src'),
  current: picture.querySelector('img').currentSrc,
}))"""


def _shown_pictures(page, site, path, types):
    page.on("response", lambda response: types.update({response.url: response.headers.get("content-type")}))
    page.goto(site + path)
    page.wait_for_function(SHOWN)
    return page.evaluate(PICTURES)


def _assert_avif_shown_with_fallbacks(pictures, types):
    assert pictures
    for picture in pictures:
        assert picture["current"].endswith(".avif"), picture
        assert types[picture["current"]] == "image/avif"
        # What a browser without AVIF would take: the WebP source next, then the <img>'s JPEG.
        assert [kind for kind, _ in picture["sources"]] == ["image/avif", "image/webp"], picture
        assert all(url.split()[0].endswith(".webp") for url in picture["sources"][1][1].split(","))
        assert picture["img"].endswith(".jpg")


def test_chromium_takes_the_avif_rendition_in_light_mode(browser, site):
    context = browser.new_context(extra_http_headers={"Save-Data": "on"})  # light mode: no 3D viewer over the photo
    page = context.new_page()
    types = {}
    pictures = _shown_pictures(page, site, PRODUCT, types)
    assert page.evaluate("document.documentElement.dataset.mode") == "light"
    _assert_avif_shown_with_fallbacks(pictures, types)
    assert all(picture["current"].endswith(".w320.avif") for picture in pictures)  # light mode: the smallest
    context.close()


def test_chromium_takes_the_avif_rendition_of_hall_cards(browser, site):
    context = browser.new_context()
    page = context.new_page()
    types = {}
    pictures = _shown_pictures(page, site, "/", types)
    _assert_avif_shown_with_fallbacks(pictures, types)
    assert all(picture["current"].endswith(".w480.avif") for picture in pictures)
    context.close()
