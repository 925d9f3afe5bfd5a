"""One message catalogue for every user-facing string, in Vietnamese (default) and English."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bannergen.errors import BannergenError

LANGUAGES = ("vi", "en")

# key: (Vietnamese, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # generic location words
    "field": ("trường", "field"),
    "value": ("giá trị", "value"),
    "line": ("dòng", "line"),
    "several_problems": ("Có {count} lỗi.", "{count} problems found."),
    # files and YAML
    "file_not_found": ("không tìm thấy tệp.", "file not found."),
    "file_unreadable": ("không đọc được tệp: {reason}.", "cannot read the file: {reason}."),
    "file_too_large": ("tệp quá lớn ({size} byte, tối đa {limit}).",
                       "the file is too large ({size} bytes, at most {limit})."),
    "file_not_utf8": ("tệp không phải UTF-8 (byte {position}); hãy lưu lại tệp với mã UTF-8.",
                      "the file is not UTF-8 (byte {position}); save it again as UTF-8."),
    "yaml_syntax": ("YAML sai cú pháp: {problem}.", "malformed YAML: {problem}."),
    "yaml_empty": ("tệp rỗng.", "the file is empty."),
    "yaml_too_complex": ("YAML quá phức tạp (quá nhiều bí danh/lồng nhau).",
                         "the YAML is too complex (too many aliases or too deeply nested)."),
    "unknown_key": ("khóa không hợp lệ '{name}'{suggestion}.", "unknown key '{name}'{suggestion}."),
    "did_you_mean": (" — có phải ý bạn là '{name}'?", " — did you mean '{name}'?"),
    "missing_key": ("thiếu trường bắt buộc '{name}'.", "the required field '{name}' is missing."),
    "yaml_tag": ("thẻ YAML '{value}' không được phép (chỉ dùng dữ liệu thuần).",
                 "the YAML tag '{value}' is not allowed (plain data only)."),
    "wrong_type": ("cần {expected}, nhận được {got}.", "expected {expected}, got {got}."),
    "not_one_of": ("giá trị '{value}' không hợp lệ; chọn một trong: {choices}.",
                   "'{value}' is not allowed; choose one of: {choices}."),
    "empty_text": ("nội dung rỗng.", "the text is empty."),
    "invisible_chars": ("nội dung chứa ký tự ẩn {chars}; hãy xóa chúng.",
                        "the text contains invisible characters {chars}; remove them."),
    "duplicate_id": ("id {value} bị trùng (đã dùng ở dòng {first_line}).",
                     "duplicate id {value} (already used on line {first_line})."),
    "duplicate_slug": ("slug '{value}' bị trùng (đã dùng ở dòng {first_line}).",
                       "duplicate slug '{value}' (already used on line {first_line})."),
    "bad_slug": ("slug '{value}' chỉ được gồm chữ thường không dấu, số và dấu '-'.",
                 "the slug '{value}' may contain only lower-case ASCII letters, digits and '-'."),
    "bad_date": ("ngày '{value}' không hợp lệ; dùng dạng YYYY-MM-DD.",
                 "'{value}' is not a date; write it as YYYY-MM-DD."),
    "bad_period": ("ngày bắt đầu {start} sau ngày kết thúc {end}.",
                   "the start date {start} is after the end date {end}."),
    "bad_color": ("màu '{value}' không hợp lệ; dùng '#RRGGBB' cho rgb và [C, M, Y, K] (0–100) cho cmyk.",
                  "'{value}' is not a colour; use '#RRGGBB' for rgb and [C, M, Y, K] (0–100) for cmyk."),
    "unknown_color": ("màu '{value}' chưa được khai báo trong 'colors'.",
                      "the colour '{value}' is not defined under 'colors'."),
    "bad_number": ("'{value}' phải là số trong khoảng {low}–{high}.",
                   "'{value}' must be a number between {low} and {high}."),
    # catalogue and slogans
    "unknown_slogan": ("không có khẩu hiệu '{value}' trong {catalog}; xem danh sách bằng lệnh 'bannergen list'.",
                       "no slogan '{value}' in {catalog}; see the list with 'bannergen list'."),
    "no_slogans": ("danh mục không có khẩu hiệu nào.", "the catalogue has no slogans."),
    # templates
    "unknown_template": ("không có mẫu '{value}'; các mẫu có sẵn: {choices}.",
                         "no template '{value}'; available templates: {choices}."),
    "template_name_mismatch": ("tên mẫu '{value}' khác tên tệp '{expected}'.",
                               "the template name '{value}' differs from its file name '{expected}'."),
    "duplicate_template": ("tên hoặc bí danh mẫu '{value}' bị trùng.",
                           "the template name or alias '{value}' is used twice."),
    "grommet_outside_hem": ("tâm khoen cách mép {value} mm, nằm ngoài viền may {hem} mm.",
                            "the grommet centre {value} mm from the edge lies outside the {hem} mm hem."),
    # sizes
    "bad_size": ("kích thước '{value}' không hợp lệ; viết dạng 500x80cm, 5000x800mm, 5x0.8m, 200x31.5in hoặc A0–A5 (vd. A2-landscape).",
                 "'{value}' is not a size; write 500x80cm, 5000x800mm, 5x0.8m, 200x31.5in or a paper name A0–A5 (e.g. A2-landscape)."),
    "size_not_positive": ("kích thước '{value}' phải lớn hơn 0.", "the size '{value}' must be greater than zero."),
    "size_too_small": ("kích thước '{value}' quá nhỏ (tối thiểu {limit} mm mỗi cạnh).",
                       "the size '{value}' is too small (at least {limit} mm per side)."),
    "unknown_document": ("văn bản '{value}' không có trong danh sách 'documents' của danh mục.",
                         "the document '{value}' is not listed under the catalogue's 'documents'."),
    "catalog_expired": ("Cảnh báo: danh mục hết hiệu lực ({start} đến {end}).",
                        "Warning: the catalogue's validity period ({start} to {end}) has passed."),
    "size_too_large": ("kích thước '{value}' vượt quá giới hạn {limit} m mỗi cạnh.",
                       "the size '{value}' exceeds the limit of {limit} m per side."),
    "bad_scale": ("tỉ lệ '{value}' không hợp lệ; viết dạng 1:N với N từ 1 đến {limit}, vd. 1:10.",
                  "'{value}' is not a scale; write 1:N with N from 1 to {limit}, e.g. 1:10."),
    "bad_bleed": ("tràn lề '{value}' mm phải trong khoảng {low}–{high} mm.",
                  "the bleed '{value}' mm must be between {low} and {high} mm."),
    "cmyk_raster_needs_tiff": ("ảnh CMYK chỉ xuất được dạng TIFF; dùng -f tiff, hoặc bỏ --cmyk.",
                               "CMYK raster output is TIFF only; use -f tiff, or leave out --cmyk."),
    "note_user_unit": ("Lưu ý: trang dài {length} mm vượt giới hạn 200 in (5080 mm) của PDF; kích thước thật được giữ bằng /UserUnit = {unit} (1 đơn vị = {unit_name}). Adobe, Ghostscript, MuPDF hiểu đúng; Poppler và PDFium hiện nhỏ hơn. Xưởng in không dùng được thì chọn --scale 1:10.",
                       "Note: the {length} mm page exceeds PDF's 200 in (5,080 mm) limit; its exact size is kept with /UserUnit = {unit} (1 unit = {unit_name}). Adobe, Ghostscript and MuPDF honour it; Poppler and PDFium show it smaller. If the shop's RIP ignores it, use --scale 1:10."),
    "bad_dpi": ("DPI '{value}' phải trong khoảng {low}–{high}.", "the DPI '{value}' must be between {low} and {high}."),
    "pixel_budget": ("ảnh {width}×{height} px vượt giới hạn {limit} megapixel; hãy giảm --dpi (tối đa {max_dpi} cho kích thước này).",
                     "a {width}×{height} px image exceeds the {limit} megapixel budget; lower --dpi (at most {max_dpi} for this size)."),
    "image_too_large": ("ảnh {width}×{height} px vượt giới hạn của định dạng {value} ({limit} px); hãy giảm --dpi hoặc chọn PNG/TIFF.",
                        "a {width}×{height} px image exceeds what {value} can hold ({limit} px); lower --dpi or choose PNG/TIFF."),
    "unknown_format": ("định dạng '{value}' không hỗ trợ; chọn một trong: {choices}.",
                       "the format '{value}' is not supported; choose one of: {choices}."),
    # fonts and text
    "font_missing": ("không tìm thấy phông chữ '{value}' (tìm trong {where}).",
                     "font '{value}' not found (looked in {where})."),
    "font_invalid": ("tệp phông '{value}' không đọc được: {reason}.", "the font file '{value}' cannot be read: {reason}."),
    "missing_glyph": ("phông {font} không có ký tự {chars}; hãy sửa nội dung hoặc chọn phông khác.",
                      "the font {font} has no glyph for {chars}; correct the text or choose another font."),
    "text_does_not_fit": ("không thể đặt nội dung vừa khung chữ {width}×{height} mm của mẫu '{template}' (cỡ chữ tối thiểu {min_size} pt); hãy chọn kích thước lớn hơn.",
                          "the text cannot fit the {width}×{height} mm text box of template '{template}' (minimum type size {min_size} pt); choose a larger size."),
    # output
    "output_is_directory": ("đường dẫn ra '{value}' là một thư mục; hãy cho tên tệp, hoặc bỏ -o.",
                            "the output path '{value}' is a directory; give a file name, or leave out -o."),
    "output_not_writable": ("không ghi được vào '{value}': {reason}.", "cannot write to '{value}': {reason}."),
    "output_many_needs_dir": ("khi in nhiều khẩu hiệu, -o phải là một thư mục.",
                              "with several slogans, -o must be a directory."),
    # drafts
    "text_needs_draft": ("nội dung '{value}' không có trong danh mục đã phê duyệt nên không được in; thêm --draft để in bản nháp có dấu 'BẢN NHÁP – CHƯA PHÊ DUYỆT', hoặc chọn khẩu hiệu đã duyệt (xem 'bannergen list').",
                         "the text '{value}' is not in the approved catalogue, so it cannot be printed; add --draft for a draft marked 'BẢN NHÁP – CHƯA PHÊ DUYỆT', or pick an approved slogan (see 'bannergen list')."),
    "text_and_slogans": ("dùng hoặc số/mã khẩu hiệu, hoặc --text, không dùng cả hai.",
                         "give either slogan ids/slugs or --text, not both."),
    "no_slogan_given": ("hãy cho số hoặc mã khẩu hiệu (xem 'bannergen list'), vd. 'bannergen render 1'.",
                        "give a slogan id or slug (see 'bannergen list'), e.g. 'bannergen render 1'."),
    # orders and batch
    "order_empty": ("đơn đặt in không có dòng nào trong 'items'.", "the order has no items."),
    "order_no_slogan": ("dòng này chưa chọn khẩu hiệu nào.", "this item names no slogan."),
    "order_no_format": ("danh sách định dạng rỗng; ghi ít nhất một: pdf, png, jpg, tiff.",
                        "the list of formats is empty; give at least one: pdf, png, jpg, tiff."),
    "item_failed": ("lỗi khi xuất tệp: {reason}.", "rendering failed: {reason}."),
    "batch_item_rendered": ("[{done}/{total}] Đã ghi {file}", "[{done}/{total}] Wrote {file}"),
    "batch_item_skipped": ("[{done}/{total}] Bỏ qua {file} (đã cập nhật)", "[{done}/{total}] Skipped {file} (up to date)"),
    "batch_item_failed": ("[{done}/{total}] LỖI {file}: {error}", "[{done}/{total}] FAILED {file}: {error}"),
    "batch_progress": ("Đang xuất", "Rendering"),
    "batch_summary": ("Xong: {rendered} tệp đã ghi, {skipped} tệp bỏ qua vì đã cập nhật (dùng --force để xuất lại), {failed} tệp lỗi. Danh sách: {manifest}",
                      "Done: {rendered} written, {skipped} skipped as up to date (use --force to render again), {failed} failed. Manifest: {manifest}"),
    "batch_failed_list": ("Các tệp bị lỗi:", "Failed files:"),
    "batch_zip": ("Đã đóng gói cho nhà in: {path}", "Packed for the print shop: {path}"),
    "bad_jobs": ("--jobs phải từ 1 trở lên.", "--jobs must be 1 or more."),
    # tiles
    "bad_paper": ("khổ giấy '{value}' không hỗ trợ; chọn một trong: {choices}.",
                  "the paper '{value}' is not supported; choose one of: {choices}."),
    "bad_overlap": ("phần chồng mép '{value}' mm phải trong khoảng {low}–{high} mm.",
                    "the overlap '{value}' mm must be between {low} and {high} mm."),
    "too_many_sheets": ("cần {value} tờ {paper}, quá giới hạn {limit} tờ; hãy chọn A3 hoặc gửi tệp PDF cho nhà in.",
                        "this needs {value} {paper} sheets, more than the limit of {limit}; choose A3 or send the PDF to a print shop."),
    "tile_wrote": ("Đã ghi {path}: sơ đồ ghép và {sheets} tờ {paper} ({rows} hàng × {cols} cột).",
                   "Wrote {path}: an assembly map and {sheets} {paper} sheets ({rows} rows × {cols} columns)."),
    # CLI and reports
    "wrote": ("Đã ghi {path}", "Wrote {path}"),
    "check_ok": ("Không có lỗi: {slogans} khẩu hiệu, {templates} mẫu, {fonts} phông chữ.",
                 "No problems: {slogans} slogans, {templates} templates, {fonts} fonts."),
    "internal_error": ("Lỗi không mong đợi: {reason}. Chạy lại với --debug để xem chi tiết.",
                       "Unexpected error: {reason}. Run again with --debug for details."),
    "col_id": ("Số", "Id"),
    "col_slug": ("Mã", "Slug"),
    "col_text": ("Nội dung", "Text"),
    "col_template": ("Mẫu", "Template"),
    "col_aliases": ("Bí danh", "Aliases"),
    "col_title": ("Tên", "Name"),
    "col_size": ("Kích thước mặc định", "Default size"),
    "col_dpi": ("DPI", "DPI"),
    "catalog_title": ("{title} — {count} khẩu hiệu, hiệu lực {start} đến {end}",
                      "{title} — {count} slogans, valid {start} to {end}"),
}


def current_language(explicit: str | None = None) -> str:
    """The message language: an explicit choice, else BANNERGEN_LANG, else Vietnamese."""
    lang = (explicit or os.environ.get("BANNERGEN_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


def message(key: str, lang: str = "vi", **params: object) -> str:
    vi, en = MESSAGES[key]
    template = en if lang == "en" else vi
    return template.format(**params)


def format_error(error: BannergenError, lang: str = "vi") -> str:
    """`file:line: field 'x': what is wrong` — the location first, so that editors can jump to it."""
    place = ""
    if error.file:
        place = error.file + (f":{error.line}" if error.line else "")
    parts = [place] if place else []
    if error.field:
        parts.append(f"{message('field', lang)} '{error.field}'")
    params = dict(error.params)
    params.setdefault("value", error.value)
    if "suggest" in params:
        name = params.pop("suggest")
        params["suggestion"] = message("did_you_mean", lang, name=name) if name else ""
    text = message(error.key, lang, **params)
    head = ": ".join(parts)
    line = f"{head}: {text}" if head else text[:1].upper() + text[1:]
    if error.hint:
        line += "\n" + error.hint
    return line
