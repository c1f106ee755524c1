"""A synthetic dataset of any size, to time the generator (`make bench`).

    python tools/synth/synth.py --scale N --out DIR [--seed S]

The folder it writes follows the data contract like data/ does (the seven CSV files in the field
order of datapackage.json, a copy of datapackage.json, images/) and passes `check`. The same
arguments give byte-identical files: every random choice comes from one random.Random(seed), and
nothing depends on the clock, the hash seed or the order of a set.

Rows are written as they are made, so 10,000 cooperatives (50,000 products) take a few seconds and
little memory. Photos come from a small pool of drawings that many rows share.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import errno
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere, the generator is beside it
    sys.path.insert(0, str(ROOT))

from generator.schema import load_config, load_package  # noqa: E402
from generator.text import nfc, slugify  # noqa: E402

DATA = ROOT / "data"  # the sample: its schema, its communes; never written to
CONFIG = ROOT / "site_config" / "portal.yml"
REFERENCE_YEAR = 2025  # the last year of figures; the 2025 row equals the cooperative's own figures
PRODUCTS_PER_COOPERATIVE = 5
SAMPLE_COMMUNES_UP_TO = 100  # up to this scale the sample's 11 communes are reused
COOPERATIVES_PER_COMMUNE = 40
PHOTO_COUNT = 12
PHOTO_SIZE = (800, 600)
MAX_SCALE = 1_000_000
PROVINCE = "An Giang"


class SynthError(Exception):
    """A one-line Vietnamese message for the person running synth."""


# --- word lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A kind of product: its category, unit, price range (thousand đồng) and ways to name it."""

    category: str
    unit: str
    price: tuple[int, int]
    variants: tuple[str | tuple[str, str], ...]  # a variant may carry its own unit
    summaries: tuple[str, ...]
    season: str = ""


PRODUCTS: dict[str, Base] = {
    # thủy sản tươi
    "Tôm càng xanh": Base(
        "thuy-san",
        "kg",
        (180, 260),
        ("tươi", "toàn đực", "ruộng lúa", "ao đất", "cỡ lớn", ("làm sạch cấp đông", "hộp 500 g")),
        (
            "Tôm càng xanh nuôi luân canh với lúa, con to đều, giao trong ngày.",
            "Tôm nuôi mật độ thưa, cho ăn thêm ốc và cám gạo nên thịt chắc, ngọt.",
        ),
        "Tháng 9 – tháng 12",
    ),
    "Tôm sú": Base(
        "thuy-san",
        "kg",
        (220, 320),
        ("ruộng lúa", "quảng canh", "sống", "loại 1"),
        (
            "Tôm sú nuôi quảng canh trong ruộng lúa, thịt chắc và ngọt.",
            "Tôm sú thu hoạch theo con nước, giữ sống trong thùng nước khi giao.",
        ),
        "Tháng 3 – tháng 7",
    ),
    "Cá lóc": Base(
        "thuy-san",
        "kg",
        (60, 95),
        ("đồng", "nuôi", "làm sẵn", "cỡ lớn"),
        (
            "Cá lóc thả trong ruộng lúa mùa nước, bán sống tại ruộng.",
            "Cá được làm sạch, cắt khúc theo yêu cầu và giao trong ngày.",
        ),
        "Tháng 10 – tháng 12",
    ),
    "Cá rô đồng": Base(
        "thuy-san",
        "kg",
        (50, 80),
        ("", "cỡ lớn", "làm sẵn"),
        ("Cá rô đồng bắt trên ruộng sau mùa gặt, thịt béo và thơm.",),
        "Tháng 9 – tháng 11",
    ),
    "Lươn": Base(
        "thuy-san",
        "kg",
        (120, 160),
        ("thương phẩm", "không bùn", "làm sẵn", "cỡ lớn"),
        (
            "Lươn nuôi trong bể lót bạt không bùn, cỡ 3 đến 4 con một ký, giao sống tại bể.",
            "Lươn được làm sạch nhớt, cắt khúc và đóng túi theo ký.",
        ),
        "Tháng 6 – tháng 11",
    ),
    "Ếch": Base(
        "thuy-san",
        "kg",
        (70, 100),
        ("đồng làm sẵn", "thương phẩm", "nuôi vèo"),
        ("Ếch nuôi trong vèo lưới đặt trên ao, làm sạch và đóng túi theo ký.",),
    ),
    "Cua biển": Base(
        "thuy-san",
        "kg",
        (250, 450),
        ("gạch", "thịt", "loại 1"),
        ("Cua nuôi trong vuông tôm, chắc thịt, được buộc dây và giao sống.",),
    ),
    "Ốc bươu": Base(
        "thuy-san",
        "kg",
        (25, 40),
        ("đồng", "làm sẵn"),
        ("Ốc bắt trên ruộng, ngâm nước gạo cho sạch nhớt trước khi giao.",),
    ),
    # đặc sản khô
    "Tôm khô": Base(
        "dac-san-kho",
        "kg",
        (700, 1000),
        ("loại 1", "loại 2", "nguyên vỏ", ("hộp quà", "hộp 250 g")),
        (
            "Tôm đất luộc, phơi hai nắng và lột vỏ bằng tay; màu đỏ tự nhiên, không phẩm màu.",
            "Tôm khô làm từ tôm bắt trên ruộng lúa – tôm, chỉ luộc với nước muối loãng.",
        ),
    ),
    "Khô cá lóc": Base(
        "dac-san-kho",
        "kg",
        (300, 450),
        ("một nắng", "loại 1", "loại 2", "đồng"),
        (
            "Cá lóc được làm sạch, ướp muối nhạt, phơi một nắng; thịt ngọt và dai.",
            "Khô phơi trên giàn lưới có mái che, chiên vàng ăn với cơm trắng.",
        ),
    ),
    "Khô cá sặc": Base(
        "dac-san-kho",
        "kg",
        (200, 280),
        ("bổi", "rằn", "một nắng", "loại 1"),
        (
            "Khô cá sặc phơi nắng, chiên giòn ăn với cơm hoặc trộn gỏi.",
            "Cá sặc ướp muối và đường thốt nốt rồi phơi hai nắng, vị mặn vừa.",
        ),
    ),
    "Khô cá rô": Base(
        "dac-san-kho",
        "kg",
        (180, 260),
        ("đồng", "một nắng"),
        ("Khô cá rô đồng phơi nắng, thịt săn và thơm.",),
    ),
    "Khô cá kèo": Base(
        "dac-san-kho",
        "kg",
        (250, 350),
        ("", "loại 1", "tẩm gia vị"),
        ("Cá kèo phơi khô, nướng than hoặc chiên giòn đều ngon.",),
    ),
    # gạo
    "Gạo": Base(
        "gao",
        "kg",
        (28, 45),
        ("ST25 lúa – tôm", "thơm lúa – tôm", "Một Bụi Đỏ", "lứt đỏ", "hữu cơ", "Đài Thơm 8", "nàng thơm"),
        (
            "Gạo trồng trên ruộng lúa – tôm, không dùng thuốc diệt cỏ, xay mới theo đơn.",
            "Hạt gạo dài, cơm dẻo và thơm; đóng túi 5 kg và 10 kg.",
        ),
    ),
    # rau, củ, quả
    "Rau muống": Base(
        "rau-qua",
        "kg",
        (12, 20),
        ("", "hạt", "nước"),
        ("Rau muống trồng theo hướng an toàn, cắt sáng sớm và giao trong ngày.",),
    ),
    "Nấm rơm": Base(
        "rau-qua",
        "kg",
        (80, 100),
        ("tươi", "búp", ("sấy khô", "gói 200 g")),
        (
            "Nấm rơm hái búp mỗi sáng, giao trong ngày.",
            "Nấm trồng trên rơm sạch sau thu hoạch lúa, không dùng thuốc kích thích.",
        ),
    ),
    "Mướp hương": Base(
        "rau-qua",
        "kg",
        (15, 22),
        ("", "non"),
        ("Mướp hương trồng trên bờ bao ruộng tôm, hái non mỗi sáng.",),
    ),
    "Ớt hiểm": Base(
        "rau-qua",
        "kg",
        (40, 80),
        ("xanh", "đỏ"),
        ("Ớt hiểm trái nhỏ, rất cay, hái tại vườn.",),
    ),
    "Khóm": Base(
        "rau-qua",
        "trái",
        (10, 20),
        ("", "mật", "loại 1"),
        ("Khóm trồng trên đất phèn, trái thơm, ngọt đậm.",),
        "Tháng 3 – tháng 6",
    ),
    "Dưa hấu": Base(
        "rau-qua",
        "kg",
        (10, 18),
        ("ruột đỏ", "ruột vàng", "không hạt"),
        ("Dưa hấu trồng trên ruộng sau vụ lúa, vỏ mỏng, ruột ngọt.",),
        "Tháng 12 – tháng 2",
    ),
    "Bí đỏ": Base(
        "rau-qua",
        "kg",
        (12, 20),
        ("hồ lô", "non", ""),
        ("Bí đỏ trồng trên bờ bao, để già trên giàn, thịt dẻo.",),
    ),
    "Đậu bắp": Base(
        "rau-qua",
        "kg",
        (15, 25),
        ("", "non"),
        ("Đậu bắp hái non, giòn, dùng luộc, xào hoặc nấu canh chua.",),
    ),
    "Chuối xiêm": Base(
        "rau-qua",
        "nải",
        (25, 45),
        ("", "chín cây"),
        ("Chuối xiêm trồng ven mương vườn, để chín cây nên ngọt và thơm.",),
    ),
    "Rau gia vị": Base(
        "rau-qua",
        "bó",
        (5, 10),
        ("an toàn", "hỗn hợp"),
        ("Rau thơm, hành lá, ngò gai trồng theo hướng an toàn, có sổ nhật ký sản xuất.",),
    ),
    # gia cầm, trứng
    "Gà ta": Base(
        "gia-cam",
        "kg",
        (100, 130),
        ("thả vườn", "làm sẵn", "nguyên con"),
        (
            "Gà ta nuôi thả vườn trên 4 tháng, da vàng, thịt chắc.",
            "Gà nuôi dưới tán cây bằng lúa và cám, làm sẵn theo yêu cầu.",
        ),
        "Quanh năm, nhiều nhất dịp Tết",
    ),
    "Vịt": Base(
        "gia-cam",
        "kg",
        (70, 95),
        ("chạy đồng", "xiêm", "làm sẵn"),
        ("Vịt thả ăn lúa rơi sau mùa gặt, thịt săn chắc, ít mỡ.",),
        "Tháng 2 – tháng 4; tháng 8 – tháng 10",
    ),
    "Trứng vịt": Base(
        "gia-cam",
        "chục (10 quả)",
        (32, 45),
        ("tươi", "muối", "bắc thảo"),
        (
            "Trứng vịt chạy đồng, lòng đỏ đậm, thu nhặt mỗi sáng.",
            "Trứng vịt ủ muối tro, lòng đỏ đỏ au, dùng làm bánh hoặc ăn với cháo.",
        ),
    ),
    "Trứng gà ta": Base(
        "gia-cam",
        "chục (10 quả)",
        (35, 50),
        ("", "thả vườn"),
        ("Trứng gà ta nuôi thả, vỏ hồng, thu nhặt trong ngày.",),
    ),
    "Chim bồ câu": Base(
        "gia-cam",
        "con",
        (60, 90),
        ("thịt", "ra ràng"),
        ("Bồ câu nuôi nhốt sạch sẽ, thịt mềm, bán theo con.",),
    ),
    # thực phẩm chế biến
    "Mật ong": Base(
        "thuc-pham",
        "chai 500 ml",
        (180, 280),
        ("U Minh", "rừng tràm", "hoa tràm", "gác kèo", ("nguyên sáp", "hộp 500 g")),
        (
            "Mật ong rừng tràm gác kèo, màu vàng sẫm, vị ngọt thanh.",
            "Mật được lọc và đóng chai thủy tinh ngay tại tổ, không pha đường.",
        ),
        "Tháng 3 – tháng 5",
    ),
    "Mắm cá": Base(
        "thuc-pham",
        "hũ 500 g",
        (90, 130),
        ("sặc", "lóc", "linh", "rô"),
        (
            "Mắm cá đồng ủ theo cách truyền thống, dùng để chưng, kho hoặc nấu lẩu mắm.",
            "Cá đồng mùa nước nổi được ủ chín, thịt mềm và thơm.",
        ),
    ),
    "Bánh tráng": Base(
        "thuc-pham",
        "kg",
        (50, 70),
        ("phơi sương", "nướng", "dẻo"),
        ("Bánh tráng tráng bằng gạo địa phương, dẻo mềm, dùng cuốn thịt luộc và rau sống.",),
    ),
    "Bánh phồng": Base(
        "thuc-pham",
        "gói 500 g",
        (45, 80),
        ("tôm", "nếp", "sữa"),
        ("Bánh phồng cán tay, phơi nắng, nướng than hoặc chiên đều phồng đẹp.",),
        "Tháng 11 – tháng 1",
    ),
    "Dưa cải": Base(
        "thuc-pham",
        "hũ 1 kg",
        (30, 45),
        ("muối", "chua ngọt"),
        ("Dưa cải bẹ xanh muối chua vừa, giòn, không dùng chất bảo quản.",),
    ),
    "Nước mắm": Base(
        "thuc-pham",
        "chai 500 ml",
        (45, 90),
        ("cá cơm", "truyền thống"),
        ("Nước mắm ủ chượp trong lu sành, màu cánh gián, vị mặn dịu.",),
    ),
    "Chuối sấy": Base(
        "thuc-pham",
        "gói 250 g",
        (35, 55),
        ("dẻo", "giòn"),
        ("Chuối xiêm chín cây được sấy bằng nhiệt, không thêm đường.",),
    ),
    "Lạp xưởng": Base(
        "thuc-pham",
        "kg",
        (180, 260),
        ("tôm", "cá lóc", "tươi"),
        ("Lạp xưởng làm thủ công, phơi nắng vừa tới, chiên hoặc hấp đều ngon.",),
    ),
    "Ức vịt": Base(
        "thuc-pham",
        "gói 300 g",
        (85, 110),
        ("xông khói",),
        ("Ức vịt ướp gia vị, xông khói củi, cắt lát ăn liền hoặc áp chảo.",),
    ),
    "Hộp quà đặc sản": Base(
        "thuc-pham",
        "hộp",
        (250, 500),
        ("", "Tết", "quê"),
        ("Hộp quà gồm tôm khô, khô cá sặc và mật ong của các tổ hợp tác trong vùng.",),
        "Dịp Tết Nguyên đán",
    ),
    "Giỏ quà quê": Base(
        "thuc-pham",
        "giỏ",
        (300, 450),
        ("", "lục bình"),
        ("Giỏ đựng mật ong, khô cá và bánh phồng, làm quà cho khách sau chuyến tham quan.",),
    ),
    # hàng thủ công
    "Giỏ lục bình đan tay": Base(
        "thu-cong",
        "cái",
        (80, 180),
        ("cỡ lớn", "cỡ vừa", "cỡ nhỏ", "có nắp", "có quai"),
        (
            "Giỏ đan tay từ lục bình phơi khô, có quai cầm, dùng đựng đồ hoặc trang trí.",
            "Lục bình vớt trên kênh, phơi hai tuần cho thật khô rồi mới đan.",
        ),
    ),
    "Túi xách lục bình": Base(
        "thu-cong",
        "cái",
        (180, 320),
        ("", "có khóa kéo", "màu nâu cà phê", "màu tự nhiên"),
        ("Túi xách đan từ sợi lục bình se nhỏ, lót vải bên trong.",),
    ),
    "Khay lục bình": Base(
        "thu-cong",
        "bộ 3 cái",
        (80, 120),
        ("", "hình chữ nhật", "tròn"),
        ("Bộ khay đan lục bình nhiều cỡ, dùng đựng trái cây, bánh kẹo.",),
    ),
    "Thảm lục bình": Base(
        "thu-cong",
        "tấm",
        (150, 300),
        ("tròn", "vuông", "cỡ lớn"),
        ("Thảm đan dày từ lục bình phơi khô, trải sàn hoặc lót ghế.",),
    ),
    "Hộp đựng đồ lục bình": Base(
        "thu-cong",
        "bộ 3 cái",
        (120, 200),
        ("", "có nắp"),
        ("Bộ hộp đan lục bình, dùng đựng quần áo, đồ chơi.",),
    ),
    "Ấm trà bọc lục bình": Base(
        "thu-cong",
        "cái",
        (150, 220),
        ("", "cỡ nhỏ"),
        ("Ấm trà gốm được bọc lục bình đan tay, giữ nhiệt tốt và dễ cầm.",),
    ),
    "Đệm bàng": Base(
        "thu-cong",
        "tấm",
        (250, 450),
        ("", "cỡ lớn", "dệt hoa văn"),
        ("Đệm dệt tay từ cỏ bàng phơi khô, dùng trải nằm, trải sàn hoặc làm tấm lót.",),
    ),
    "Giỏ bàng": Base(
        "thu-cong",
        "cái",
        (50, 90),
        ("đi chợ", "có nắp", "cỡ nhỏ"),
        ("Giỏ đan từ cỏ bàng, có quai xách chắc, thay cho túi ni lông khi đi chợ.",),
    ),
    "Nón lá": Base(
        "thu-cong",
        "cái",
        (40, 120),
        ("", "bài thơ", "vẽ tay"),
        ("Nón lá chằm tay, vành đều, khung tre chuốt nhẵn.",),
    ),
    "Rổ tre đan": Base(
        "thu-cong",
        "cái",
        (30, 70),
        ("", "cỡ lớn", "có quai"),
        ("Rổ đan từ tre già ngâm bùn, bền và không mối mọt.",),
    ),
    # hàng may mặc
    "Áo bà ba": Base(
        "may-mac",
        "cái",
        (150, 250),
        ("may sẵn", "may đo", "vải lụa", "vải lanh"),
        (
            "Áo bà ba may hai túi, hàng nút trước, nhiều màu, đủ cỡ từ S đến XXL.",
            "Áo bà ba đường may chắc, vải mềm; nhận may thêm theo số đo.",
        ),
    ),
    "Đồ bộ mặc nhà": Base(
        "may-mac",
        "bộ",
        (120, 180),
        ("", "vải cotton", "trẻ em"),
        ("Đồ bộ may sẵn đủ cỡ, mặc mát trong ngày nóng.",),
    ),
    "Đồng phục học sinh": Base(
        "may-mac",
        "bộ",
        (120, 200),
        ("", "may đo"),
        ("Nhận may đồng phục cho trường học và lớp học theo số lượng đặt.",),
    ),
    "Túi vải đi chợ": Base(
        "may-mac",
        "cái",
        (30, 50),
        ("", "in hoa văn"),
        ("Túi vải bố may chắc, gấp gọn, dùng thay túi ni lông.",),
    ),
    "Khăn rằn": Base(
        "may-mac",
        "cái",
        (25, 45),
        ("", "Nam Bộ"),
        ("Khăn rằn caro dệt sợi bông, thấm mồ hôi, dùng quàng cổ hoặc làm quà.",),
    ),
    "Quần áo trẻ em": Base(
        "may-mac",
        "bộ",
        (80, 150),
        ("", "vải cotton"),
        ("Nhận may quần áo trẻ em theo đơn đặt hàng của cửa hàng, cơ sở may.",),
    ),
    "Tạp dề": Base(
        "may-mac",
        "cái",
        (40, 70),
        ("vải bố", "in tên quán"),
        ("Tạp dề may chắc, có túi trước, nhận in tên quán theo đơn.",),
    ),
    "Áo dài": Base(
        "may-mac",
        "cái",
        (400, 900),
        ("may đo", "cách tân"),
        ("Nhận may áo dài theo số đo cho đội văn nghệ, lễ hội và ngày cưới.",),
    ),
}


@dataclass(frozen=True)
class Activity:
    """What a cooperative does: how a THT and an HTX doing it are named, and what they sell."""

    tht: str  # after "Tổ hợp tác"
    htx: str  # after "Hợp tác xã"
    short: str  # for the id
    summaries: tuple[str, ...]
    products: tuple[str, ...]


ACTIVITIES: dict[str, tuple[Activity, ...]] = {
    "trong-trot": (
        Activity(
            "trồng rau an toàn",
            "Nông nghiệp Rau an toàn",
            "rau-an-toan",
            (
                "Trồng rau ăn lá, rau gia vị theo hướng an toàn, có sổ ghi chép nhật ký sản xuất.",
                "Trồng rau màu theo hướng an toàn; rau được cắt sáng sớm và giao trong ngày cho chợ và quán ăn.",
            ),
            ("Rau muống", "Rau gia vị", "Mướp hương", "Đậu bắp", "Bí đỏ"),
        ),
        Activity(
            "sản xuất lúa – tôm",
            "Nông nghiệp Lúa – tôm",
            "lua-tom",
            (
                "Canh tác một vụ lúa, một vụ tôm trên cùng diện tích, giảm phân bón và thuốc hóa học.",
                "Sản xuất lúa thơm trên đất nuôi tôm, áp dụng quy trình giảm giống, giảm phân.",
            ),
            ("Gạo", "Tôm sú", "Tôm càng xanh"),
        ),
        Activity(
            "trồng nấm rơm",
            "Nông nghiệp Nấm rơm",
            "nam-rom",
            ("Tận dụng rơm sau thu hoạch để trồng nấm rơm ngoài trời và trong nhà.",),
            ("Nấm rơm", "Rau gia vị", "Mướp hương"),
        ),
        Activity(
            "trồng rau màu trên bờ bao",
            "Nông nghiệp Rau màu",
            "rau-mau",
            ("Tận dụng bờ bao ruộng tôm để trồng bí, mướp và rau gia vị.",),
            ("Bí đỏ", "Mướp hương", "Ớt hiểm", "Đậu bắp"),
        ),
        Activity(
            "trồng khóm",
            "Nông nghiệp Khóm",
            "khom",
            ("Trồng khóm xen chuối trên đất phèn, bán trái tươi và làm chuối sấy.",),
            ("Khóm", "Chuối xiêm", "Chuối sấy"),
        ),
        Activity(
            "trồng dưa hấu",
            "Nông nghiệp Dưa hấu",
            "dua-hau",
            ("Trồng dưa hấu, bí đỏ trên ruộng sau vụ lúa, bán cho thương lái và chợ Tết.",),
            ("Dưa hấu", "Bí đỏ", "Ớt hiểm"),
        ),
    ),
    "chan-nuoi": (
        Activity(
            "nuôi vịt chạy đồng",
            "Chăn nuôi Vịt chạy đồng",
            "nuoi-vit",
            ("Nuôi vịt chạy đồng sau mùa gặt và vịt đẻ lấy trứng.",),
            ("Vịt", "Trứng vịt", "Ức vịt"),
        ),
        Activity(
            "nuôi gà thả vườn",
            "Chăn nuôi Gà ta",
            "nuoi-ga",
            ("Nuôi gà ta thả vườn dưới tán cây, dùng thức ăn phối trộn từ lúa và cám.",),
            ("Gà ta", "Trứng gà ta", "Chim bồ câu"),
        ),
        Activity(
            "nuôi ong lấy mật",
            "Nuôi ong Mật ong rừng tràm",
            "mat-ong",
            ("Gác kèo ong trong rừng tràm, khai thác mật theo mùa tràm ra hoa.",),
            ("Mật ong",),
        ),
        Activity(
            "chăn nuôi gà, vịt",
            "Chăn nuôi Gia cầm",
            "ga-vit",
            ("Nuôi gà, vịt thả vườn quy mô hộ gia đình, cùng mua con giống và thức ăn để giảm chi phí.",),
            ("Gà ta", "Vịt", "Trứng vịt"),
        ),
        Activity(
            "nuôi vịt đẻ",
            "Chăn nuôi Vịt đẻ",
            "vit-de",
            ("Nuôi vịt đẻ theo hướng an toàn sinh học, bán trứng vịt tươi và làm trứng vịt muối.",),
            ("Trứng vịt", "Vịt"),
        ),
    ),
    "thuy-san": (
        Activity(
            "nuôi tôm càng xanh",
            "Nông nghiệp Tôm càng xanh",
            "tom-cang",
            (
                "Nuôi tôm càng xanh toàn đực trong mương vườn và ruộng lúa, cùng mua con giống và bán chung.",
                "Nuôi tôm càng xanh luân canh với lúa theo kỹ thuật được cán bộ khuyến nông chuyển giao.",
            ),
            ("Tôm càng xanh", "Tôm khô", "Gạo"),
        ),
        Activity(
            "nuôi lươn không bùn",
            "Thủy sản Lươn không bùn",
            "nuoi-luon",
            ("Nuôi lươn trong bể lót bạt không bùn, xoay vòng vốn giữa các thành viên.",),
            ("Lươn", "Cá lóc"),
        ),
        Activity(
            "nuôi ếch",
            "Thủy sản Ếch",
            "nuoi-ech",
            ("Nuôi ếch trong vèo lưới đặt trên ao, tốn ít đất và quay vòng vốn nhanh.",),
            ("Ếch", "Cá lóc"),
        ),
        Activity(
            "lúa – tôm",
            "Nông nghiệp Lúa – tôm sú",
            "tom-su",
            ("Nuôi tôm sú xen lúa trên ruộng của các thành viên, cùng mua con giống và cùng bán tôm.",),
            ("Tôm sú", "Gạo", "Cua biển"),
        ),
        Activity(
            "nuôi cá đồng trong ruộng lúa",
            "Thủy sản Cá đồng",
            "ca-ruong",
            ("Thả cá lóc, cá rô, cá sặc trong ruộng lúa mùa nước, thu hoạch sau vụ gặt.",),
            ("Cá lóc", "Cá rô đồng", "Ốc bươu"),
        ),
        Activity(
            "nuôi cua biển",
            "Thủy sản Cua biển",
            "cua-bien",
            ("Nuôi cua biển xen tôm trong vuông, bán cua gạch và cua thịt cho nhà hàng.",),
            ("Cua biển", "Tôm sú"),
        ),
    ),
    "che-bien": (
        Activity(
            "làm khô cá",
            "Chế biến Thủy sản khô",
            "kho-ca",
            ("Làm khô cá lóc, khô cá sặc từ cá nuôi và cá đồng; khô được phơi trên giàn lưới có mái che.",),
            ("Khô cá lóc", "Khô cá sặc", "Khô cá rô", "Khô cá kèo"),
        ),
        Activity(
            "làm tôm khô",
            "Chế biến Tôm khô",
            "tom-kho",
            ("Luộc, phơi và lột tôm khô từ tôm đất của bà con vùng lúa – tôm.",),
            ("Tôm khô", "Bánh phồng"),
        ),
        Activity(
            "làm mắm cá đồng",
            "Chế biến Mắm cá đồng",
            "mam-ca",
            ("Làm mắm cá sặc, mắm cá lóc từ cá đồng mùa nước nổi.",),
            ("Mắm cá", "Nước mắm", "Khô cá sặc"),
        ),
        Activity(
            "làm bánh tráng",
            "Chế biến Bánh tráng",
            "banh-trang",
            ("Tráng bánh tráng và bánh tráng phơi sương bằng gạo địa phương, bán cho chợ và tiệm tạp hóa.",),
            ("Bánh tráng", "Bánh phồng"),
        ),
        Activity(
            "làm bánh dân gian",
            "Chế biến Bánh dân gian",
            "banh-dan-gian",
            ("Làm bánh phồng, bánh tráng và chuối sấy theo đơn đặt hàng cho đám tiệc và dịp Tết.",),
            ("Bánh phồng", "Bánh tráng", "Chuối sấy"),
        ),
        Activity(
            "làm dưa cải muối",
            "Chế biến Thực phẩm",
            "dua-cai",
            ("Trồng cải bẹ xanh và muối dưa theo cách làm truyền thống, đóng hũ bán tại chợ.",),
            ("Dưa cải", "Mắm cá", "Nước mắm"),
        ),
        Activity(
            "làm lạp xưởng",
            "Chế biến Lạp xưởng",
            "lap-xuong",
            ("Làm lạp xưởng tôm, lạp xưởng cá lóc thủ công, bán nhiều vào dịp Tết.",),
            ("Lạp xưởng", "Ức vịt", "Khô cá lóc"),
        ),
    ),
    "thu-cong": (
        Activity(
            "đan lục bình",
            "Thủ công mỹ nghệ Lục bình",
            "dan-luc-binh",
            (
                "Vớt lục bình trên kênh, phơi khô rồi đan thành giỏ, thảm, hộp đựng đồ.",
                "Đan giỏ, khay, túi xách bằng lục bình phơi khô, nhận hàng gia công cho doanh nghiệp xuất khẩu.",
            ),
            (
                "Giỏ lục bình đan tay",
                "Túi xách lục bình",
                "Khay lục bình",
                "Thảm lục bình",
                "Hộp đựng đồ lục bình",
                "Ấm trà bọc lục bình",
            ),
        ),
        Activity(
            "dệt đệm bàng",
            "Thủ công Đệm bàng",
            "det-dem-bang",
            ("Giữ nghề dệt đệm bàng, đan giỏ bàng từ cỏ bàng mọc ven rừng tràm.",),
            ("Đệm bàng", "Giỏ bàng"),
        ),
        Activity(
            "làm nón lá",
            "Thủ công Nón lá",
            "non-la",
            ("Chằm nón lá và đan rổ tre tại nhà, bán cho chợ và khách du lịch.",),
            ("Nón lá", "Rổ tre đan"),
        ),
        Activity(
            "đan tre",
            "Thủ công Mây tre đan",
            "dan-tre",
            ("Đan rổ, giỏ từ tre và cỏ bàng, nhận hàng theo mẫu của cơ sở thủ công.",),
            ("Rổ tre đan", "Nón lá", "Giỏ bàng"),
        ),
    ),
    "may-mac": (
        Activity(
            "may gia công",
            "May mặc",
            "may-gia-cong",
            ("Nhận may gia công quần áo cho các cơ sở trong tỉnh, tạo việc làm tại nhà cho chị em.",),
            ("Đồ bộ mặc nhà", "Quần áo trẻ em", "Túi vải đi chợ", "Tạp dề"),
        ),
        Activity(
            "may mặc",
            "Dệt may",
            "may-mac",
            ("May áo bà ba, đồ bộ và đồng phục học sinh theo đơn đặt hàng.",),
            ("Áo bà ba", "Đồ bộ mặc nhà", "Đồng phục học sinh"),
        ),
        Activity(
            "may áo bà ba",
            "May mặc Áo bà ba",
            "ao-ba-ba",
            ("May áo bà ba, áo dài và khăn rằn cho đội văn nghệ, khách du lịch.",),
            ("Áo bà ba", "Khăn rằn", "Áo dài"),
        ),
    ),
    "dich-vu": (
        Activity(
            "bán hàng nông sản",
            "Dịch vụ Thương mại Nông sản",
            "ban-hang-nong-san",
            ("Gom hàng của các tổ hợp tác trong vùng để bán tại chợ và qua mạng xã hội.",),
            ("Hộp quà đặc sản", "Gạo", "Mật ong", "Tôm khô", "Khô cá sặc"),
        ),
        Activity(
            "du lịch cộng đồng",
            "Dịch vụ Du lịch cộng đồng",
            "du-lich-cong-dong",
            ("Đón khách trải nghiệm chèo xuồng, câu cá và ăn cơm quê tại nhà thành viên.",),
            ("Giỏ quà quê", "Mật ong", "Bánh phồng", "Khô cá lóc"),
        ),
        Activity(
            "dịch vụ nông nghiệp",
            "Dịch vụ Nông nghiệp",
            "dich-vu-nong-nghiep",
            ("Cung ứng giống, vật tư và làm đất cho thành viên, bao tiêu lúa sau thu hoạch.",),
            ("Gạo", "Trứng vịt", "Hộp quà đặc sản"),
        ),
        Activity(
            "nấu ăn đám tiệc",
            "Dịch vụ Ẩm thực",
            "nau-an",
            ("Nhận nấu ăn cho đám cưới, đám giỗ và hội nghị, dùng nông sản của thành viên.",),
            ("Lạp xưởng", "Bánh phồng", "Giỏ quà quê"),
        ),
    ),
}

SECTOR_WEIGHTS = {
    "thuy-san": 20,
    "trong-trot": 18,
    "che-bien": 18,
    "chan-nuoi": 15,
    "thu-cong": 12,
    "may-mac": 10,
    "dich-vu": 7,
}

SECOND_SENTENCES = (
    "{Unit} tạo việc làm tại chỗ cho chị em trong ấp, vừa làm vừa chăm lo gia đình.",
    "Sản phẩm được bán tại chợ xã, hội chợ và qua mạng xã hội.",
    "{Unit} đang tập bán hàng trên sàn thương mại điện tử.",
    "{Unit} cùng mua vật tư đầu vào để giảm chi phí cho thành viên.",
    "Thành viên được tập huấn kỹ thuật và ghi chép sổ sách đều đặn.",
    "{Unit} đang hoàn thiện hồ sơ công bố chất lượng sản phẩm.",
    "{Unit} liên kết với doanh nghiệp để bao tiêu sản phẩm cho thành viên.",
)
STORY_GOALS = (
    "cùng mua vật tư và bán sản phẩm với giá tốt hơn",
    "giữ nghề truyền thống của địa phương",
    "có việc làm tại nhà, vừa làm vừa chăm con",
    "vay vốn xoay vòng và học kỹ thuật mới",
)
STORY_ITEMS = (
    "mua vật tư, con giống có nguồn gốc rõ ràng",
    "ghi sổ nhật ký sản xuất theo tiêu chuẩn VietGAP",
    "bao tiêu sản phẩm với giá thỏa thuận từ đầu vụ",
    "vay vốn xoay vòng không lãi trong tổ",
    "tập huấn kỹ thuật do cán bộ khuyến nông hướng dẫn",
    "đóng gói, dán nhãn để bán ở hội chợ",
    "bán hàng qua Zalo và sàn thương mại điện tử",
    "chia đơn hàng theo tay nghề của từng người",
)
STORY_AWARDS = (
    "Giấy khen của Hội LHPN tỉnh",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Giấy khen của Chủ tịch UBND huyện",
)
HONOURS = (
    ("Giấy khen của Hội LHPN tỉnh", "Hội Liên hiệp Phụ nữ tỉnh An Giang"),
    ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh An Giang"),
    ("Giấy khen của Chủ tịch UBND huyện", "Ủy ban nhân dân huyện Vĩnh Thuận"),
    ("Giấy khen của Hội LHPN huyện", "Hội Liên hiệp Phụ nữ huyện Vĩnh Thuận"),
    ("Danh hiệu Phụ nữ tiêu biểu", "Hội Liên hiệp Phụ nữ tỉnh An Giang"),
)
PERSON_SUMMARIES = (
    "Thợ giỏi của tổ, đã hướng dẫn nghề cho hơn {k} chị em trong xã.",
    "Nữ quản lý năng động, giúp thu nhập của thành viên tăng đều qua từng năm.",
    "Thành viên tích cực, góp công xây dựng hồ sơ đưa sản phẩm của tổ đạt OCOP.",
    "Người đi đầu áp dụng kỹ thuật mới, chia sẻ kinh nghiệm cho {k} hộ trong ấp.",
)
GROUP_SUMMARIES = (
    "Duy trì việc làm ổn định cho {k} lao động nữ, thu nhập bình quân tăng đều.",
    "Liên kết bao tiêu sản phẩm cho các tổ hợp tác trong vùng, do phụ nữ quản lý.",
    "Áp dụng quy trình sản xuất an toàn cho toàn bộ sản phẩm, được khách hàng tin dùng.",
)
DESCRIPTION_PARAGRAPHS = {
    "thuy-san": ("Hàng bắt tại ao vào buổi sáng, giữ sống trong thùng nước khi giao.",),
    "dac-san-kho": ("Phơi trên giàn lưới có mái che, đủ *một nắng* để thịt còn mềm.",),
    "gao": ("Gạo được xay theo đơn đặt hàng nên luôn mới. Nấu cơm nên ngâm gạo khoảng *30 phút*.",),
    "rau-qua": ("Hái sáng sớm, *không dùng thuốc kích thích*, nên dùng trong ngày.",),
    "gia-cam": ("Nuôi thả, cho ăn lúa và cám gạo, *không dùng thuốc tăng trọng*.",),
    "thuc-pham": ("Làm theo cách truyền thống, *không dùng chất bảo quản*.",),
    "thu-cong": ("Mỗi sản phẩm mất khoảng *hai ngày* làm tay. Nhận làm theo kích thước khách đặt.",),
    "may-mac": ("Vải mềm, đường may chắc. Nhận may thêm theo đơn cho *đội văn nghệ*, đoàn khách.",),
}
DESCRIPTION_LISTS = (
    ("Cách bảo quản:", ("để nơi khô ráo, thoáng mát", "tránh ánh nắng trực tiếp", "dùng trong *3 tháng*")),
    ("Cách dùng:", ("chiên vàng, ăn với cơm trắng", "nấu canh chua", "làm quà biếu dịp lễ, Tết")),
    ("Tổ nhận:", ("đơn lẻ giao trong xã", "đơn số lượng lớn cho hội nghị", "gửi xe đi Rạch Giá, Cần Thơ")),
)
CERTIFICATIONS = (
    "VietGAP",
    "Chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    "Chứng nhận hữu cơ (đang chuyển đổi)",
)
INTERNAL_NOTES = (
    "Cần xác minh lại số lao động nữ theo báo cáo quý.",
    "Số liệu cập nhật sau sáp nhập xã.",
    "Đề nghị hỗ trợ làm hồ sơ OCOP năm sau.",
)

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ",
    "Lâm", "Dương", "Lý", "Ngô", "Hồ", "Châu", "Tô", "Thái", "Quách", "Danh", "Thạch", "Mai",
)  # fmt: skip
MIDDLE = ("Kim", "Ngọc", "Thanh", "Mỹ", "Bích", "Hồng", "Diễm", "Cẩm", "Thu", "Kiều", "Minh", "Tuyết", "")
GIVEN = (
    "Nhung", "Phượng", "Thủy", "Ánh", "Linh", "Tâm", "My", "Út", "Tú", "Hân", "Lan", "Hoa", "Mai", "Hương",
    "Trang", "Yến", "Hằng", "Loan", "Xuân", "Thảo", "Diệu", "Nga", "Oanh", "Phương", "Duyên", "Liên",
    "Đào", "Hạnh", "Ngân", "Thắm", "Vân", "Dung", "Hiền", "Lụa", "Giang", "Trinh",
)  # fmt: skip
HAMLETS = (
    "Vĩnh Hòa", "Vĩnh Đông", "Kinh Xáng", "Tân Hưng", "Tân Lợi", "Vĩnh Tân", "Bình Hòa", "Kinh Năm",
    "Bình Lợi", "Đường Xuồng", "Phong Thạnh", "Xẻo Đước", "Kinh Tư", "Rạch Ráng", "Thạnh Hòa",
    "Mương Đào", "Kênh Mới", "Xẻo Rô", "Hòa Thạnh", "Phước Lợi", "Cái Nhum", "Vàm Rầy", "Giồng Kè",
    "Bờ Xáng", "Kinh Làng", "Ngã Ba", "Cống Đá", "Kinh Củ", "Thạnh An", "Minh Hưng", "Hòa Lợi",
    "Tân Phước",
)  # fmt: skip
NAME_FIRST = (
    "Vĩnh", "Tân", "Bình", "Phú", "An", "Long", "Mỹ", "Hòa", "Thạnh", "Phong", "Hưng", "Thới",
    "Khánh", "Định", "Đông", "Tây", "Phước", "Lợi", "Thuận", "Hiệp", "Ngọc", "Minh", "Nhơn",
)  # fmt: skip
NAME_SECOND = (
    "Hòa", "Lợi", "Thạnh", "Bình", "Hưng", "An", "Phú", "Thuận", "Mỹ", "Lộc", "Phước", "Hiệp",
    "Điền", "Long", "Quới", "Phong", "Thành", "Tiến", "Trung", "Hội", "Chánh", "Tây", "Đông",
)  # fmt: skip
DIRECTIONS = ("Bắc", "Nam", "Đông", "Tây")
PHONE_PREFIXES = (
    "090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038",
    "039", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089",
)  # fmt: skip


# --- the pieces of one dataset ---------------------------------------------------------------


@dataclass
class Commune:
    code: str
    name: str
    kind: str
    successor: str
    lat: float = 0.0
    lon: float = 0.0
    hamlets: tuple[str, ...] = ()


@dataclass
class Ids:
    """Unique slugs: the first one bare, later ones with -2, -3 … (skipping any already taken)."""

    used: set[str] = field(default_factory=set)
    next_suffix: dict[str, int] = field(default_factory=dict)

    def make(self, base: str) -> str:
        base = base or "muc"
        if base not in self.used:
            self.used.add(base)
            return base
        n = self.next_suffix.get(base, 2)
        while f"{base}-{n}" in self.used:
            n += 1
        self.next_suffix[base] = n + 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"


@dataclass
class Counts:
    cooperatives: int = 0
    products: int = 0
    years: int = 0
    communes: int = 0
    models: int = 0
    consents: int = 0
    indicators: int = 0
    photos: int = 0


class Writer:
    """One CSV file in the field order of datapackage.json; every cell NFC, lines end in \\n."""

    def __init__(self, path: Path, fields: list[str]):
        self.fields = fields
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.handle, lineterminator="\n")
        self.csv.writerow(fields)
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        self.csv.writerow([_cell(row.get(name)) for name in self.fields])
        self.rows += 1

    def close(self) -> None:
        self.handle.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return value if value.isascii() else nfc(value)


class Synth:
    """Makes one dataset from one seed."""

    def __init__(self, scale: int, seed: int, config: dict[str, Any]):
        self.scale = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.config = config
        categories = config.get("categories") or {}
        self.sectors = [s for s in SECTOR_WEIGHTS if s in (config.get("sectors") or {})]
        if not self.sectors:
            raise SynthError("portal.yml không có lĩnh vực (sectors) nào mà lệnh synth biết; không tạo được dữ liệu.")
        self.weights = [SECTOR_WEIGHTS[s] for s in self.sectors]
        self.bases = {name: base for name, base in PRODUCTS.items() if base.category in categories}
        if not self.bases:
            raise SynthError("portal.yml không có nhóm sản phẩm (categories) nào mà lệnh synth biết.")
        self.coop_ids = Ids()
        self.product_ids = Ids()
        self.model_ids = Ids()
        self.consent_numbers: dict[int, int] = {}
        self.consents: list[dict[str, Any]] = []
        self.coop_names: set[str] = set()
        self.product_names: set[str] = set()
        self.photos = [f"minh-hoa-{i:02d}.jpg" for i in range(1, PHOTO_COUNT + 1)]
        self.counts = Counts()

    # --- people and contacts ----------------------------------------------------------

    def person(self) -> str:
        rng = self.rng
        middle = rng.choice(MIDDLE)
        return " ".join(part for part in (rng.choice(FAMILY), "Thị", middle, rng.choice(GIVEN)) if part)

    def phone(self) -> str:
        rng = self.rng
        digits = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
        style = rng.random()
        if style < 0.5:
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        if style < 0.7:
            return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
        return digits

    def consent(self, name: str, scope: str, year_range: tuple[int, int] = (2023, 2025)) -> dict[str, Any]:
        rng = self.rng
        year = rng.randint(*year_range)
        signed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
        number = self.consent_numbers.get(year, 0) + 1
        self.consent_numbers[year] = number
        row = {
            "id": f"dy-{year}-{number:04d}",
            "person_name": name,
            "scope": scope,
            "signed": signed.isoformat(),
            "document_ref": f"PĐY-{year}-{number:04d}",
        }
        self.consents.append(row)
        return row

    # --- communes ---------------------------------------------------------------------

    def communes(self) -> list[Commune]:
        rng = self.rng
        if self.scale <= SAMPLE_COMMUNES_UP_TO:
            communes = self._sample_communes()
        else:
            communes = self._province_communes(max(3, round(self.scale / COOPERATIVES_PER_COMMUNE)))
        by_code = {c.code: c for c in communes}
        for commune in communes:  # current units first in both sets, so their centres exist
            if commune.successor and commune.successor in by_code:
                centre = by_code[commune.successor]
                commune.lat = centre.lat + rng.uniform(-0.04, 0.04)
                commune.lon = centre.lon + rng.uniform(-0.04, 0.04)
            elif self.scale <= SAMPLE_COMMUNES_UP_TO:
                commune.lat, commune.lon = rng.uniform(9.45, 9.6), rng.uniform(105.15, 105.3)
            else:
                commune.lat, commune.lon = rng.uniform(9.2, 10.8), rng.uniform(104.6, 105.8)
            numbered = [str(n) for n in range(1, 13)]
            commune.hamlets = tuple(rng.sample(HAMLETS, 5) + rng.sample(numbered, 3))
        return communes

    def _sample_communes(self) -> list[Commune]:
        path = DATA / "communes.csv"
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise SynthError(f"Không đọc được {path}: {error}") from error
        communes = [
            Commune(
                (r.get("code") or "").strip(),
                nfc(r.get("name") or "").strip(),
                nfc(r.get("kind") or "").strip(),
                (r.get("successor") or "").strip(),
            )
            for r in rows
        ]
        communes = [c for c in communes if c.code]
        if not communes:
            raise SynthError(f"{path} không có xã nào; không tạo được dữ liệu.")
        # current units first, so the centres of former units can be placed near them
        return [c for c in communes if not c.successor] + [c for c in communes if c.successor]

    def _province_communes(self, current_count: int) -> list[Commune]:
        rng = self.rng
        plain = [f"{a} {b}" for a in NAME_FIRST for b in NAME_SECOND if a != b]
        rng.shuffle(plain)
        directed = [f"{name} {d}" for name in plain for d in DIRECTIONS if not name.endswith(d)]
        rng.shuffle(directed)
        names = plain + directed
        position = 0

        def next_name() -> str:
            nonlocal position
            name = names[position % len(names)]
            if position >= len(names):
                name = f"{name} {position // len(names) + 1}"
            position += 1
            return name

        codes = Ids()
        current: list[Commune] = []
        former: list[Commune] = []
        for _ in range(current_count):
            kind = "phường" if rng.random() < 0.12 else "xã"
            name = next_name()
            unit = Commune(codes.make(slugify(name)), name, kind, "")
            current.append(unit)
            merged = rng.choice((2, 2, 3, 3, 4))
            for index in range(merged):
                same = index == 0 and rng.random() < 0.6
                old_name = name if same else next_name()
                if kind == "phường":
                    old_kind = rng.choice(("phường", "phường", "thị trấn", "xã"))
                else:
                    old_kind = "thị trấn" if rng.random() < 0.08 else "xã"
                prefix = "cu-tt-" if old_kind == "thị trấn" else "cu-"
                former.append(Commune(codes.make(prefix + slugify(old_name)), old_name, old_kind, unit.code))
        return current + former

    # --- cooperatives -----------------------------------------------------------------

    def cooperative(
        self, kind: str, commune: Commune, current: Commune, new: bool, manager: bool
    ) -> tuple[dict[str, Any], Activity, str]:
        rng = self.rng
        sector = rng.choices(self.sectors, self.weights)[0]
        activity = rng.choice(ACTIVITIES[sector])
        street = "Khu phố" if commune.kind in ("phường", "thị trấn") else "Ấp"
        hamlet = rng.choice(commune.hamlets)
        hamlet_name = f"{street} {hamlet}"
        is_htx = kind == "HTX"
        head = f"Hợp tác xã {activity.htx}" if is_htx else f"Tổ hợp tác {activity.tht}"
        candidates = [(commune.name, ""), (hamlet_name, commune.name), (f"{hamlet_name} {commune.name}", "")]
        if rng.random() < 0.3:
            candidates[0], candidates[1] = candidates[1], candidates[0]
        place, extra = next((c for c in candidates if f"{head} {c[0]}" not in self.coop_names), candidates[-1])
        name = f"{head} {place}"
        self.coop_names.add(name)
        coop_id = self.coop_ids.make(slugify(f"{kind} {activity.short} {place} {extra}"))

        if new:
            founded = dt.date(REFERENCE_YEAR, rng.randint(1, 9), rng.randint(1, 28)).isoformat()
        else:
            year = rng.randint(2005, REFERENCE_YEAR - 3)
            founded = (
                str(year) if rng.random() < 0.4 else dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            )
        total = rng.randint(7, 60) if is_htx else rng.randint(4, 25)
        female = min(total, max(1, round(total * rng.uniform(0.45, 1.0))))
        workers = max(1, round(female * rng.uniform(0.7, 1.25)))
        managers = rng.randint(1, min(5, female)) if is_htx else rng.randint(1, min(2, female))
        status = rng.choices(("hoạt động", "tạm ngừng", "giải thể"), (92, 6, 2))[0]
        unit = "Hợp tác xã" if is_htx else "Tổ"
        summary = rng.choice(activity.summaries)
        if rng.random() < 0.5:
            summary += " " + rng.choice(SECOND_SENTENCES).format(Unit=unit)

        row: dict[str, Any] = {
            "id": coop_id,
            "type": kind,
            "name": name,
            "commune": commune.code,
            "founded": founded,
            "status": status,
            "sector": sector,
            "members_total": str(total),
            "members_female": str(female),
            "female_workers": str(workers),
            "women_managers": str(managers),
            "summary": summary,
        }
        if rng.random() < 0.6:
            row["address"] = f"{hamlet_name}, {current.kind} {current.name}, tỉnh {PROVINCE}"
        if rng.random() < 0.55:
            phone = self.phone()
            row["phone"] = phone
            if rng.random() < 0.7:
                row["zalo"] = phone if rng.random() < 0.5 else phone.replace(" ", "").replace(".", "")
        compact = coop_id.replace("-", "")
        if rng.random() < (0.3 if is_htx else 0.06):
            row["facebook"] = f"https://www.facebook.com/{compact}"
        if rng.random() < (0.3 if is_htx else 0.02):
            row["website"] = f"https://{compact}.example.vn/"
        if rng.random() < (0.4 if is_htx else 0.06):
            row["email"] = f"lienhe@{compact}.example.vn"
        if rng.random() < 0.5:
            row["lat"] = f"{commune.lat + rng.uniform(-0.03, 0.03):.5f}"
            row["lon"] = f"{commune.lon + rng.uniform(-0.03, 0.03):.5f}"
        if manager:
            person = self.person()
            scope = rng.choice(("tên", "tên;điện thoại", "tên;ảnh;điện thoại"))
            if row.get("phone") and "điện thoại" not in scope:  # her number is published with her name
                scope += ";điện thoại"
            row["manager_name"] = person
            row["manager_role"] = rng.choice(("Giám đốc", "Chủ tịch HĐQT")) if is_htx else "Tổ trưởng"
            row["manager_consent"] = self.consent(person, scope)["id"]
        if rng.random() < 0.15:
            row["story"] = self.story(founded[:4], female, place, unit)
        if rng.random() < 0.3:
            row["photo"] = rng.choice(self.photos)
        if rng.random() < 0.85:
            row["women_managers_trained"] = str(rng.randint(0, managers))
        if new:
            row["plan_year"] = str(REFERENCE_YEAR)
        if rng.random() < 0.02:
            row["former_ids"] = self.coop_ids.make(f"{coop_id}-cu")
        if rng.random() < 0.04:
            row["internal_notes"] = rng.choice(INTERNAL_NOTES)
        return row, activity, hamlet

    def story(self, year: str, women: int, place: str, unit: str) -> str:
        rng = self.rng
        lower = unit.lower()
        items = rng.sample(STORY_ITEMS, 3)
        parts = [
            f"Năm {year}, {women} chị em ở {place} cùng nhau lập {lower} để {rng.choice(STORY_GOALS)}.",
            f"{unit} hỗ trợ thành viên:\n\n" + "\n".join(f"- {item};" for item in items[:-1]) + f"\n- {items[-1]}.",
        ]
        if rng.random() < 0.5:
            award_year = rng.randint(max(int(year), 2018), REFERENCE_YEAR)
            award = rng.choice(STORY_AWARDS)
            parts.append(f"Năm {award_year}, {lower} được *{award}* vì thành tích tạo việc làm cho lao động nữ.")
        return "\n\n".join(parts)

    def years(self, row: dict[str, Any], new: bool) -> list[dict[str, Any]]:
        rng = self.rng
        count = 1 if new else rng.choice((3, 4, 4))
        total, female, workers = int(row["members_total"]), int(row["members_female"]), int(row["female_workers"])
        with_revenue = rng.random() < 0.5
        is_htx = row["type"] == "HTX"
        revenue = rng.randint(1_000, 5_000) * 1_000_000 if is_htx else rng.randint(100, 900) * 1_000_000
        income = rng.randint(90, 150) * 50_000
        out = []
        for year in range(REFERENCE_YEAR, REFERENCE_YEAR - count, -1):
            figures = {
                "cooperative_id": row["id"],
                "year": str(year),
                "members_total": str(total),
                "members_female": str(female),
                "female_workers": str(workers),
            }
            if with_revenue:
                figures["revenue_vnd"] = str(int(round(revenue, -5)))
                figures["avg_income_vnd"] = str(income)
                if is_htx:
                    margin = rng.uniform(-0.02, 0.1) if rng.random() < 0.1 else rng.uniform(0.04, 0.1)
                    figures["profit_vnd"] = str(int(round(revenue * margin, -5)))
            out.append(figures)
            total = max(2, total - rng.randint(0, 2))
            female = max(1, min(total, female - rng.randint(0, 2)))
            workers = max(0, workers - rng.randint(0, 2))
            revenue = revenue / rng.uniform(1.03, 1.15)
            income = max(3_000_000, income - rng.randint(0, 20) * 50_000)
        out.reverse()
        return out

    # --- products ---------------------------------------------------------------------

    def products(
        self, coop: dict[str, Any], activity: Activity, places: tuple[str, str, str], featured: set[int]
    ) -> list[dict[str, Any]]:
        """Five products of the cooperative's activity; a name already used gets a place name added."""
        rng = self.rng
        combos = [(b, v) for b in activity.products if b in self.bases for v in self.bases[b].variants]
        chosen = rng.sample(combos, min(PRODUCTS_PER_COOPERATIVE, len(combos)))
        if len(chosen) < PRODUCTS_PER_COOPERATIVE:  # an activity whose categories portal.yml lacks
            pool = [(b, v) for b in self.bases for v in self.bases[b].variants if (b, v) not in chosen]
            chosen += rng.sample(pool, PRODUCTS_PER_COOPERATIVE - len(chosen))
        rows = []
        for base_name, variant in chosen:
            base = self.bases[base_name]
            text, unit = variant if isinstance(variant, tuple) else (variant, base.unit)
            plain = f"{base_name} {text}".strip()
            candidates = [plain] + [f"{plain} {place}" for place in places if not place.isdigit()]
            name = next((c for c in candidates if c not in self.product_names), candidates[1])
            self.product_names.add(name)
            product_id = self.product_ids.make(slugify(name))
            row: dict[str, Any] = {
                "id": product_id,
                "cooperative_id": coop["id"],
                "name": name,
                "category": base.category,
                "summary": rng.choice(base.summaries),
            }
            if rng.random() < 0.9:
                low, high = base.price
                price = rng.randint(low, high) * 1000
                row["price_vnd"] = str(round(price, -4 if price >= 100_000 else -3))
            if rng.random() < 0.95:
                row["unit"] = unit
            ocop = rng.random() < 0.15
            if ocop:
                row["ocop_stars"] = "3" if rng.random() < 0.6 else "4"
                row["ocop_decision"] = f"Quyết định số {rng.randint(50, 3500)}/QĐ-UBND"
                row["ocop_date"] = (dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1826))).isoformat()
            if base.category not in ("thu-cong", "may-mac") and rng.random() < 0.2:
                row["certifications"] = rng.choice(CERTIFICATIONS)
            if base.season and rng.random() < 0.5:
                row["season"] = base.season
            if rng.random() < 0.2:
                row["photo"] = rng.choice(self.photos)
            is_featured = self.counts.products in featured
            if rng.random() < (0.6 if ocop or is_featured else 0.03):
                row["buy_url"] = f"https://postmart.vn/gian-hang/{coop['id']}/{product_id}"
            if is_featured:
                row["featured"] = "có"
            elif rng.random() < 0.3:
                row["featured"] = "không"
            if rng.random() < 0.25:
                row["description"] = self.description(base.category)
            if rng.random() < 0.01:
                row["former_ids"] = self.product_ids.make(f"{product_id}-cu")
            rows.append(row)
            self.counts.products += 1
        return rows

    def description(self, category: str) -> str:
        rng = self.rng
        paragraphs = DESCRIPTION_PARAGRAPHS.get(category) or ("Sản phẩm làm tại nhà thành viên.",)
        text = rng.choice(paragraphs)
        if rng.random() < 0.5:
            title, items = rng.choice(DESCRIPTION_LISTS)
            chosen = rng.sample(items, 2)
            text += f"\n\n{title}\n\n- {chosen[0]};\n- {chosen[1]}."
        return text

    # --- models and indicators --------------------------------------------------------

    def model(self, coop: dict[str, Any], individual: bool) -> dict[str, Any]:
        rng = self.rng
        year = rng.randint(2022, REFERENCE_YEAR)
        award, by = rng.choice(HONOURS)
        k = rng.randint(5, 40)
        if individual:
            name = self.person()
            summary = rng.choice(PERSON_SUMMARIES).format(k=k)
            consent = self.consent(name, "tên;ảnh", (2022, year))["id"]
        else:
            name = coop["name"]
            summary = rng.choice(GROUP_SUMMARIES).format(k=coop["female_workers"])
            consent = ""
        row = {
            "id": self.model_ids.make(slugify(f"{name} {year}")),
            "name": name,
            "kind": "cá nhân" if individual else "tập thể",
            "year": str(year),
            "award": award,
            "summary": summary,
            "cooperative_id": coop["id"],
            "awarded_by": by,
            "consent": consent,
        }
        if rng.random() < 0.4:
            who = f"Chị {name.split()[-1]}" if individual else coop["name"]
            row["story"] = (
                f"{who} gắn bó với nghề từ nhiều năm. Năm {year}, {'chị' if individual else 'tập thể'} "
                f"được nhận *{award[0].lower()}{award[1:]}*.\n\nNhững việc đã làm:\n\n"
                f"- {rng.choice(STORY_ITEMS)};\n- hướng dẫn nghề cho {k} chị em."
            )
        if rng.random() < 0.4:
            row["photo"] = rng.choice(self.photos)
        self.counts.models += 1
        return row

    def indicators(self) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        targets = self.config.get("targets") or {}
        reported = [key for key, spec in targets.items() if isinstance(spec, dict) and not spec.get("derive")]
        for period in (f"{REFERENCE_YEAR}-H1", str(REFERENCE_YEAR)):
            half = period.endswith("H1")
            for key in reported:
                value = rng.uniform(15, 70) if half else rng.uniform(50, 100)
                text = f"{value:.1f}".removesuffix(".0")
                rows.append(
                    {
                        "indicator": key,
                        "period": period,
                        "value": text,
                        "note": "Số liệu giả lập để đo tốc độ." if rng.random() < 0.5 else "",
                        "source": f"Báo cáo {'6 tháng' if half else 'năm'} của Hội LHPN (giả lập)",
                    }
                )
        return rows


# --- photos ---------------------------------------------------------------------------------

PALETTES = (
    ((120, 180, 235), (235, 240, 220), (60, 140, 60), (150, 190, 70), (250, 200, 80)),
    ((250, 170, 110), (250, 230, 190), (40, 110, 90), (90, 160, 110), (250, 120, 60)),
    ((90, 150, 210), (200, 225, 240), (70, 120, 160), (120, 170, 200), (255, 240, 170)),
    ((200, 160, 110), (240, 220, 180), (150, 110, 60), (190, 150, 90), (110, 80, 40)),
    ((160, 200, 230), (240, 245, 235), (110, 150, 50), (190, 200, 80), (230, 90, 80)),
    ((230, 140, 160), (250, 220, 200), (80, 130, 70), (140, 180, 90), (255, 250, 220)),
)


def _gradient(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]):
    from PIL import Image

    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def draw_photo(rng: random.Random, index: int):
    """A small drawing (no text): sky, sun, fields, water or a woven pattern, softened."""
    from PIL import ImageDraw, ImageFilter

    width, height = PHOTO_SIZE
    sky_top, sky_bottom, ground_a, ground_b, accent = PALETTES[index % len(PALETTES)]
    jitter = lambda c: tuple(max(0, min(255, v + rng.randint(-20, 20))) for v in c)  # noqa: E731
    sky_top, sky_bottom, ground_a, ground_b, accent = map(jitter, (sky_top, sky_bottom, ground_a, ground_b, accent))
    horizon = int(height * rng.uniform(0.35, 0.55))
    image = _gradient((width, height), sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    style = index % 4
    if style == 2:  # a woven basket surface
        image.paste(_gradient((width, height), ground_b, ground_a))
        band = rng.randint(100, 140)
        for x in range(-height, width + height, band):
            draw.polygon([(x, 0), (x + band // 2, 0), (x + band // 2 + height, height), (x + height, height)], accent)
        for x in range(-height, width + height, band * 2):
            draw.polygon([(x, height), (x + band // 2, height), (x + band // 2 + height, 0), (x + height, 0)], ground_a)
    else:
        sun = (rng.randint(80, width - 80), rng.randint(40, max(41, horizon - 60)), rng.randint(30, 60))
        draw.ellipse((sun[0] - sun[2], sun[1] - sun[2], sun[0] + sun[2], sun[1] + sun[2]), accent)
        image.paste(_gradient((width, height - horizon), ground_a, ground_b), (0, horizon))
        vanish = rng.randint(width // 4, 3 * width // 4)
        if style == 0:  # rows of a paddy field towards the horizon
            for x in range(-width, 2 * width, rng.randint(60, 110)):
                draw.line([(vanish, horizon), (x, height)], ground_b, width=rng.randint(4, 9))
        elif style == 1:  # a canal with light on the water
            for y in range(horizon + 10, height, rng.randint(18, 30)):
                inset = (y - horizon) // 2
                draw.line([(vanish - inset - 40, y), (vanish + inset + 40, y)], sky_bottom, width=3)
        else:  # round produce in a basket
            for _ in range(rng.randint(6, 12)):
                r = rng.randint(30, 70)
                x, y = rng.randint(r, width - r), rng.randint(horizon + r // 2, height - r // 2)
                draw.ellipse((x - r, y - r, x + r, y + r), jitter(accent), outline=ground_a, width=3)
    return image.filter(ImageFilter.GaussianBlur(4 if style == 2 else 2))


def write_photos(folder: Path, names: list[str], rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        draw_photo(rng, index).save(folder / name, "JPEG", quality=80, optimize=True)


# --- the command --------------------------------------------------------------------------------


def _safe_target(out: Path, names: set[str], photo_names: set[str]) -> None:
    """Write only into an empty folder or over an earlier synth dataset; never over data/."""
    if out.exists() and not out.is_dir():
        raise SynthError(f"“{out}” là một tệp, không phải thư mục. Hãy chọn thư mục khác cho --out.")
    try:
        if out.resolve() == DATA.resolve():
            raise SynthError("Không được ghi đè thư mục data/ của dự án. Hãy chọn thư mục khác cho --out.")
    except OSError as error:
        raise SynthError(f"Không đọc được thư mục “{out}”: {error.strerror}.") from error
    if not out.is_dir():
        return
    foreign = sorted(p.name for p in out.iterdir() if p.name not in names)
    images = out / "images"
    if images.is_dir():
        foreign += sorted(f"images/{p.name}" for p in images.iterdir() if p.name not in photo_names)
    if foreign:
        raise SynthError(
            f"Thư mục “{out}” đã có tệp khác ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}). Hãy chọn thư mục trống hoặc thư mục synth đã tạo trước đây."
        )


def _parse_int(value: str | int, label: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise SynthError(f"{label} “{value}” không phải số nguyên. Ví dụ: --scale 1000 --seed 1.") from None


def synthesize(scale: int, out: Path, seed: int = 1) -> Counts:
    """Write a complete, valid dataset of `scale` cooperatives into out; return what was written."""
    if scale < 1 or scale > MAX_SCALE:
        raise SynthError(f"--scale phải từ 1 đến {MAX_SCALE:,}".replace(",", ".") + f" (đang là {scale}).")
    package = load_package(DATA)
    config = load_config(CONFIG)
    resources = package.resources
    names = {r.path for r in resources.values()} | {"datapackage.json", "images"}
    synth = Synth(scale, seed, config)
    _safe_target(out, names, set(synth.photos))
    out.mkdir(parents=True, exist_ok=True)
    (out / "datapackage.json").write_bytes((DATA / "datapackage.json").read_bytes())
    write_photos(out / "images", synth.photos, random.Random(f"photos-{seed}"))
    synth.counts.photos = len(synth.photos)

    def writer(name: str) -> Writer:
        resource = resources[name]
        return Writer(out / resource.path, [f.name for f in resource.fields])

    rng = synth.rng
    communes = synth.communes()
    by_code = {c.code: c for c in communes}
    current = [c for c in communes if not c.successor]
    former = [c for c in communes if c.successor]
    commune_writer = writer("communes")
    for commune in communes:
        commune_writer.write(
            {"code": commune.code, "name": commune.name, "kind": commune.kind, "successor": commune.successor}
        )
    commune_writer.close()
    synth.counts.communes = len(communes)

    htx = set(rng.sample(range(scale), max(1, round(scale * 0.1))))
    tht = [i for i in range(scale) if i not in htx]
    new = set(rng.sample(tht, min(len(tht), max(1, round(scale * 0.01))))) if scale >= 5 else set()
    managers = set(rng.sample(range(scale), max(1, round(scale * 0.2))))
    model_count = min(scale, max(2, round(scale / 20)))
    modelled = rng.sample(range(scale), model_count)
    individuals = set(modelled[: (model_count + 1) // 2])
    modelled_set = set(modelled)
    total_products = scale * PRODUCTS_PER_COOPERATIVE
    featured = set(rng.sample(range(total_products), max(1, round(total_products * 0.01))))

    coops, years, products = writer("cooperatives"), writer("cooperative_years"), writer("products")
    models: list[tuple[int, dict[str, Any]]] = []
    try:
        for index in range(scale):
            if former and (not current or rng.random() < (0.65 if scale <= SAMPLE_COMMUNES_UP_TO else 0.5)):
                commune = rng.choice(former)
            else:
                commune = rng.choice(current)
            now = by_code.get(commune.successor, commune)
            kind = "HTX" if index in htx else "THT"
            row, activity, hamlet = synth.cooperative(kind, commune, now, index in new, index in managers)
            coops.write(row)
            for figures in synth.years(row, index in new):
                years.write(figures)
            for product in synth.products(row, activity, (commune.name, hamlet, now.name), featured):
                products.write(product)
            if index in modelled_set:
                models.append((index, synth.model(row, index in individuals)))
    finally:
        for handle in (coops, years, products):
            handle.close()
    synth.counts.cooperatives, synth.counts.years = coops.rows, years.rows

    withdrawn = max(1, round(scale * 0.01))
    for _ in range(withdrawn):  # people who withdrew; their names were taken off the site
        row = synth.consent(synth.person(), rng.choice(("tên", "tên;ảnh")), (2023, 2024))
        signed = dt.date.fromisoformat(row["signed"])
        row["withdrawn"] = (signed + dt.timedelta(days=rng.randint(30, 400))).isoformat()
    consent_writer = writer("consents")
    for row in synth.consents:
        consent_writer.write(row)
    consent_writer.close()
    synth.counts.consents = consent_writer.rows

    model_writer = writer("models")
    for _, row in models:
        model_writer.write(row)
    model_writer.close()

    indicator_writer = writer("indicators")
    for row in synth.indicators():
        indicator_writer.write(row)
    indicator_writer.close()
    synth.counts.indicators = indicator_writer.rows
    synth.counts.photos = _remove_unused_photos(
        out, [resources[name].path for name in ("cooperatives", "products", "models")]
    )
    return synth.counts


def _remove_unused_photos(out: Path, tables: list[str]) -> int:
    """A small dataset names only some of the photos: `check` reports a photo no row uses."""
    used = set()
    for name in tables:
        with (out / name).open(encoding="utf-8", newline="") as handle:
            used |= {row.get("photo") for row in csv.DictReader(handle)}
    for path in (out / "images").iterdir():
        if path.name not in used:
            path.unlink()
    return len(used & {p.name for p in (out / "images").iterdir()})


OS_REASONS = {
    errno.ENOENT: "không có thư mục này",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
}


def run(scale: str | int, out: str | Path, seed: str | int = 1) -> str:
    """The `synth` command: write the dataset and return the line to print."""
    count, number = _parse_int(scale, "Số HTX/THT (--scale)"), _parse_int(seed, "Hạt giống (--seed)")
    folder = Path(out)
    started = time.perf_counter()
    try:
        counts = synthesize(count, folder, number)
    except OSError as error:
        where = error.filename or folder
        reason = OS_REASONS.get(error.errno or 0, error.strerror or str(error))
        raise SynthError(f"Không ghi được “{where}”: {reason}. Hãy chọn thư mục khác cho --out.") from error
    seconds = time.perf_counter() - started
    return (
        f"Đã tạo bộ dữ liệu giả lập trong {folder}: {counts.cooperatives} HTX/THT, {counts.products} sản phẩm, "
        f"{counts.years} dòng số liệu năm, {counts.communes} xã/phường, {counts.models} điển hình, "
        f"{counts.consents} giấy đồng ý, {counts.photos} ảnh ({seconds:.1f} giây)."
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the dataset; exit 1 with a one-line message on a problem."""
    parser = argparse.ArgumentParser(
        prog="python tools/synth/synth.py",
        description="Tạo bộ dữ liệu giả lập để đo tốc độ (make bench).",
    )
    parser.add_argument("--scale", required=True, metavar="N", help="số HTX/THT cần tạo")
    parser.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục ghi dữ liệu (trống hoặc do synth tạo)")
    parser.add_argument("--seed", default="1", metavar="S", help="hạt giống: cùng tham số thì cùng tệp (mặc định: 1)")
    args = parser.parse_args(argv)
    try:
        print(run(args.scale, args.out, args.seed))
    except SynthError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
