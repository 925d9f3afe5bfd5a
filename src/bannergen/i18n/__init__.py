"""One message catalogue for every user-facing string, in Vietnamese (default) and English."""

from __future__ import annotations

import os

LANGUAGES = ("vi", "en")

# key: (Vietnamese, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # generic location words
    "field": ("mục", "field"),
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
    "yaml_syntax": ("tệp viết sai: {problem}.", "malformed YAML: {problem}."),
    "yaml_bad_char": ("tệp chứa ký tự điều khiển {chars} (không được phép); hãy xóa nó.",
                      "the file contains the control character {chars}, which YAML forbids; remove it."),
    "yaml_empty": ("tệp rỗng.", "the file is empty."),
    "yaml_too_complex": ("tệp quá phức tạp (quá nhiều tầng lồng nhau hoặc tham chiếu).",
                         "the YAML is too complex (too many aliases or too deeply nested)."),
    "unknown_key": ("không có mục '{name}'{suggestion}", "unknown key '{name}'{suggestion}"),
    "did_you_mean": (" — có phải ý bạn là '{name}'?", " — did you mean '{name}'?"),
    "missing_key": ("thiếu mục bắt buộc '{name}'.", "the required field '{name}' is missing."),
    "yaml_tag": ("'{value}' không được phép ở đây; nếu là nội dung, hãy đặt trong ngoặc kép.",
                 "the YAML tag '{value}' is not allowed (plain data only)."),
    "wrong_type": ("cần {expected}, nhận được {got}.", "expected {expected}, got {got}."),
    "not_one_of": ("giá trị '{value}' không hợp lệ; chọn một trong: {choices}.",
                   "'{value}' is not allowed; choose one of: {choices}."),
    "empty_text": ("nội dung rỗng.", "the text is empty."),
    "invisible_chars": ("nội dung chứa ký tự ẩn {chars}; hãy xóa chúng.",
                        "the text contains invisible characters {chars}; remove them."),
    "stray_mark": ("nội dung có dấu {chars} đứng riêng, không gắn vào chữ nào; hãy gõ lại chữ có dấu.",
                   "the text has the mark {chars} standing alone, on no letter; retype the accented letter."),
    "duplicate_id": ("id {value} bị trùng (đã dùng ở dòng {first_line}).",
                     "duplicate id {value} (already used on line {first_line})."),
    "duplicate_slug": ("mã khẩu hiệu '{value}' bị trùng (đã dùng ở dòng {first_line}).",
                       "duplicate slug '{value}' (already used on line {first_line})."),
    "bad_slug": ("mã khẩu hiệu '{value}' chỉ được gồm chữ thường không dấu, số và dấu '-'.",
                 "the slug '{value}' may contain only lower-case ASCII letters, digits and '-'."),
    "bad_date": ("ngày '{value}' không hợp lệ; ghi ngày/tháng/năm, vd. 30/6/2027, hoặc 2027-06-30.",
                 "'{value}' is not a date; write day/month/year, e.g. 30/6/2027, or 2027-06-30."),
    "bad_period": ("ngày bắt đầu {start} sau ngày kết thúc {end}.",
                   "the start date {start} is after the end date {end}."),
    "bad_color": ("màu '{value}' không hợp lệ; dùng '#RRGGBB' cho rgb và [C, M, Y, K] (0–100) cho cmyk.",
                  "'{value}' is not a colour; use '#RRGGBB' for rgb and [C, M, Y, K] (0–100) for cmyk."),
    "unknown_color": ("màu '{value}' chưa được khai báo trong 'colors'.",
                      "the colour '{value}' is not defined under 'colors'."),
    "bad_number": ("'{value}' phải là số trong khoảng {low}–{high}.",
                   "'{value}' must be a number between {low} and {high}."),
    # catalogue and slogans
    "unknown_slogan": ("không có khẩu hiệu '{value}' trong {catalog}; xem danh sách bằng lệnh '{command}'.",
                       "no slogan '{value}' in {catalog}; see the list with '{command}'."),
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
    "size_too_small_for_template": ("kích thước '{value}' quá nhỏ cho mẫu '{template}': lề và viền may {margin} mm mỗi bên, nên cạnh ngắn cần ít nhất {minimum} mm; hãy chọn kích thước lớn hơn hoặc mẫu khác.",
                                    "the size '{value}' is too small for template '{template}': its margins and hems take {margin} mm on each side, so the shorter side needs at least {minimum} mm; choose a larger size or another template."),
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
    "jpeg_too_large": ("ảnh {width}×{height} px quá lớn cho JPEG (tối đa {limit} px mỗi cạnh); hãy giảm --dpi (tối đa {max_dpi}) hoặc dùng PNG/TIFF.",
                       "a {width}×{height} px image is too large for JPEG (at most {limit} px per side); lower --dpi (at most {max_dpi}) or use PNG/TIFF."),
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
    "text_needs_draft": ("nội dung '{value}' không có trong danh mục đã phê duyệt nên không được in; thêm --draft để in bản nháp có dấu 'BẢN NHÁP – CHƯA PHÊ DUYỆT', hoặc chọn khẩu hiệu đã duyệt (xem '{command}').",
                         "the text '{value}' is not in the approved catalogue, so it cannot be printed; add --draft for a draft marked 'BẢN NHÁP – CHƯA PHÊ DUYỆT', or pick an approved slogan (see '{command}')."),
    "text_and_slogans": ("dùng hoặc số/mã khẩu hiệu, hoặc --text, không dùng cả hai.",
                         "give either slogan ids/slugs or --text, not both."),
    "no_slogan_given": ("hãy cho số hoặc mã khẩu hiệu (xem '{command}'), vd. 'bannergen render 1'.",
                        "give a slogan id or slug (see '{command}'), e.g. 'bannergen render 1'."),
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
    "batch_summary": ("Xong: {rendered} tệp đã ghi, {skipped} tệp bỏ qua vì đã cập nhật (dùng --force để xuất lại), {failed} tệp lỗi. Danh sách tệp: {manifest}",
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
    "col_slug": ("Mã khẩu hiệu", "Slug"),
    "col_text": ("Nội dung", "Text"),
    "col_template": ("Mẫu", "Template"),
    "col_aliases": ("Bí danh", "Aliases"),
    "col_title": ("Tên", "Name"),
    "col_size": ("Kích thước mặc định", "Default size"),
    "col_dpi": ("DPI", "DPI"),
    "catalog_title": ("{title} — {count} khẩu hiệu, hiệu lực {start} đến {end}",
                      "{title} — {count} slogans, valid {start} to {end}"),
    "more_problems": ("… và {count} lỗi khác; chạy 'bannergen check' để xem tất cả.",
                      "… and {count} more; run 'bannergen check' to see them all."),
    "verbose_job": ("{path}: {template}, {size} ({width_mm}×{height_mm} mm), {lines} dòng, cỡ chữ {type_size} pt",
                    "{path}: {template}, {size} ({width_mm}×{height_mm} mm), {lines} lines, type size {type_size} pt"),
    "verbose_line": ("  | {text}", "  | {text}"),
    "verbose_raster": ("{path}: {width}×{height} px ở {dpi} DPI", "{path}: {width}×{height} px at {dpi} DPI"),
    # type names and reasons, filled into other messages (see Msg)
    "type_text": ("chuỗi chữ", "text"),
    "type_int": ("số nguyên", "an integer"),
    "type_number": ("số", "a number"),
    "type_bool": ("true/false", "true/false"),
    "type_date": ("ngày (30/6/2027 hoặc 2027-06-30)", "a date (30/6/2027 or 2027-06-30)"),
    "type_slogan_ref": ("số hoặc mã khẩu hiệu", "a slogan id or slug"),
    "type_list": ("danh sách", "a list"),
    "type_map": ("danh sách các mục (tên: giá trị)", "a mapping"),
    "type_any": ("một giá trị", "a value"),
    "type_key": ("tên mục (chữ hoặc số)", "a plain key (text or number)"),
    "got_null": ("rỗng (null)", "nothing (null)"),
    "got_bool": ("true/false ({value})", "true/false ({value})"),
    "got_number": ("số ({value})", "a number ({value})"),
    "got_date": ("ngày ({value})", "a date ({value})"),
    "got_text": ("chuỗi chữ ({value})", "text ({value})"),
    "reason_is_directory": ("đây là một thư mục", "it is a directory"),
    "reason_not_directory": ("không phải thư mục", "not a directory"),
    "reason_permission": ("không có quyền", "permission denied"),
    "reason_read_only": ("ổ đĩa chỉ đọc", "read-only file system"),
    "reason_no_space": ("hết chỗ trên đĩa", "no space left on the disk"),
    "reason_not_found": ("không tồn tại", "does not exist"),
    "reason_other": ("lỗi hệ thống ({detail})", "system error ({detail})"),
    # images
    "image_not_image": ("tệp '{value}' không phải ảnh PNG hoặc JPEG.",
                        "'{value}' is not a PNG or JPEG image."),
    "image_bomb": ("ảnh '{value}' khai báo {width}×{height} px, vượt giới hạn {limit} megapixel; hãy dùng ảnh nhỏ hơn.",
                   "the image '{value}' declares {width}×{height} px, over the {limit} megapixel limit; use a smaller image."),
    "image_broken": ("ảnh '{value}' bị hỏng hoặc không đọc được: {reason}.",
                     "the image '{value}' is damaged or unreadable: {reason}."),
    # schema
    "unknown_schema": ("không có lược đồ '{value}'; chọn một trong: {choices}.",
                       "no schema '{value}'; choose one of: {choices}."),
    # command-line usage
    "usage_no_option": ("không có tùy chọn '{value}'{suggestion}", "no such option '{value}'{suggestion}"),
    "usage_no_command": ("không có lệnh '{value}'; các lệnh: {choices}.",
                         "no such command '{value}'; commands: {choices}."),
    "usage_missing": ("thiếu {value}.", "missing {value}."),
    "usage_needs_value": ("tùy chọn '{value}' cần một giá trị.", "the option '{value}' needs a value."),
    "usage_bad_value": ("giá trị '{value}' không hợp lệ cho {param}{expected}.",
                        "'{value}' is not a valid value for {param}{expected}."),
    "usage_expected": (" (cần {what})", " (expected {what})"),
    "usage_other": ("cách dùng không đúng: {value}.", "incorrect usage: {value}."),
    "usage_hint": ("Xem '{command} --help'.", "See '{command} --help'."),
    "usage_argument": ("đối số {name}", "the argument {name}"),
    "usage_option": ("tùy chọn {name}", "the option {name}"),
    # help texts (cli.py builds its help through these keys, in the user's language)
    "help_app": ("bannergen: khẩu hiệu đã duyệt → băng rôn, áp phích sẵn sàng in (PDF vector, PNG/JPEG/TIFF).",
                 "bannergen: approved slogans → print-ready banners and posters (vector PDF, PNG/JPEG/TIFF)."),
    "help_catalog": ("Tệp danh mục khẩu hiệu (mặc định: danh mục kèm theo; hoặc BANNERGEN_CATALOG).",
                     "The slogan catalogue file (default: the bundled one; or BANNERGEN_CATALOG)."),
    "help_lang": ("Ngôn ngữ thông báo: vi hoặc en.", "Message language: vi or en."),
    "help_debug": ("Hiện traceback khi có lỗi.", "Show the traceback on errors."),
    "help_quiet": ("Chỉ in lỗi (không in 'Đã ghi …', không cảnh báo).",
                   "Print errors only (no 'Wrote …' lines, no warnings)."),
    "help_verbose": ("In thêm chi tiết: dòng chữ, cỡ chữ, DPI, số điểm ảnh.",
                     "Print more detail: the lines, type size, DPI, pixel size."),
    "help_text": ('Nội dung chưa có trong danh mục (chỉ dùng kèm --draft).', 'Text that is not in the catalogue (only with --draft).'),
    "help_draft": ("Bản nháp: in dấu chìm 'BẢN NHÁP – CHƯA PHÊ DUYỆT'.", "Draft: print the watermark 'BẢN NHÁP – CHƯA PHÊ DUYỆT' (draft, not approved)."),
    "help_bleed": ('Tràn lề (mm) quanh kích thước thành phẩm (mặc định theo mẫu).', "Bleed (mm) around the finished size (default: the template's)."),
    "help_marks": ('Thêm dấu xén và dòng thông tin ngoài vùng tràn lề.', 'Add crop marks and a slug line outside the bleed.'),
    "help_cmyk": ('Mọi màu trong PDF là CMYK (ảnh: chỉ TIFF).', 'Every colour in the PDF is CMYK (images: TIFF only).'),
    "help_outline_text": ('Chuyển chữ thành đường cong (không nhúng phông).', 'Convert text to curves (no font in the file).'),
    "help_scale": ('Tỉ lệ thu nhỏ, vd. 1:10 (mặc định 1:1).', 'Reduced scale, e.g. 1:10 (default 1:1).'),
    "help_grommet_marks": ('Đánh dấu vị trí khoen (ô-dê) trên viền.', 'Mark the grommet positions on the hem.'),
    "help_batch_order": ('Tệp đơn đặt in (YAML). Bỏ trống: cả danh mục trên các mẫu mặc định.', 'Print order file (YAML). Leave out: the whole catalogue on the default templates.'),
    "help_output_dir": ('Thư mục ra.', 'Output folder.'),
    "help_jobs": ('Số tiến trình song song (mặc định: số CPU).', 'Parallel processes (default: the number of CPUs).'),
    "help_force": ('Xuất lại cả các tệp đã cập nhật.', 'Render again even files that are up to date.'),
    "help_zip": ('Đóng gói tệp và danh sách thành một tệp zip cho nhà in.', 'Pack the files and the manifest into one zip for the print shop.'),
    "help_order": ('Tệp đơn đặt in (YAML).', 'Print order file (YAML).'),
    "help_proof_output": ('Tệp PDF phiếu duyệt.', 'PDF file of the approval sheet.'),
    "help_slogan": ('Số hoặc mã khẩu hiệu.', "A slogan's id or slug."),
    "help_tile_size": ('Kích thước thật, vd. 300x50cm.', 'Real size, e.g. 300x50cm.'),
    "help_paper": ('Khổ giấy máy in văn phòng: A4 hoặc A3.', 'Office printer paper: A4 or A3.'),
    "help_overlap": ('Phần chồng mép để dán (mm).', 'Glue overlap between sheets (mm).'),
    "help_pdf_output": ('Tệp PDF.', 'PDF file.'),
    "help_gallery_output": ('Thư mục ảnh xem trước.', 'Folder for the preview images.'),
    "help_batch": ('Xuất mọi dòng của đơn đặt in (song song), kèm danh sách tệp (JSON, CSV).', 'Render every line of a print order (in parallel), with a manifest (JSON, CSV).'),
    "help_proof": ('Lập phiếu duyệt maket (A4) để lãnh đạo ký duyệt trước khi in.', 'Make the A4 approval sheet (phiếu duyệt maket) for the head of office to sign.'),
    "help_tile": ('Chia băng rôn cỡ thật ra nhiều tờ A4/A3 để in bằng máy in văn phòng rồi ghép lại.', 'Split a full-size banner over A4/A3 sheets for an office printer, to glue together.'),
    "help_gallery": ('Xuất ảnh xem trước mọi khẩu hiệu trên mọi mẫu và một bảng tổng hợp.', 'Preview every slogan on every template, and a contact sheet.'),
    "help_logo": ("Logo (PNG hoặc JPEG) đặt vào chỗ logo của mẫu.",
                  "A logo (PNG or JPEG) for the template's logo slot."),
    "help_occasion": ("Dòng phụ về dịp, ngày (áp phích), vd. 'Chào mừng Đại hội lần thứ XVI'.",
                      "A secondary line for the occasion or date (posters)."),
    "help_json": ("In dạng JSON.", "Print as JSON."),
    "help_list": ("Liệt kê các khẩu hiệu đã được phê duyệt.", "List the approved slogans."),
    "help_templates": ("Liệt kê các mẫu trình bày.", "List the layout templates."),
    "help_render": ("Dàn trang và xuất khẩu hiệu ra tệp sẵn sàng in.", "Lay out slogans and write print-ready files."),
    "help_render_slogans": ("Số hoặc mã khẩu hiệu (xem 'bannergen list').",
                            "Slogan ids or slugs (see 'bannergen list')."),
    "help_template": ("Mẫu: bang-ron, bang-ron-doc, ap-phich, pano.",
                      "Template: bang-ron, bang-ron-doc, ap-phich, pano (or banner, vertical-banner, poster, billboard)."),
    "help_size": ("Kích thước, vd. 500x80cm, 5x0.8m, A2, A2-landscape.", "Size, e.g. 500x80cm, 5x0.8m, A2, A2-landscape."),
    "help_format": ("pdf, png, jpg hoặc tiff.", "pdf, png, jpg or tiff."),
    "help_dpi": ("Độ phân giải ảnh (mặc định theo mẫu).", "Image resolution (default: the template's)."),
    "help_output": ("Tệp, hoặc thư mục (một thư mục đã có, hoặc khi in nhiều khẩu hiệu).", "File, or folder (an existing folder, or for several slogans)."),
    "help_check": ("Kiểm tra danh mục, đơn đặt in, tệp cài đặt, mẫu và phông chữ; báo mọi lỗi tìm thấy.",
                   "Check catalogues, orders, settings, templates and fonts; report every problem found."),
    "help_templates_dir": ("Thư mục mẫu.", "Templates folder."),
    "help_schema": ("In JSON Schema của tệp danh mục, mẫu, đơn đặt in hoặc cài đặt (cho trình soạn thảo).",
                    "Print the JSON Schema of catalogue, template or order files (for editors)."),
    "help_schema_kind": ("catalog, template, order hoặc settings.", "catalog, template, order or settings."),
    "help_help": ("Hiện trợ giúp này rồi thoát.", "Show this message and exit."),
    "panel_arguments": ("Đối số", "Arguments"),
    "panel_options": ("Tùy chọn", "Options"),
    "panel_commands": ("Lệnh", "Commands"),
    # the office's settings (bannergen.toml)
    "settings_syntax": ("tệp cài đặt viết sai: {fix}", "the settings file is not valid TOML: {fix}"),
    "fix_settings_quote": ('hãy đặt nội dung trong ngoặc kép, vd. place = "Quảng Ngãi".',
                           'put the text in double quotes, e.g. place = "Quảng Ngãi".'),
    "fix_settings_curly_quotes": ('dấu ngoặc kép “ ” của Word không phải dấu ngoặc của tệp cài đặt; hãy gõ dấu ngoặc thẳng " ".',
                                  'Word\'s curly quotes “ ” are not TOML quotes; type straight quotes " ".'),
    "fix_settings_no_equals": ('mỗi dòng ghi dạng tên = giá trị, vd. place = "Quảng Ngãi"; dòng ghi chú bắt đầu bằng #.',
                               'write each line as name = value, e.g. place = "Quảng Ngãi"; comment lines start with #.'),
    "fix_settings_unclosed_quote": ("hãy đóng ngoặc kép ở cuối nội dung.", "close the double quote at the end of the text."),
    "fix_settings_unclosed_list": ("danh sách mở bằng [ phải đóng bằng ] trên cùng dòng.",
                                   "a list opened with [ must be closed with ]."),
    "fix_settings_generic": ('hãy xem lại dòng này; viết đúng như: office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"] hoặc place = "Quảng Ngãi".',
                             'check this line; write it like: office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"] or place = "Quảng Ngãi".'),
    "settings_unknown_key": ("không có mục cài đặt '{name}'; các mục: {choices}{suggestion}",
                             "there is no setting '{name}'; the settings are: {choices}{suggestion}"),
    "settings_bad_value": ("giá trị {value} không dùng được; cần {expected}.",
                           "the value {value} cannot be used; expected {expected}."),
    "expect_office": ('một hoặc hai dòng chữ, vd. office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]',
                      'one or two lines of text, e.g. office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]'),
    "expect_place": ('một dòng chữ trong ngoặc kép, vd. place = "Quảng Ngãi"',
                     'one line of text in double quotes, e.g. place = "Quảng Ngãi"'),
    "expect_path": ('đường dẫn tệp trong ngoặc kép, vd. logo = "logo.png"',
                    'a file path in double quotes, e.g. logo = "logo.png"'),
    "settings_exists": ("tệp cài đặt '{value}' đã có; hãy sửa trực tiếp tệp đó, hoặc thêm --force để ghi đè.",
                        "the settings file '{value}' already exists; edit it, or add --force to overwrite it."),
    "config_title": ("Cài đặt đang dùng:", "Settings in effect:"),
    "config_row": ("  {name} = {value}  (lấy từ: {source})", "  {name} = {value}  (from: {source})"),
    "config_default": ("mặc định", "default"),
    "config_not_set": ("(chưa đặt)", "(not set)"),
    "config_env": ("biến môi trường {name}", "environment variable {name}"),
    "config_files": ("Tệp cài đặt được đọc (theo thứ tự ưu tiên): {files}",
                     "Settings files read (strongest first): {files}"),
    "config_file_present": ("{path} (có)", "{path} (present)"),
    "config_file_absent": ("{path} (chưa có)", "{path} (absent)"),
    "config_wrote": ("Đã ghi tệp cài đặt {path}; hãy mở tệp để điền tên cơ quan, địa danh và logo.",
                     "Wrote the settings file {path}; open it to fill in the office, place and logo."),
    "help_config": ("Xem cài đặt đang dùng (bannergen.toml) và nơi lấy từng mục.",
                    "Show the settings in effect (bannergen.toml) and where each comes from."),
    "help_config_init": ("Tạo tệp cài đặt bannergen.toml có chú thích.",
                         "Write a commented bannergen.toml settings file."),
    "help_config_init_path": ("Tệp cần tạo (mặc định: bannergen.toml ở thư mục hiện tại; --user: thư mục cài đặt của người dùng).",
                              "The file to write (default: bannergen.toml in the current folder; --user: the user's config folder)."),
    "help_config_user": ("Ghi vào thư mục cài đặt của người dùng.", "Write into the user's config folder."),
    "help_config_force": ("Ghi đè tệp đã có.", "Overwrite an existing file."),
    # a catalogue from the official letter
    "letter_format": ("bannergen không đọc được tệp dạng {value}; hãy mở văn bản bằng Word và lưu dạng .docx, hoặc lưu dạng .txt (mã UTF-8), rồi thử lại.",
                      "bannergen cannot read {value} files; open the letter in Word and save it as .docx, or as .txt (UTF-8), and try again."),
    "letter_not_docx": ("tệp không phải tệp Word .docx thật; hãy mở bằng Word và lưu lại dạng .docx.",
                        "the file is not a real Word .docx file; open it in Word and save it as .docx."),
    "letter_broken_docx": ("tệp Word bị hỏng hoặc không đọc được ({reason}); hãy mở bằng Word và lưu lại.",
                           "the Word file is damaged or unreadable ({reason}); open it in Word and save it again."),
    "letter_no_document": ('hãy ghi văn bản phê duyệt, vd. --document "Công văn số 125-CV/BTGTU ngày 15/01/2026".',
                           'name the approving document, e.g. --document "Công văn số 125-CV/BTGTU ngày 15/01/2026".'),
    "letter_no_slogans": ("không tìm thấy khẩu hiệu nào trong văn bản. bannergen tìm trong phần khẩu hiệu các dòng gạch đầu dòng, đánh số hoặc trong ngoặc kép kết thúc bằng dấu '!'; hãy kiểm tra văn bản, hoặc thêm từng khẩu hiệu bằng 'bannergen catalog add'.",
                          "no slogan found in the letter. bannergen looks in the slogans section for dashed, bulleted, numbered or quoted lines ending with '!'; check the letter, or add slogans one by one with 'bannergen catalog add'."),
    "output_exists": ("tệp '{value}' đã có; hãy chọn tên khác, hoặc thêm --force để ghi đè.",
                      "the file '{value}' already exists; choose another name, or add --force to overwrite it."),
    "slogan_exists": ("khẩu hiệu '{value}' đã có trong danh mục (số {number}).",
                      "the slogan '{value}' is already in the catalogue (number {number})."),
    "catalog_found": ("Tìm thấy {count} khẩu hiệu trong {path}:", "Found {count} slogans in {path}:"),
    "catalog_found_line": ("  {id}. {text}\n      mã khẩu hiệu: {slug} — dòng {line} của văn bản",
                           "  {id}. {text}\n      slug: {slug} — line {line} of the letter"),
    "catalog_new_wrote": ("Đã ghi danh mục {path}. Hãy đối chiếu từng khẩu hiệu với văn bản gốc; xem lại bằng 'bannergen list --catalog {path}'.",
                          "Wrote the catalogue {path}. Check every slogan against the original letter; see it with 'bannergen list --catalog {path}'."),
    "catalog_added": ("Đã thêm khẩu hiệu số {id} (mã khẩu hiệu {slug}) vào {path}.", "Added slogan {id} (slug {slug}) to {path}."),
    "help_catalog_group": ("Lập danh mục khẩu hiệu cho đợt tuyên truyền mới.", "Make a slogan catalogue for a new campaign."),
    "help_catalog_new": ("Lập danh mục từ văn bản phê duyệt khẩu hiệu (.docx hoặc .txt).",
                         "Make a catalogue from the letter that approves the slogans (.docx or .txt)."),
    "help_catalog_from": ("Văn bản phê duyệt: tệp Word .docx hoặc tệp .txt.", "The approving letter: a Word .docx or a .txt file."),
    "help_catalog_document": ('Tên văn bản, vd. "Công văn số 125-CV/BTGTU ngày 15/01/2026 của Ban Tuyên giáo Tỉnh ủy".',
                              'The document, e.g. "Công văn số 125-CV/BTGTU ngày 15/01/2026 của Ban Tuyên giáo Tỉnh ủy".'),
    "help_valid_from": ("Ngày bắt đầu hiệu lực, vd. 01/02/2026.", "First day of validity, e.g. 01/02/2026."),
    "help_valid_to": ("Ngày hết hiệu lực, vd. 30/6/2027.", "Last day of validity, e.g. 30/6/2027."),
    "help_catalog_title": ("Tên danh mục (mặc định: theo tên văn bản).", "The catalogue's title (default: from the document)."),
    "help_catalog_output": ("Tệp danh mục cần ghi (YAML).", "The catalogue file to write (YAML)."),
    "help_force_overwrite": ("Ghi đè tệp đã có.", "Overwrite an existing file."),
    "help_catalog_add": ("Thêm một khẩu hiệu vào cuối danh mục.", "Add one slogan at the end of a catalogue."),
    "help_catalog_file": ("Tệp danh mục (YAML).", "The catalogue file (YAML)."),
    "help_slogan_text": ("Nguyên văn khẩu hiệu đã được phê duyệt.", "The exact approved text of the slogan."),
    "help_slug": ("Mã ngắn không dấu (mặc định: tự tạo từ nội dung).", "Short ASCII slug (default: made from the text)."),
    "help_approved_by": ("Số, ký hiệu văn bản phê duyệt (trong danh sách văn bản của danh mục).",
                         "The approving document's number (listed in the catalogue's documents)."),
    # YAML mistakes explained (inputs/mistakes.py)
    "yaml_mistake": ("dòng này viết sai: {fix}", "this line is not valid YAML: {fix}"),
    "fix_yaml_colon": ('nội dung có dấu hai chấm ":" nên phải đặt trong ngoặc kép, vd. {suggestion}',
                       'the text has a colon ":" so it must be put in double quotes, e.g. {suggestion}'),
    "fix_yaml_tab": ("hãy thay dấu tab bằng dấu cách (tệp YAML chỉ thụt lề bằng dấu cách).",
                     "replace the tab with spaces (YAML indents with spaces only)."),
    "fix_yaml_curly_quotes": ('dấu ngoặc kép “ ” của Word không phải dấu ngoặc của YAML; hãy gõ dấu ngoặc thẳng " " (tắt "Smart quotes" hoặc dùng Notepad).',
                              'Word\'s curly quotes “ ” are not YAML quotes; type straight quotes " " (turn off smart quotes, or use Notepad).'),
    "fix_yaml_indent": ("thụt lề không đều với dòng trên: dòng này lùi {found} dấu cách, dòng trên lùi {above}; các mục cùng cấp phải lùi bằng nhau.",
                        "the indentation does not match the line above: this line has {found} spaces, the line above {above}; items at the same level line up."),
    "fix_yaml_unclosed_quote": ("dấu ngoặc {quote} mở ở đây chưa được đóng; hãy thêm dấu {quote} ở cuối nội dung.",
                                "the quote {quote} opened here is never closed; add a {quote} at the end of the text."),
    "fix_yaml_after_quote": ("sau dấu ngoặc kép đóng còn chữ; nếu dấu ngoặc là một phần nội dung, hãy đặt cả nội dung trong ngoặc đơn, vd. {suggestion}",
                             "text follows the closing quote; if the quotes belong to the text, put the whole text in single quotes, e.g. {suggestion}"),
    "yaml_odd_space": ("đầu dòng có dấu cách lạ {chars} (thường do chép từ Word hoặc trang web); hãy xóa và thụt lề lại bằng dấu cách thường.",
                       "the line starts with an unusual space {chars} (often pasted from Word or a web page); delete it and indent with plain spaces."),
    "fix_yaml_unclosed_bracket": ("danh sách mở bằng dấu ngoặc ở đây chưa được đóng; hãy thêm {bracket} ở cuối.",
                                  "the list opened here is never closed; add {bracket} at its end."),
    "fix_yaml_missing_colon": ('thiếu dấu hai chấm ":" sau tên mục, vd. slogans:',
                               'a colon ":" is missing after the name, e.g. slogans:'),
    "fix_yaml_special_start": ('nội dung bắt đầu bằng ký tự "{char}" phải đặt trong ngoặc kép, vd. {suggestion}',
                               'a text starting with "{char}" must be put in double quotes, e.g. {suggestion}'),
    "fix_yaml_dash_space": ('sau dấu gạch đầu dòng "-" cần một dấu cách, vd. "- id: 2".',
                            'a dash "-" starting a list item needs a space after it, e.g. "- id: 2".'),
    "fix_yaml_generic": ("hãy kiểm tra tên mục và dấu hai chấm, thụt lề bằng dấu cách, dấu ngoặc đóng mở đủ cặp.",
                         "check this line: the name and its colon, indentation with spaces, brackets and quotes in pairs."),
    # robustness: special files, limits, one writer per folder, interruptions
    "reason_fifo": ("đây là một đường ống (FIFO), không phải tệp thường",
                    "it is a pipe (FIFO), not a regular file"),
    "reason_device": ("đây là một thiết bị, không phải tệp thường",
                      "it is a device, not a regular file"),
    "reason_special": ("đây không phải tệp thường", "it is not a regular file"),
    "reason_bad_name": ("tên tệp chứa ký tự NUL", "the name contains a NUL character"),
    "image_decoded_too_large": (
        "ảnh '{value}' có {width}×{height} px, giải nén ra chiếm {size} MB bộ nhớ (tối đa {limit} MB); "
        "hãy lưu lại ảnh với cạnh dài không quá {max_side} px.",
        "the image '{value}' is {width}×{height} px, {size} MB once decoded (at most {limit} MB); "
        "save it at most {max_side} px on its longer side."),
    "logo_outside_folder": (
        "logo '{value}' nằm ngoài thư mục của tệp; hãy chép ảnh vào {folder} rồi chỉ ghi tên tệp.",
        "the logo '{value}' lies outside the file's folder; copy the image into {folder} and give "
        "its name only."),
    "text_too_long": (
        "nội dung dài {words} từ, quá {limit} từ — mức tối đa mẫu lớn nhất còn in rõ được; hãy rút gọn.",
        "the text has {words} words, more than the {limit} the largest template can set legibly; "
        "shorten it."),
    "word_too_long": (
        "từ '{value}…' dài {length} ký tự, quá {limit} ký tự — một dòng chữ in rõ được; hãy thêm dấu cách.",
        "the word '{value}…' has {length} characters, more than the {limit} a legible line holds; "
        "add spaces."),
    "batch_locked": (
        "thư mục '{value}' đang được một lệnh batch khác ghi (tiến trình {pid}); hãy đợi lệnh đó xong "
        "hoặc chạy lại với --wait.",
        "another batch (process {pid}) is writing into '{value}'; wait for it to finish or run "
        "again with --wait."),
    "batch_waiting": ("Đang đợi lệnh batch khác (tiến trình {pid}) ghi xong vào '{value}'…",
                      "Waiting for the batch (process {pid}) writing into '{value}'…"),
    "manifest_ignored": ("Cảnh báo: bỏ qua '{value}' ({reason}); mọi tệp sẽ được kiểm tra lại.",
                         "Warning: ignored '{value}' ({reason}); every file is checked again."),
    "interrupted_batch": (
        "Đã dừng ({signal}): giữ lại {kept} tệp đã xong, có trong {manifest}; chạy lại đúng lệnh này để làm tiếp.",
        "Stopped ({signal}): {kept} finished files kept and listed in {manifest}; run the same "
        "command again to continue."),
    "interrupted": ("Đã dừng ({signal}); không để lại tệp ghi dở nào.",
                    "Stopped ({signal}); no half-written file was left."),
    "jobs_used": ("Dùng {jobs} tiến trình song song cho {todo} tệp (máy có {cpus} CPU).",
                  "Using {jobs} parallel processes for {todo} files (the machine has {cpus} CPUs)."),
    "help_wait": ("Nếu một lệnh batch khác đang ghi vào thư mục, đợi nó xong thay vì dừng.",
                  "If another batch is writing into the folder, wait for it instead of stopping."),
    # what render made (finished size, bleed)
    "finished_bleed": ("Thành phẩm {size}, tràn lề {bleed} mỗi cạnh (trang PDF {page}; xén theo đường TrimBox).",
                       "Finished size {size}, bleed {bleed} on each side (PDF page {page}; trim at the TrimBox)."),
    "finished_bleed_only": ("Thành phẩm {size}, tràn lề {bleed} mỗi cạnh.",
                            "Finished size {size}, bleed {bleed} on each side."),
    "finished_no_bleed": ("Thành phẩm {size}, không tràn lề: trang PDF đúng bằng khổ thành phẩm.",
                          "Finished size {size}, no bleed: the PDF page is the finished size."),
    "finished_raster": ("Thành phẩm {size}; ảnh {width} × {height} px ở {dpi} DPI, không tràn lề.",
                        "Finished size {size}; image {width} × {height} px at {dpi} DPI, no bleed."),
    "office_sheet_no_bleed": ("Khổ giấy máy in văn phòng nên không tràn lề (in thẳng, không phải xén); gửi nhà in thì thêm --bleed {bleed}.",
                              "An office printer's paper size, so no bleed (print as is, nothing to trim); for a print shop add --bleed {bleed}."),
    # check, by kind of file
    "check_unknown_kind": ("không nhận ra loại tệp: danh mục có mục 'slogans', đơn đặt in có mục 'items', tệp cài đặt có đuôi .toml.",
                           "cannot tell what this file is: a catalogue has 'slogans', an order has 'items', a settings file ends in .toml."),
    "check_ok_order": ("Không có lỗi: đơn đặt in {path} có {items} maket, {copies} bản in, theo danh mục {catalog}.",
                       "No problems: the order {path} has {items} designs, {copies} copies, from the catalogue {catalog}."),
    "check_ok_settings": ("Không có lỗi: tệp cài đặt {path} ({count} mục).", "No problems: the settings file {path} ({count} settings)."),
    "help_check_files": ("Tệp cần kiểm tra: danh mục, đơn đặt in hoặc tệp cài đặt (nhận theo nội dung). Bỏ trống: danh mục đang dùng.",
                         "Files to check: catalogues, orders or settings files (told apart by content). Leave out: the catalogue in use."),
}


def current_language(explicit: str | None = None) -> str:
    """The message language: an explicit choice, else BANNERGEN_LANG, else Vietnamese."""
    lang = (explicit or os.environ.get("BANNERGEN_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


class Msg:
    """A message filled in later, in the reader's language: a type name or a reason inside another
    message (`wrong_type` says "expected {expected}", and `expected` is itself translated)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        return message(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)


def message(key: str, lang: str = "vi", **params: object) -> str:
    vi, en = MESSAGES[key]
    template = en if lang == "en" else vi
    return template.format(**{k: v.render(lang) if isinstance(v, (Msg, Measure, DateText)) else v
                              for k, v in params.items()})


_OS_REASONS = {"EACCES": "reason_permission", "EPERM": "reason_permission",
               "EROFS": "reason_read_only", "ENOSPC": "reason_no_space", "EDQUOT": "reason_no_space",
               "ENOENT": "reason_not_found", "EISDIR": "reason_is_directory",
               "ENOTDIR": "reason_not_directory"}


def os_reason(exc: OSError) -> Msg:
    """An operating-system error as a reason in the user's language (strerror is English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return Msg(_OS_REASONS[name])
    return Msg("reason_other", detail=exc.strerror or type(exc).__name__)


def number_text(value: float, lang: str = "vi", places: int = 2) -> str:
    """A number as the reader writes it: "59,4" in Vietnamese (TCVN 7870 / the decimal comma of
    Vietnamese administrative texts), "59.4" in English; no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    return text.replace(".", ",") if lang == "vi" else text


def date_text(date, lang: str = "vi") -> str:
    """A date as the reader writes it: 30/06/2027 in Vietnamese, 2027-06-30 (ISO) in English."""
    if date is None:
        return "—"
    return date.strftime("%d/%m/%Y") if lang == "vi" else date.isoformat()


class Measure:
    """A measure filled into a message in the reader's number style: Measure(400, 80, unit="cm")
    reads "400 × 80 cm", Measure(59.4, unit="cm") "59,4 cm" in Vietnamese, "59.4 cm" in English."""

    __slots__ = ("values", "unit", "places")

    def __init__(self, *values: float, unit: str, places: int = 1) -> None:
        self.values, self.unit, self.places = values, unit, places

    def render(self, lang: str) -> str:
        return " × ".join(number_text(v, lang, self.places) for v in self.values) + f" {self.unit}"

    def __str__(self) -> str:
        return self.render("en")


class DateText:
    """A date filled into a message in the reader's style (30/06/2027, or ISO in English)."""

    __slots__ = ("date",)

    def __init__(self, date) -> None:
        self.date = date

    def render(self, lang: str) -> str:
        return date_text(self.date, lang)

    def __str__(self) -> str:
        return self.render("en")
