"""The page in a real browser: Playwright drives Debian's Chromium against `bannergen web` running
in its own process. Skipped, with the reason, where Playwright or Chromium is missing."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_server import start

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the 'test' extra installs it
    pytest.skip("Playwright for Python is not installed (pip install '.[test]')",
                allow_module_level=True)

# Playwright's own browser download is not used: Debian's Chromium is (apt-get install chromium).
CHROMIUM = os.environ.get("BANNERGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium, as "
                "root; .ci/run does) or set BANNERGEN_CHROMIUM to run the browser tests",
                allow_module_level=True)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("office")
    server = start(home)
    yield server
    code, _, err = server.stop()
    assert code == 130, err


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, locale="vi-VN",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url)  # the printed address: its token becomes the session cookie
    expect(page).to_have_url(server.base + "/")
    yield page
    context.close()


def test_preview_then_download_the_pdf(page, server, tmp_path):
    page.get_by_role("link", name="Làm băng rôn").click()
    page.get_by_label("Khẩu hiệu").select_option("4")
    page.get_by_label("Mẫu").select_option("bang-ron")
    page.get_by_label("Kích thước").fill("350x70cm")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator('img[alt^="Xem trước"]')
    expect(preview).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=preview.element_handle())
    assert preview.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1600, 320]
    assert "ĐẨY MẠNH TOÀN DIỆN" in preview.get_attribute("alt")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải PDF").click()
    download = info.value
    assert download.suggested_filename == "04-day-manh-doi-moi_bang-ron_350x70cm.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    pdf = PdfReader(target).pages[0]
    assert float(pdf.trimbox.width) == pytest.approx(3500 * 72 / 25.4, abs=0.01)
    assert float(pdf.trimbox.height) == pytest.approx(700 * 72 / 25.4, abs=0.01)
    assert "ĐẨY MẠNH TOÀN DIỆN, ĐỒNG BỘ" in pdf.extract_text()
    # The page is still there, with the preview and the choices kept.
    expect(page.get_by_label("Kích thước")).to_have_value("350x70cm")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải PNG").click()
    assert info.value.suggested_filename.endswith("_350x70cm.png")


def test_a_preset_and_an_error_beside_its_field(page, server):
    page.goto(server.base + "/banner")
    page.get_by_label("Khẩu hiệu").select_option("9")
    page.get_by_label("Mẫu").select_option("ap-phich")
    page.get_by_label("Cỡ có sẵn").select_option("A3-landscape")
    expect(page.get_by_label("Kích thước")).to_have_value("A3-landscape")  # the preset fills it
    page.get_by_label("Kích thước").fill("4 mét")
    page.get_by_role("button", name="Xem trước").click()
    size = page.get_by_label("Kích thước")
    expect(size).to_have_attribute("aria-invalid", "true")
    error = page.locator("#size-error")
    expect(error).to_contain_text("Kích thước '4 mét' không hợp lệ")
    assert page.locator('img[alt^="Xem trước"]').count() == 0


def test_an_order_of_two_items_then_the_zip(page, server, tmp_path):
    page.get_by_role("link", name="Đơn đặt in").click()
    page.get_by_label("Khẩu hiệu").select_option("7")
    page.get_by_label("Kích thước").fill("300x60cm")
    page.get_by_label("Số lượng").fill("3")
    page.get_by_label("PNG").check()
    page.get_by_label("Ghi chú").fill("Treo ở hội trường")
    page.get_by_role("button", name="Thêm vào đơn").click()
    expect(page.get_by_text("Đã thêm dòng 1 vào đơn.")).to_be_visible()
    page.get_by_label("Khẩu hiệu").select_option("10")
    page.get_by_label("Mẫu").select_option("ap-phich")
    page.get_by_label("Số lượng").fill("5")
    page.get_by_role("button", name="Thêm vào đơn").click()
    expect(page.locator("#total")).to_have_text(
        "Tổng cộng: 2 dòng, 8 tấm, 3 tệp, 6,65 m² vật liệu.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải Phiếu duyệt").click()
    proof = tmp_path / "phieu.pdf"
    info.value.save_as(proof)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(proof).pages).split())
    assert "PHIẾU DUYỆT MAKET" in text and "Treo ở hội trường" in text
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Tải gói cho nhà in").click()
    assert info.value.suggested_filename == "don-dat-in.zip"
    package = tmp_path / "don.zip"
    info.value.save_as(package)
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == sorted([
            "07-dang-lanh-dao_bang-ron_300x60cm.pdf", "07-dang-lanh-dao_bang-ron_300x60cm.png",
            "10-nuoc-cong-hoa-muon-nam_ap-phich_A2.pdf", "manifest.csv", "manifest.json"])
        poster = PdfReader(io.BytesIO(archive.read("10-nuoc-cong-hoa-muon-nam_ap-phich_A2.pdf")))
        assert "MUÔN NĂM" in poster.pages[0].extract_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải đơn (YAML)").click()
    order = Path(info.value.path()).read_text(encoding="utf-8")
    assert "slogan: 7" in order and "quantity: 3" in order and "slogan: 10" in order
    page.get_by_role("button", name="Xóa dòng 1").click()
    expect(page.locator("#total")).to_contain_text("1 dòng, 5 tấm")


def test_the_order_fits_a_phone(page, server, tmp_path):
    """At 390 px (a phone) the order's lines stack inside their card: nothing is wider than the
    screen, and each line's note and ✕ button are on it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.base + "/order")
    clear = page.get_by_role("button", name="Xóa cả đơn")
    if clear.count():
        clear.click()
    page.get_by_label("Khẩu hiệu").select_option("9")
    page.get_by_label("Kích thước").fill("500x80cm")
    page.get_by_label("Ghi chú").fill("Treo ở cổng chính, giao trước thứ Sáu")
    page.get_by_role("button", name="Thêm vào đơn").click()
    expect(page.get_by_text("Đã thêm dòng 1 vào đơn.")).to_be_visible()
    page.screenshot(path=tmp_path / "order-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    remove = page.get_by_role("button", name="Xóa dòng 1")
    note = page.locator("table.order td", has_text="Treo ở cổng chính")
    for element in (remove, note):
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    remove.click()
    expect(page.get_by_text("Đơn chưa có dòng nào")).to_be_visible()


LETTER = """\
HUYỆN ỦY ĐĂK HÀ
BAN TUYÊN GIÁO
Số 21-CV/BTGHU

Các khẩu hiệu tuyên truyền:
- Nhiệt liệt chào mừng Đại hội Đảng bộ huyện Đăk Hà lần thứ XX!
- Đoàn kết, dân chủ, kỷ cương, đổi mới, phát triển!

Nơi nhận:
- Lưu VP.
"""


def test_paste_a_letter_and_see_the_slogans(page, server):
    page.get_by_role("link", name="Danh mục mới").click()
    page.get_by_label("Nội dung công văn").fill(LETTER)
    page.get_by_label("Văn bản phê duyệt").fill("Công văn số 21-CV/BTGHU ngày 02/4/2025")
    page.get_by_label("Hiệu lực đến ngày").fill("30/9/2025")
    page.get_by_role("button", name="Tìm khẩu hiệu").click()
    found = page.locator("#found")
    expect(found).to_contain_text("Tìm thấy 2 khẩu hiệu")
    expect(found.locator("td.slogan-text")).to_have_text([
        "Nhiệt liệt chào mừng Đại hội Đảng bộ huyện Đăk Hà lần thứ XX!",
        "Đoàn kết, dân chủ, kỷ cương, đổi mới, phát triển!"])
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải danh mục (YAML)").click()
    assert info.value.suggested_filename == "khau-hieu-21-cv-btghu.yaml"
    assert "valid_to: 30/09/2025" in Path(info.value.path()).read_text(encoding="utf-8")
    page.get_by_role("button", name="Dùng danh mục này").click()
    expect(page.locator("h1")).to_have_text("Danh mục khẩu hiệu đang dùng")
    expect(page.locator("#slogan-2")).to_contain_text("Đoàn kết, dân chủ, kỷ cương")
    # Back to the default catalogue for the other tests of this server.
    page.get_by_role("button", name="Trở về danh mục mặc định").click()
    expect(page.locator("#slogan-11")).to_be_visible()


def test_a_foreign_page_cannot_post(page, server, browser):
    # A page of another site (here: a data: URL, an opaque origin) submits a form to the server.
    other = browser.new_page()
    other.set_content(f"""<form id="f" method="post" action="{server.base}/order/clear">
        <input name="csrf" value="guess"></form>""")
    with other.expect_navigation():
        other.evaluate("document.getElementById('f').submit()")
    assert "từ chối" in other.content() or "mã truy cập" in other.content()
    other.close()
