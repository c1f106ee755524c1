"""Every message staff read, by code: what the commands print about the data, the content and
themselves. The wording is reviewed here, not in the checks that use it.

A template is a `str.format` string with named fields (a literal brace is written twice). A code
is KIND or KIND.VARIANT: the kind is the sort of problem (`Problem.kind`), the variant tells the
messages of one kind apart. Some messages are made of parts joined in code (a row's place in
Excel after a cell's message, a closing sentence several messages share): the parts are here
too. Labels of pages and of the workbook stay in their templates; the report's text stays in
report.py. tests/test_messages.py checks that every code is used with exactly its fields, and
tests/test_workflow.py that the staff guide quotes a message of every kind `check` reports.
"""

from __future__ import annotations

from dataclasses import dataclass

# What `check` reports about the data folder (load.py, schema.py, validate.py, permalinks.py).
DATA = {
    # -- a CSV file as a whole (load.py)
    "missing-file": "Không tìm thấy tệp {path}. Hãy thêm tệp này (có dòng tiêu đề) vào thư mục dữ liệu.",
    "empty-file": "Tệp đang trống. Dòng 1 phải là dòng tiêu đề với tên các cột.",
    "empty-table": (
        "Tệp {path} chỉ còn dòng tiêu đề, không còn dòng dữ liệu nào: có thể các dòng đã bị xóa khi lưu nhầm. "
        "Hãy lấy lại bản trước của tệp (GitHub → History, mục 10 của hướng dẫn) rồi sửa lại."
    ),
    "encoding": (
        "Tệp không được lưu ở dạng UTF-8 (có thể là Windows-1258 hoặc Windows-1252) nên chữ có dấu bị hỏng "
        "({lines} dòng bị ảnh hưởng, dòng đầu tiên ở đây). Hãy mở tệp trong Excel và {save_as}"
    ),
    "delimiter": (
        "Các cột đang được ngăn cách bằng dấu chấm phẩy (;) thay vì dấu phẩy. Hãy mở lại tệp trong Excel và "
        "{save_as} Nếu vẫn ra dấu “;”, đổi Dấu phân cách danh sách của Windows thành dấu phẩy."
    ),
    "encoding.save-as": (
        "chọn Tệp → Lưu thành → kiểu “CSV UTF-8 (Comma delimited)” "
        "(LibreOffice: Bộ ký tự “Unicode (UTF-8)”; Google Trang tính: Tải xuống → CSV)."
    ),
    "csv": (
        "Không đọc được dòng này. Thường do dấu ngoặc kép không đóng; "
        "hãy mở tệp trong Excel, sửa ô đó rồi lưu lại dạng CSV UTF-8."
    ),
    "row-shape": (
        "Dòng có {cells} ô nhưng tiêu đề chỉ có {columns} cột. Có thể một ô chứa dấu phẩy "
        "mà không nằm trong ngoặc kép; hãy sửa trong Excel rồi lưu lại dạng CSV UTF-8."
    ),
    "missing-column": (
        "Thiếu cột bắt buộc “{name}”. Nếu cột bị xóa nhầm, hãy lấy lại tệp từ lần sửa trước "
        "(GitHub → History) rồi sửa lại; nếu tên cột bị gõ sai, sửa ở dòng 1 cho đúng tên “{name}”."
    ),
    "duplicate-column": "Cột “{name}” xuất hiện hai lần. Hãy xóa một cột.",
    "unknown-column": (
        "Cột “{name}” không có trong mô tả dữ liệu. Kiểm tra chính tả tên cột; các cột được dùng là: {names}."
    ),
    # -- files in the data folder the build would not use (load.py)
    "unused-file.photo": (
        "Ảnh “{name}” không được dòng nào dùng nên sẽ không được đăng. Hãy ghi đúng tên tệp này vào cột "
        "photo của HTX, sản phẩm hoặc điển hình (phân biệt chữ hoa, chữ thường), hoặc xóa ảnh."
    ),
    "unused-file.workbook": (
        "Tệp bảng tính “{name}” không được đọc: trang web chỉ đọc tệp .csv. Hãy mở tệp, chọn Tệp → Lưu thành → "
        "“CSV UTF-8 (Comma delimited)” cho từng trang tính, tải các tệp .csv lên thay tệp cũ, rồi xóa tệp này."
    ),
    "unused-file.copy": (
        "Tệp “{name}” có vẻ là bản sao của {path} (trình duyệt hoặc Excel đặt thêm số, tên trang "
        "tính) nên không được đọc. Hãy đổi tên thành {path} thay cho tệp cũ (xóa tệp cũ trước), "
        "hoặc xóa tệp này."
    ),
    "unused-file": (
        "Tệp “{name}” không được dùng: thư mục dữ liệu chỉ đọc các tệp {names} và ảnh trong images/. Hãy xóa tệp này."
    ),
    # -- the data contract itself (schema.py)
    "json": (
        "Tệp mô tả dữ liệu sai cú pháp JSON ở cột {column} ({error}). Thường do thiếu hoặc "
        "thừa dấu phẩy, ngoặc kép hay dấu ngoặc ở ngay trước chỗ này. Hãy sửa, hoặc lấy lại tệp từ "
        "lần sửa trước trên GitHub (History)."
    ),
    # -- after a cell's message: the row as a spreadsheet shows it (validate.py)
    "where.excel": "(Excel: dòng {row})",
    "where.excel-id": "(Excel: dòng {row}, mã “{key}”)",
    # -- one cell (validate.py)
    "required": "Ô “{title}” đang trống nhưng bắt buộc phải có. Hãy điền giá trị vào ô này.",
    "required.untitled": "Ô này đang trống nhưng bắt buộc phải có. Hãy điền giá trị vào ô này.",
    "formula": (
        "Ô bắt đầu bằng “{first}”, bảng tính có thể hiểu là công thức. "
        "Hãy bỏ ký tự này ở đầu ô (hoặc viết lại nội dung bắt đầu bằng chữ)."
    ),
    "mojibake": (
        "Chữ có dấu bị lỗi mã hóa (ví dụ “Há»£p tÃ¡c” thay vì “Hợp tác”): tệp đã từng bị mở sai bảng mã. "
        "Hãy gõ lại ô này cho đúng và lưu tệp dạng “CSV UTF-8”."
    ),
    "control": (
        "Ô có ký tự điều khiển vô hình (mã U+{codepoint:04X}) ở vị trí {position}, "
        "thường do chép từ phần mềm khác. Hãy xóa ô rồi gõ lại nội dung."
    ),
    "currency": "Ô “{value}” có ký hiệu tiền hoặc dấu ngăn cách. Hãy chỉ viết số: {plain}.",
    "thousands.integer": "Số “{value}” có dấu phân cách hàng nghìn. Hãy viết liền không dấu chấm, phẩy: {plain}.",
    "thousands.number": "Số “{value}” có dấu phân cách hàng nghìn. Hãy viết liền: {plain}.",
    "type.integer": "“{value}” không phải số nguyên. Hãy viết số nguyên bằng chữ số, ví dụ 120000.",
    "type.number": "“{value}” không phải là số. Hãy viết số bằng chữ số, dùng dấu chấm thập phân, ví dụ 54.5.",
    "decimal-comma": "Số “{value}” dùng dấu phẩy thập phân. Hãy dùng dấu chấm: {fixed}.",
    "year": "Năm “{value}” không đúng. Hãy viết năm bằng 4 chữ số, ví dụ 2025.",
    "date.day-month-year": "Ngày “{value}” viết theo kiểu ngày/tháng/năm. Hãy viết năm-tháng-ngày: {fixed}.",
    "date.impossible": "Ngày “{value}” không có thật. Hãy kiểm tra lại tháng và ngày.",
    "date": (
        "Ngày “{value}” không đúng dạng. Hãy viết năm-tháng-ngày, ví dụ 2025-03-10 "
        "(trong Excel: định dạng ô là Văn bản hoặc kiểu ngày yyyy-mm-dd)."
    ),
    "date-range": "Ngày “{value}” không hợp lý: phải từ {first} đến {last}.",
    "date-range.year": "Năm “{value}” không hợp lý: phải từ {first} đến {last}.",
    "enum": "Giá trị “{value}” không hợp lệ. Hãy chọn một trong: {allowed}.",
    "slug": (
        "Mã “{value}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang, "
        "ví dụ “{example}”. Mã đã công bố thì không được đổi."
    ),
    "slug.former-id": "Mã cũ “{value}” không hợp lệ: chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang.",
    "pattern.year-or-date": "“{value}” phải là năm (2019) hoặc ngày đầy đủ năm-tháng-ngày (2019-05-20).",
    "pattern.period": "Kỳ báo cáo “{value}” phải có dạng 2025 (cả năm), 2025-H1 (6 tháng đầu) hoặc 2025-H2.",
    "pattern": "“{value}” không đúng khuôn dạng quy định ({pattern}).",
    "too-long": (
        "Mã “{start}…” dài {length} ký tự, quá {limit} ký tự (mã là một phần địa chỉ trang "
        "và tên tệp). Hãy viết mã ngắn hơn."
    ),
    "too-long.former-id": "Mã cũ “{start}…” dài quá {limit} ký tự. Hãy xóa mã này khỏi former_ids.",
    "minimum": "Số “{value}” bị âm. Số đếm phải từ 0 trở lên.",
    "minimum.range": "Số “{value}” quá nhỏ: phải từ {minimum:g} đến {maximum:g}.",
    "maximum": "Số “{value}” quá lớn: phải từ {minimum:g} đến {maximum:g}.",
    "key": ("“{value}” không có trong danh sách {keys} của site_config/portal.yml. Hãy dùng một trong: {allowed}."),
    "link": ("Liên kết “{value}” không hợp lệ. Chỉ chấp nhận địa chỉ web đầy đủ bắt đầu bằng https:// hoặc http://."),
    "link.https": "Liên kết “{value}” không hợp lệ. Chỉ chấp nhận địa chỉ web đầy đủ bắt đầu bằng https://.",
    "link.markdown": (
        "Liên kết “{target}” trong nội dung không được phép. Chỉ dùng liên kết bắt đầu bằng https:// hoặc http://."
    ),
    "email": "Địa chỉ thư “{value}” không hợp lệ. Ví dụ đúng: htx@example.vn.",
    "phone": (
        "Số điện thoại “{value}” không đúng. Phải có 10 chữ số, bắt đầu bằng 0 "
        "(được dùng dấu cách hoặc dấu chấm), ví dụ 0912 345 678; số máy bàn có 11 chữ số kể cả mã vùng, "
        "ví dụ 0297 3861 234."
    ),
    "photo.name": (
        "Tên ảnh “{value}” không hợp lệ. Dùng tên không dấu, không dấu cách, đuôi .jpg, .png, .webp "
        "hoặc .heic (ảnh iPhone), ví dụ htx-tom-cang.jpg."
    ),
    "photo.symlink": (
        "“{value}” là liên kết tắt (symlink) chứ không phải tệp ảnh thật. Hãy tải chính tệp ảnh lên "
        "thư mục data/images/."
    ),
    "photo.missing": (
        "Không tìm thấy ảnh “{value}” trong thư mục data/images/. Hãy tải ảnh lên thư mục đó "
        "hoặc sửa tên ảnh cho khớp (phân biệt chữ hoa, chữ thường)."
    ),
    "photo.broken": (
        "Tệp ảnh “{value}” bị hỏng hoặc không phải ảnh JPEG, PNG, WebP, HEIC. "
        "Hãy mở ảnh trên máy, lưu lại rồi tải lên lại."
    ),
    "scope": "Phạm vi “{item}” không hợp lệ. Dùng các mục: tên; ảnh; điện thoại (cách nhau bằng “;”).",
    "html": (
        "Không được dùng thẻ HTML (như <script>, <img>, <a>) trong nội dung. "
        "Hãy viết chữ thường; để in nghiêng dùng *chữ*, để tạo liên kết dùng [chữ](https://…)."
    ),
    # -- keys and references (validate.py)
    "duplicate": ("Trùng mã “{key}” với dòng {line}. Mỗi dòng phải có mã riêng; hãy đổi mã hoặc xóa dòng trùng."),
    "foreign-key.unknown": "Không có mã “{value}” trong {file} (cột {columns}).",
    "foreign-key.renamed": (
        "{unknown} Mã này đã được đổi thành “{new}” (cột former_ids, dòng {line} của {file}). Hãy sửa thành {new}."
    ),
    "foreign-key.name": "{unknown} “{value}” là tên, cột này cần mã. Hãy viết: {key}.",
    "foreign-key.commune": "{unknown} Hãy dùng đúng mã xã có trong {file}: {codes}.",
    "foreign-key": "{unknown} Hãy sửa cho đúng mã có trong {file}, hoặc thêm dòng đó vào {file} trước.",
    # -- rules across columns, rows and tables (validate.py)
    "members": (
        "Số thành viên nữ ({female}) lớn hơn tổng số thành viên ({total}). "
        "Hãy kiểm tra lại hai cột members_female và members_total."
    ),
    "managers": "Số nữ quản lý đã đào tạo ({trained}) lớn hơn số nữ quản lý ({managers}). Hãy kiểm tra lại.",
    "successor.self": "Một xã không thể sáp nhập vào chính nó. Hãy để trống ô này.",
    "contact.none": (
        "Người mua không có ai để gọi: HTX/THT này không công bố số điện thoại hay Zalo (hoặc đã "
        "ngừng hoạt động), {union} chưa có số điện thoại và cổng thông tin cũng không có. Hãy ghi "
        "số điện thoại hoặc Zalo của HTX/THT vào ô này, hoặc số của {union} vào cột union_phone "
        "của {file} dòng {line}."
    ),
    "successor.merged": "“{successor}” cũng đã được sáp nhập. Hãy ghi mã của xã hiện nay (ô successor để trống).",
    "consent": (
        "Tên người “{name}” chỉ được công bố khi có giấy đồng ý. Hãy ghi mã đồng ý "
        "(cột {column}) từ consents.csv, hoặc xóa tên người này."
    ),
    "consent-withdrawn": "Người có mã đồng ý “{ref}” đã rút lại đồng ý ngày {date}. {remove}",
    "consent-withdrawn.manager": "Hãy xóa tên người này (cột {column}), chức vụ và mã đồng ý khỏi dòng này.",
    "consent-withdrawn.model": (
        "Trang điển hình cá nhân là trang về người đó: hãy xóa cả dòng này khỏi models.csv "
        "(khi xuất bản, chạy lại với allow_removed_pages, xem mục 8 của hướng dẫn)."
    ),
    "consent-withdrawn.model-photo": (
        "Trang điển hình cá nhân là trang về người đó: hãy xóa cả dòng này khỏi models.csv "
        "và ảnh {photo} trong data/images/ "
        "(khi xuất bản, chạy lại với allow_removed_pages, xem mục 8 của hướng dẫn)."
    ),
    "consent-name": (
        "Tên “{name}” không khớp với tên trong giấy đồng ý “{ref}” (“{signed_name}”). Hãy sửa cho giống hệt nhau."
    ),
    "consent-scope": (
        "Giấy đồng ý “{ref}” không cho phép công bố: {missing}. "
        "Hãy xin đồng ý bổ sung (cột scope trong consents.csv) hoặc bỏ thông tin đó."
    ),
    "consent-date": "Ngày rút lại đồng ý trước ngày ký. Hãy kiểm tra lại ngày.",
    "former-id.current": (
        "Mã cũ “{old}” đang là mã của dòng {line}. Mã đã dùng thì không được dùng lại; hãy xóa mã này khỏi former_ids."
    ),
    "former-id.twice": "Mã cũ “{old}” đã được ghi ở dòng {line}. Mỗi mã cũ chỉ chuyển về một trang.",
    "percent": "Tỷ lệ “{value}” lớn hơn 100%. Hãy ghi số phần trăm từ 0 đến 100.",
    "derived": "Chỉ tiêu “{indicator}” được tính tự động từ dữ liệu HTX; không ghi vào indicators.csv.",
    # -- pages the live site has that this data would lose (permalinks.py, check --previous-sitemap)
    "sitemap": "Không đọc được sitemap cũ ({error}). Hãy tải lại tệp sitemap.xml của trang đang chạy.",
    "permalink": (
        "Trang đã công bố {url} sẽ bị mất: không còn mã “{old}” trong {file}. Nếu đã đổi mã, "
        "hãy ghi “{old}” vào cột former_ids của dòng mới để mã QR và liên kết cũ vẫn dùng được; {keep}"
    ),
    "permalink.keep-htx": "nếu đã xóa dòng, hãy giữ lại dòng đó với tình trạng “giải thể” hoặc “tạm ngừng”.",
    "permalink.keep-other": (
        "nếu buộc phải gỡ trang (ví dụ người trong trang rút lại đồng ý), hãy chạy lại quy trình đăng "
        "trên GitHub và chọn ô allow_removed_pages."
    ),
}

# What `check` reports about content/: news posts, pages and their files (news.py, documents.py).
CONTENT = {
    "file": "Đây là liên kết tắt (symlink), không phải tệp thật. Hãy tải lên tệp thật.",
    "unused-file.text": (
        "Tệp “{name}” không được đăng: bài viết phải là tệp văn bản đuôi .md viết thường "
        "(ví dụ {example}.md), có phần thông tin đầu bài giữa hai dòng “---”. "
        "Hãy đổi tên tệp (hoặc chép nội dung vào tệp .md) rồi xóa tệp này."
    ),
    "unused-file.news": (
        "Tệp “{name}” trong {folder}/ không được dùng: thư mục này chỉ chứa bài viết .md. Ảnh cho bài viết hãy "
        "chuyển vào thư mục content/anh/ rồi ghi trong bài ![mô tả ảnh](/anh/{name}); hoặc xóa tệp này."
    ),
    "unused-file.content": (
        "Tệp “{name}” không được dùng: trong content/ chỉ đăng trang .md và tệp {allowed}. Hãy xóa hoặc đổi tệp."
    ),
    "news.encoding": "Tệp không ở dạng UTF-8. Hãy lưu lại với bảng mã UTF-8.",
    "news.front-unclosed": "Phần thông tin đầu trang mở bằng “---” nhưng không có dòng “---” đóng lại.",
    "news.front-too-long": ("Phần thông tin đầu trang quá dài. Chỉ cần title, date, description, mỗi mục một dòng."),
    "news.yaml-alias": "Không dùng dấu “*” hoặc “&” (tham chiếu YAML) trong phần thông tin đầu trang.",
    "news.yaml": "Phần thông tin đầu trang bị sai cú pháp YAML. Mỗi dòng có dạng “tên: giá trị”.",
    "news.subfolder": "Bài viết phải nằm ngay trong {folder}/, không trong thư mục con.",
    "news.no-front-matter": (
        "Bài viết phải bắt đầu bằng phần thông tin giữa hai dòng “---” (title, date, description)."
    ),
    "news.title": "Thiếu tiêu đề. Thêm dòng: title: Tiêu đề bài viết",
    "news.date": "Thiếu ngày hoặc ngày sai dạng. Thêm dòng: date: 2025-04-15 (năm-tháng-ngày)",
    "news.description": "Thiếu tóm tắt. Thêm dòng: description: Một câu tóm tắt bài viết",
    "news.file-name": "Tên tệp phải có chữ hoặc số không dấu, ví dụ 2025-04-15-tap-huan.md.",
    "news.same-address": "Trùng địa chỉ với bài {other}. Hãy đổi tên tệp.",
    "news.html": (
        "Không dùng thẻ HTML (như <script>, <img>, <iframe>) trong bài viết. Hãy viết bằng Markdown: "
        "*nghiêng*, **đậm**, [chữ](https://…)."
    ),
    "news.attributes": (
        "Không dùng “{written}” trong bài viết: chỉ được viết "
        "{{ .md-button }} hoặc {{ .md-button .md-button--primary }} sau một liên kết để làm nút."
    ),
    "news.link-invalid": "Liên kết “{link}” không hợp lệ.",
    "news.link-scheme": (
        "Liên kết “{link}” không được phép. Chỉ dùng liên kết https://, http://, mailto:, tel: "
        "hoặc liên kết tới trang khác của cổng thông tin."
    ),
    "news.image-elsewhere": (
        "Ảnh “{link}” nằm ở trang web khác. Trang của cổng thông tin không tải gì từ nơi khác: "
        "hãy tải ảnh về, đặt vào một thư mục của content/ (ví dụ content/anh/) rồi ghi /anh/<tên ảnh>."
    ),
    "news.link-nowhere": (
        "Liên kết “{link}” không dẫn tới trang nào của cổng thông tin. Viết địa chỉ trang tính từ gốc, "
        "ví dụ /htx/<mã HTX>/, /san-pham/<mã sản phẩm>/, /dien-hinh/<mã>/, /tien-do/, với mã có trong "
        "tệp CSV; ảnh đặt trong một thư mục của content/, ví dụ content/anh/ (đuôi .jpg, .png, .webp)."
    ),
    "news.image-nowhere": (
        "Liên kết “{link}” không dẫn tới ảnh nào của cổng thông tin. Viết địa chỉ trang tính từ gốc, "
        "ví dụ /htx/<mã HTX>/, /san-pham/<mã sản phẩm>/, /dien-hinh/<mã>/, /tien-do/, với mã có trong "
        "tệp CSV; ảnh đặt trong một thư mục của content/, ví dụ content/anh/ (đuôi .jpg, .png, .webp)."
    ),
}

# What the commands print besides the problems of the data and content: their own errors, the
# folders `build` refuses, the report's and the workbook import's problems, and their outcomes.
COMMANDS = {
    # -- the build's render stage (render/__init__.py, render/artifacts.py)
    "catalogue.group-by": (
        "Trong site_config/portal.yml, mục catalogue: group_by là “{value}”, không dùng được. "
        "Hãy ghi một trong các giá trị: {choices}."
    ),
    "build.content-clash": (
        "tệp {path} (trong content/) trùng đường dẫn với một trang tạo từ dữ liệu: hãy đổi tên hoặc xóa tệp đó"
    ),
    "build.worker-killed": (
        "một tiến trình con dừng đột ngột (mã {code}), thường vì máy hết bộ nhớ: "
        "hãy chạy lại, hoặc tạo trang trên máy có nhiều bộ nhớ hơn"
    ),
    # -- check (pipeline.py)
    "check.valid": (
        "Dữ liệu hợp lệ: đã kiểm tra {tables} tệp CSV ({rows} dòng), {photos} ảnh, "
        "{posts} bài tin tức và {pages} trang trong content/."
    ),
    # -- folders build refuses to write (publish.py); the folders staff keep, by what messages call them
    "folder.is-file": "{flag} “{folder}” là một tệp, không phải thư mục. Hãy chọn một thư mục mới, ví dụ site.",
    "folder.is-kept": (
        "{flag} “{folder}” trùng với {name} ({path}). Lệnh build xóa và ghi lại toàn bộ thư mục "
        "này, nên không được dùng nó. Hãy chọn một thư mục riêng, ví dụ site."
    ),
    "folder.holds-kept": (
        "{flag} “{folder}” chứa {name} ({path}). Lệnh build xóa và ghi lại toàn bộ thư mục "
        "này, nên không được dùng nó. Hãy chọn một thư mục riêng, ví dụ site."
    ),
    "folder.inside-kept": (
        "{flag} “{folder}” nằm trong {name} ({path}). Lệnh build xóa và ghi lại toàn bộ thư mục "
        "này, nên không được dùng nó. Hãy chọn một thư mục riêng, ví dụ site."
    ),
    "folder.nested": "{flag} “{folder}” không được trùng hoặc lồng vào thư mục kia ({other}).",
    "folder.not-ours": (
        "{flag} “{folder}” đã có {count} tệp hoặc thư mục ({shown}) không do lệnh build tạo ra. "
        "Để không xóa nhầm tệp của bạn, lệnh build chỉ thay thư mục trống hoặc thư mục nó đã tạo. "
        "Hãy chọn một thư mục mới (ví dụ {example}) hoặc chuyển các tệp đó đi nơi khác."
    ),
    "folder.changed": "Thư mục đích đã bị thay đổi trong lúc tạo trang.",
    "folder.project": "thư mục dự án",
    "folder.data": "thư mục dữ liệu",
    "folder.content": "thư mục content",
    "folder.settings": "thư mục site_config",
    # -- build (cli.py, publish.py)
    "build.waiting": "Một lần tạo trang khác đang chạy với cùng thư mục này; đang chờ nó xong…",
    "build.data-errors": "Chưa tạo trang web: dữ liệu có {count} lỗi cần sửa. Trang web cũ vẫn giữ nguyên.",
    "build.refused": "Chưa tạo trang web. Không tệp nào bị xóa hay di chuyển.",
    "build.write-error": (
        "Không ghi được vào “{path}”: {reason} ({detail}). "
        "Hãy chạy lệnh trong một thư mục ghi được, hoặc chọn --out và --work ở nơi ghi được. "
        "Trang web cũ vẫn giữ nguyên."
    ),
    "build.read-only": "ổ đĩa hoặc thư mục chỉ đọc",
    "build.no-permission": "không có quyền ghi, hoặc thư mục chỉ đọc",
    "build.disk-full": "ổ đĩa đã đầy",
    "build.unexpected": (
        "Lỗi khi tạo trang web: {kind}: {error}. Trang web cũ vẫn giữ nguyên. "
        "Hãy gửi thông báo này cho người phụ trách kỹ thuật."
    ),
    "build.unexpected-log": (
        "Lỗi khi tạo trang web: {kind}: {error}. Trang web cũ vẫn giữ nguyên. "
        "Chi tiết kỹ thuật ở tệp {log}; hãy gửi tệp này cho người phụ trách kỹ thuật."
    ),
    # -- portal.yml's security settings (security.py)
    "settings.security-expires": (
        "security.expires là “{value}”, không phải một ngày. Hãy ghi ngày hết hạn của security.txt theo "
        "dạng YYYY-MM-DD, ví dụ {example}, không quá một năm sau hôm nay."
    ),
    "settings.security-contact": (
        "security.contact là “{value}”. Hãy ghi địa chỉ nhận báo cáo lỗ hổng bảo mật bắt đầu bằng mailto: "
        "(ví dụ mailto:lienhe@ten-mien.vn) hoặc https://."
    ),
    "build.security-expired": (
        "Lưu ý: ngày hết hạn của security.txt (security.expires trong site_config/portal.yml) là {expires}, "
        "đã qua ngày của dữ liệu ({today}). Trang vẫn được tạo; hãy đặt ngày mới, không quá một năm sau hôm nay."
    ),
    "build.mkdocs": "MkDocs dừng vì {count} cảnh báo (tệp trong {docs}): {warnings}",
    # -- the host's limits, after a build (hosting.py, cli.py); each is followed by host.paid and/or host.others
    "host.over-files": (
        "Cảnh báo: trang web vừa tạo ({site}) có {count} tệp, vượt giới hạn {limit} tệp mỗi lần xuất bản "
        "của {host} (nơi xuất bản ghi ở {chosen}): {host} sẽ từ chối bản này."
    ),
    "host.near-files": (
        "Lưu ý: trang web vừa tạo ({site}) có {count} tệp, gần tới giới hạn {limit} tệp mỗi lần xuất bản "
        "của {host} ({chosen}); khi vượt, {host} sẽ từ chối bản xuất bản."
    ),
    "host.over-site": (
        "Cảnh báo: trang web vừa tạo ({site}) nặng {size}, vượt giới hạn {limit} của {host} "
        "(nơi xuất bản ghi ở {chosen}): {host} sẽ từ chối bản này."
    ),
    "host.near-site": (
        "Lưu ý: trang web vừa tạo ({site}) nặng {size}, gần tới giới hạn {limit} của {host} "
        "({chosen}); khi vượt, {host} sẽ từ chối bản xuất bản."
    ),
    "host.over-file": (
        "Cảnh báo: tệp {path} trong trang web vừa tạo ({site}) nặng {size}, vượt giới hạn {limit} một tệp "
        "của {host} ({chosen}): {host} sẽ từ chối bản này."
    ),
    "host.near-file": (
        "Lưu ý: tệp {path} trong trang web vừa tạo ({site}) nặng {size}, gần tới giới hạn {limit} một tệp "
        "của {host} ({chosen})."
    ),
    "host.over-folder": (
        "Cảnh báo: thư mục {path} trong trang web vừa tạo ({site}) có {count} tệp, vượt giới hạn {limit} tệp "
        "một thư mục của {host} ({chosen}): {host} sẽ từ chối bản này."
    ),
    "host.near-folder": (
        "Lưu ý: thư mục {path} trong trang web vừa tạo ({site}) có {count} tệp, gần tới giới hạn {limit} tệp "
        "một thư mục của {host} ({chosen})."
    ),
    "host.paid-or-move": (
        "Cách xử lý: nâng lên gói trả phí ({plan}) rồi ghi giới hạn mới vào deploy.limits, hoặc đổi {setting} "
        "sang một nơi xuất bản nhận được trang này: {hosts} (HUONG_DAN.md, mục 13)."
    ),
    "host.paid": (
        "Cách xử lý: nâng lên gói trả phí ({plan}) rồi ghi giới hạn mới vào deploy.limits (HUONG_DAN.md, mục 13)."
    ),
    "host.move": (
        "Cách xử lý: đổi {setting} sang một nơi xuất bản nhận được trang này: {hosts} (HUONG_DAN.md, mục 13)."
    ),
    "host.no-other": (
        "Không nơi xuất bản miễn phí nào khác nhận được trang cỡ này: hãy dùng gói trả phí, hoặc hỏi người "
        "phụ trách kỹ thuật (HUONG_DAN.md, mục 13)."
    ),
    # -- serve (serve.py)
    "serve.address": "Xem trước tại http://127.0.0.1:{port}/ (Ctrl+C để dừng).",
    "serve.changed": "Có thay đổi, đang tạo lại…",
    "serve.updated": "{time} Đã cập nhật bản xem trước.",
    "serve.data-errors": "Dữ liệu có {count} lỗi; bản xem trước giữ nguyên lần tạo tốt gần nhất.",
    "serve.error": "Lỗi khi tạo trang: {kind}: {error}",
    # -- report (report.py, cli.py)
    "report.commune-unknown": (
        "Không có xã nào mã “{code}” trong communes.csv. Hãy ghi --commune với mã của một xã hiện nay: {communes}."
    ),
    "report.commune-former": (
        "“{code}” là đơn vị cũ, đã sáp nhập vào xã “{successor}” từ 01/7/2025. Hãy ghi --commune {successor} "
        "(các xã hiện nay: {communes})."
    ),
    "report.period": (
        "--period {period}: kỳ báo cáo không hợp lệ. Ghi năm (ví dụ 2025) cho báo cáo năm, "
        "hoặc 2025-H1 (6 tháng đầu năm), 2025-H2 (6 tháng cuối năm)."
    ),
    "report.period-before-plan": "--period {period}: Kế hoạch bắt đầu từ năm {year}; hãy chọn kỳ từ năm {year}.",
    "report.period-future": "--period {period}: kỳ này bắt đầu ngày {start}, sau hôm nay ({today}).",
    "report.out-suffix": "--out {out}: tên tệp báo cáo phải có đuôi .docx (ví dụ bao-cao-2025.docx).",
    "report.out-folder": "--out {out}: đây là một thư mục; hãy ghi tên tệp, ví dụ {example}.",
    "report.out-write": (
        "--out {out}: không ghi được tệp ({reason}). Nếu tệp đang mở trong Word, hãy đóng rồi chạy lại."
    ),
    "report.settings": "thiếu khối “report:” (thông tin in trên báo cáo định kỳ). Xem mẫu trong HUONG_DAN.md.",
    "report.setting": "cần ghi {meaning}: một dòng chữ.",
    "report.setting-list": "cần ghi {meaning}: một danh sách dòng chữ (mỗi dòng bắt đầu bằng “- ”).",
    "report.encoding": "Tệp không ở dạng UTF-8. Hãy lưu lại với bảng mã UTF-8.",
    "report.section": (
        "Mục “{heading}” không dùng được: báo cáo chỉ lấy hai mục “## Đánh giá” (khó khăn, "
        "hạn chế) và “## Phương hướng” (nhiệm vụ kỳ tới)."
    ),
    "report.outside": "Dòng này nằm ngoài mục nào; hãy đặt nó dưới “## Đánh giá” hoặc “## Phương hướng”.",
    "report.template": (
        "{template}: không mở được mẫu báo cáo ({kind}). Hãy lưu mẫu bằng Word dạng "
        "“Word Document (*.docx)”, hoặc tạo lại bằng: .venv/bin/python -m generator.report_template"
    ),
    "report.style": (
        "{template}: thiếu kiểu (style) “{name}”. Trong Word, đừng xoá hay đổi tên kiểu này; "
        "chỉ sửa định dạng của nó (phông, cỡ chữ, khoảng cách)."
    ),
    "report.data-errors": "Chưa tạo báo cáo: có {count} lỗi cần sửa.",
    # -- workbook and import (cli.py, workbook_import.py)
    "workbook.made": "Đã tạo bảng tính {path}.",
    "workbook": (
        "Không mở được tệp này như một bảng tính Excel. Hãy mở bảng tính trong Excel và lưu lại "
        "kiểu “Sổ làm việc Excel (*.xlsx)”, rồi tải lên lại."
    ),
    "workbook.not-ours": (
        "Bảng tính này không được tạo bằng lệnh “python -m generator workbook” (thiếu trang tính ẩn "
        "“{sheet}”), nên không biết dòng nào đã được sửa. {fix}"
    ),
    "workbook.no-sheet": (
        "Không thấy trang tính “{sheet}”. Nếu lỡ xóa, hãy bấm Hoàn tác (Ctrl+Z) trong Excel, hoặc chép trang "
        "tính đó từ bảng tính đã tải về (chuột phải vào tên trang tính → Di chuyển hoặc Sao chép), rồi tải lên lại."
    ),
    "workbook.renamed-sheet": (
        "Trang tính “{found}” có vẻ là “{sheet}” bị đổi tên. Hãy đổi lại tên thành “{sheet}” (nháy đúp vào tên "
        "trang tính ở dưới cùng, gõ lại tên), lưu rồi tải lên lại; dữ liệu bạn đã sửa vẫn giữ nguyên."
    ),
    "workbook.fix": "Hãy tải bảng tính mới nhất về và sửa lại trên bảng tính đó.",
    "unknown-column.sheet": (
        "Dòng 2 của trang tính giữ tên máy của các cột; “{name}” không phải tên của cột nào. "
        "Hãy xóa chữ trong ô này, hoặc xóa cả cột nếu bạn đã thêm cột này."
    ),
    "edited-header.sheet": (
        "Ô này ở dòng 2 đã bị sửa: phải là “{name}” (tên máy của cột “{title}”), không phải “{found}”. "
        "Hãy gõ lại đúng “{name}” vào ô này; dòng 2 không được sửa."
    ),
    "missing-column.sheet": (
        "Thiếu cột “{title}” (ô dòng 2 ghi “{name}”): cột này đã bị xóa. Hãy bấm Hoàn tác (Ctrl+Z), hoặc chép "
        "lại cột đó từ bảng tính đã tải về."
    ),
    "formula.sheet": "Ô đang báo lỗi công thức {error}. Hãy gõ giá trị vào ô.",
    "duplicate.sheet": "Trùng mã với dòng {line} của trang tính. Mỗi dòng phải có mã riêng.",
    "conflict": "Xung đột: {what}. {fix}",
    "conflict.deleted-in-sheet": "dòng “{key}” đã bị xóa trong bảng tính nhưng đã được sửa trên kho dữ liệu",
    "conflict.deleted-in-repository": "dòng đã được sửa trong bảng tính nhưng đã bị xóa trên kho dữ liệu",
    "conflict.added-on-both": (
        "dòng đã được thêm cả trong bảng tính và trên kho; ô “{column}” trong bảng tính là “{ours}”, "
        "trên kho là “{theirs}”"
    ),
    "conflict.changed-on-both": (
        "dòng đã được sửa cả trong bảng tính và trên kho dữ liệu từ khi bảng tính được tạo; "
        "ô “{column}” trong bảng tính là “{ours}”, trên kho là “{theirs}”"
    ),
    "import.in-column": "{message} (cột “{column}”)",
    # -- many cells of one column with the same problem (problems.py): said once, then each cell
    "grouped": (
        "{count} ô của cột {column} có cùng một lỗi (dòng {rows}…). Ô đầu tiên: {message} "
        "Hãy sửa như vậy mọi ô được liệt kê ngay sau đây."
    ),
    "grouped.sheet": (
        "{count} ô của cột {column} có cùng một lỗi (ô {rows}…). Ô đầu tiên: {message} "
        "Hãy sửa như vậy mọi ô được liệt kê ngay sau đây."
    ),
    "grouped.fix": "“{value}” → {fix}",
    "grouped.same": "“{value}”: cùng lỗi như trên.",
    "grouped.cell": "Cùng lỗi như trên.",
    "import.id-made": "{sheet}: mã mới “{id}” cho dòng {row} ({name}).",
    "import.errors": ("Chưa cập nhật dữ liệu: bảng tính có {count} lỗi cần sửa. Thư mục {folder} vẫn giữ nguyên."),
    "import.unchanged": "Bảng tính không có thay đổi nào so với dữ liệu.",
    "import.written": "{path}: {changed} dòng sửa, {added} dòng thêm, {removed} dòng xóa.",
    # -- the commune workbook (workbook_scope.py, cli.py)
    "scope.unknown": "--commune {code}: không có xã nào mang mã này. Các xã hiện nay: {communes}.",
    "scope.former": (
        "--commune {code}: đây là mã của {former} cũ, từ 01/7/2025 thuộc {commune} (mã “{successor}”). "
        "Bảng tính được làm theo xã hiện nay; hãy dùng một trong các mã: {communes}."
    ),
    "scope.not-made": "Chưa tạo bảng tính.",
    "scope.instructions": (
        "Bảng tính của {union}: chỉ có các dòng của {commune} (HTX, THT của xã và của các đơn vị cũ "
        "sáp nhập vào xã; sản phẩm, số liệu theo năm, điển hình của các HTX, THT đó; chỉ tiêu của xã). "
        "Khi nhập, chỉ các dòng của {commune} được thay đổi; dữ liệu của các xã khác giữ nguyên."
    ),
    "scope.moved": (
        "Dòng này được ghi sang {other}, nhưng bảng tính này là của {commune} và chỉ sửa được các dòng của "
        "{commune}. Hãy trả ô về giá trị cũ. Muốn chuyển dòng sang {other}, hãy báo {union}: việc chuyển "
        "được làm trên bảng tính chung của cả cổng (tệp bang-tinh-du-lieu.xlsx)."
    ),
    "scope.no-group": (
        "Điển hình không gắn với HTX, THT nào thì không thuộc xã nào, nên bảng tính của {commune} không "
        "thêm hay sửa được. Hãy chọn một HTX, THT của {commune} ở ô này; điển hình cá nhân được nhập trên "
        "bảng tính chung của cả cổng (tệp bang-tinh-du-lieu.xlsx)."
    ),
    "scope.portal-wide": (
        "Ô xã để trống là chỉ tiêu chung của cả cổng, được nhập trên bảng tính chung "
        "(tệp bang-tinh-du-lieu.xlsx). Bảng tính của {commune} chỉ nhập chỉ tiêu của {commune}: "
        "hãy chọn {commune} ở ô này."
    ),
    "scope.key-taken": (
        "Mã “{key}” đã là mã của một dòng không có trong bảng tính này (của xã khác hoặc của cả cổng). "
        "Mỗi dòng phải có mã riêng: hãy đặt mã khác."
    ),
    "conflict.moved-in-repository": (
        "dòng đã được sửa trong bảng tính nhưng trên kho dữ liệu đã được chuyển sang xã khác"
    ),
}

MESSAGES = DATA | CONTENT | COMMANDS

# The same problems of the data, as the workbook import words them: the sheet and the column's
# Vietnamese label stand where a CSV file or column is named, a sheet's row number where a CSV
# line is, and the fix is what staff do in the workbook (choose in a list ▼, type a day first).
# A code missing here keeps its wording above, its fields put in the workbook's words. {file} and
# {path} become a sheet's name in quotes, {column} a column's label, {line} a sheet's row.
WORKBOOK = {
    "empty-table": (
        "Trang tính {path} không còn dòng dữ liệu nào: mọi dòng đã bị xóa. Nếu lỡ xóa, hãy bấm Hoàn tác "
        "(Ctrl+Z) hoặc chép lại các dòng từ bảng tính đã tải về, rồi tải lên lại."
    ),
    "mojibake": (
        "Chữ có dấu bị lỗi mã hóa (ví dụ “Há»£p tÃ¡c” thay vì “Hợp tác”), thường do chép từ tệp đã mở sai "
        "bảng mã. Hãy gõ lại ô này."
    ),
    "date": "Ngày “{value}” không đúng dạng. Hãy gõ ngày/tháng/năm, ví dụ 26/08/2024.",
    "date.day-month-year": "Ngày “{value}” không đúng dạng. Hãy gõ ngày/tháng/năm, ví dụ 26/08/2024.",
    "pattern.year-or-date": "“{value}” phải là năm (2019) hoặc ngày đầy đủ ngày/tháng/năm (20/05/2019).",
    "slug": (
        "Mã “{value}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ “{example}”; "
        "hoặc để trống ô này, máy sẽ tự đặt mã theo tên. Mã đã công bố thì không được đổi."
    ),
    "too-long.former-id": "Mã cũ “{start}…” dài quá {limit} ký tự. Hãy xóa mã này khỏi ô.",
    "key": "“{value}” không có trong danh sách. Hãy bấm mũi tên ▼ ở góc ô và chọn một dòng.",
    "photo.symlink": "“{value}” không phải tệp ảnh thật. Hãy tải chính tệp ảnh lên thư mục nhap/ cùng bảng tính.",
    "photo.missing": (
        "Không tìm thấy ảnh “{value}”. Hãy tải ảnh này lên thư mục nhap/ cùng lúc với bảng tính (Add file → "
        "Upload files, kéo cả hai vào), hoặc sửa tên trong ô này cho giống tên tệp ảnh."
    ),
    "foreign-key.unknown": "Không có “{value}” trong trang tính {file}.",
    "foreign-key.renamed": (
        "{unknown} Mã này đã được đổi thành “{new}” (dòng {line} của trang tính {file}). "
        "Hãy bấm mũi tên ▼ và chọn lại trong danh sách."
    ),
    "foreign-key.name": "{unknown} Hãy bấm mũi tên ▼ ở góc ô và chọn đúng tên trong danh sách.",
    "foreign-key.commune": "{unknown} Hãy bấm mũi tên ▼ ở góc ô và chọn xã trong danh sách.",
    "foreign-key": (
        "{unknown} Hãy bấm mũi tên ▼ ở góc ô và chọn trong danh sách, hoặc thêm dòng đó vào trang tính {file}."
    ),
    "members": (
        "Số thành viên nữ ({female}) lớn hơn tổng số thành viên ({total}). "
        "Hãy kiểm tra lại hai ô số thành viên của dòng này."
    ),
    "successor.merged": "“{successor}” cũng đã được sáp nhập. Hãy chọn xã hiện nay trong danh sách ▼.",
    "consent": (
        "Tên người “{name}” chỉ được công bố khi có giấy đồng ý. Hãy chọn người đó ở cột {column} "
        "(sổ ở trang tính “Đồng ý công bố”), hoặc xóa tên người này."
    ),
    "consent-withdrawn.model": (
        "Trang điển hình cá nhân là trang về người đó: hãy xóa cả dòng này khỏi trang tính “Điển hình” "
        "(khi xuất bản, chạy lại với allow_removed_pages, xem mục 8 của hướng dẫn)."
    ),
    "consent-withdrawn.model-photo": (
        "Trang điển hình cá nhân là trang về người đó: hãy xóa cả dòng này khỏi trang tính “Điển hình” "
        "và ảnh {photo} (khi xuất bản, chạy lại với allow_removed_pages, xem mục 8 của hướng dẫn)."
    ),
    "consent-scope": (
        "Giấy đồng ý “{ref}” không cho phép công bố: {missing}. Hãy xin đồng ý bổ sung (ghi ở trang tính "
        "“Đồng ý công bố”) hoặc bỏ thông tin đó."
    ),
    "former-id.current": (
        "Mã cũ “{old}” đang là mã của dòng {line}. Mã đã dùng thì không được dùng lại; hãy xóa mã này khỏi ô."
    ),
    "derived": "Chỉ tiêu “{indicator}” được tính tự động từ dữ liệu HTX; hãy xóa dòng này.",
}


def say(code: str, /, **fields: object) -> str:
    """The message of code, its fields filled in."""
    return MESSAGES[code].format(**fields)


@dataclass(frozen=True)
class Found:
    """A message a check found, not yet placed in a file: its code and its fields' values."""

    code: str
    fields: tuple[tuple[str, object], ...] = ()

    @property
    def text(self) -> str:
        return say(self.code, **dict(self.fields))

    def __str__(self) -> str:
        """A part of another message (as its field) reads as its text."""
        return self.text


def found(code: str, /, **fields: object) -> Found:
    """The message of code with these fields, to be placed where the caller knows."""
    return Found(code, tuple(fields.items()))
