"""The demo fair's content, drawn from public reporting on Vietnam's OCOP programme.

Producers and products named in the reporting (Quyet Thang honey, Toan Thang dried
mango, Lien Gia Trang pickled cassava, Kien Cuong weasel coffee, Song Ma longan…) are
used as they were reported; certificate numbers, prices and stock are illustrative.
"""

import unicodedata

FAIR = {
    "slug": "ocop-2026",
    "name_vi": "Hội chợ OCOP trực tuyến 2026",
    "name_en": "OCOP Virtual Fair 2026",
    "theme_vi": "Sản vật vùng cao và cao nguyên: gặp người làm ra sản phẩm, xem quy trình, đặt hàng tận gốc.",
    "theme_en": "Specialties of the highlands: meet the people who make them, see how they are made, order from the source.",
}

HALLS = [
    {
        "slug": "tay-nguyen", "layout": "grid", "order": 1,
        "name_vi": "Cà phê & ca cao Tây Nguyên", "name_en": "Coffee and cocoa of the Central Highlands",
        "description_vi": "Đất đỏ bazan Đắk Lắk: cà phê, ca cao, mắc ca, bơ và sầu riêng.",
        "description_en": "The red basalt soil of Dak Lak: coffee, cocoa, macadamia, avocado and durian.",
        "palette": {"primary": "#6b3a1e", "accent": "#d9a441", "floor": "#c9a27a", "sky": "#8fb4d8"},
    },
    {
        "slug": "tay-bac", "layout": "ring", "order": 2,
        "name_vi": "Trái cây Tây Bắc", "name_en": "Fruits of the Northwest",
        "description_vi": "Xoài, nhãn, mận hậu và hồng giòn từ các hợp tác xã Sơn La.",
        "description_en": "Mango, longan, plums and crispy persimmons from the cooperatives of Son La.",
        "palette": {"primary": "#2f6b3a", "accent": "#f2b233", "floor": "#d8cfa4", "sky": "#9cc4e0"},
    },
    {
        "slug": "dac-san", "layout": "aisle", "order": 3,
        "name_vi": "Mật ong, trà & đặc sản", "name_en": "Honey, tea and specialty foods",
        "description_vi": "Mật ong Sông Mã, chè xanh, cà phê Sơn La, dưa muối Phú Thọ và thịt trâu gác bếp.",
        "description_en": "Song Ma honey, green tea, Son La coffee, Phu Tho pickles and smoked buffalo meat.",
        "palette": {"primary": "#8a5a12", "accent": "#e8c14a", "floor": "#dcc9a0", "sky": "#a4c0dc"},
    },
]

# Tour steps by place: title, narration and hotspots (yaw, pitch in degrees). "{product}"
# is the booth's first product in the visitor's language.
STEPS = {
    "field": ("Vùng trồng", "The growing area",
              "Đây là vùng nguyên liệu của chúng tôi. Mỗi lô có mã vùng trồng và nhật ký canh tác điện tử.",
              "This is our raw-material area. Every plot has a growing-area code and an electronic farm diary.",
              [(-40, -12, "Luống cây", "Rows of plants", "Cây được chăm bằng phân hữu cơ, không dùng thuốc diệt cỏ.",
                "Plants are fed with organic fertiliser; no herbicides are used."),
               (60, 5, "Đồi xa", "Far hills", "Độ cao và khí hậu mát tạo nên hương vị riêng.",
                "Altitude and a cool climate give the flavour its character.")]),
    "orchard": ("Vườn quả", "The orchard",
                "Quả được hái khi chín đúng độ, buổi sáng sớm khi trời còn mát.",
                "Fruit is picked when just ripe, early in the morning while it is cool.",
                [(0, 2, "Cây ăn quả", "Fruit trees", "Mỗi cây được đánh số và ghi nhật ký.", "Each tree is numbered and logged."),
                 (-90, -20, "Đất vườn", "Orchard soil", "Đất được phủ cỏ để giữ ẩm mùa khô.",
                  "The soil is mulched to hold moisture in the dry season.")]),
    "apiary": ("Trại ong", "The apiary",
               "Các thùng ong đặt giữa vườn nhãn và rừng, xa khu dân cư và đồng ruộng phun thuốc.",
               "Hives stand between longan orchards and forest, far from villages and sprayed fields.",
               [(-160, -8, "Thùng ong", "Bee hives", "Mỗi đàn được kiểm tra hằng tuần.", "Every colony is checked weekly."),
                (20, -8, "Cửa tổ", "Hive entrance", "Ong lấy mật hoa nhãn từ tháng 3 đến tháng 4.",
                 "Bees gather longan nectar from March to April.")]),
    "workshop": ("Xưởng chế biến", "The workshop",
                 "Sản phẩm được sơ chế và chế biến trong xưởng sạch, theo quy trình kiểm soát chất lượng.",
                 "The product is prepared and processed in a clean workshop under a quality-control procedure.",
                 [(90, -5, "Kệ thành phẩm", "Finished goods", "Mỗi mẻ được ghi số lô để truy xuất.",
                   "Every batch gets a lot number for traceability."),
                  (0, 10, "Cửa sổ", "Window", "Ánh sáng tự nhiên và thông gió giúp xưởng khô ráo.",
                   "Daylight and airflow keep the workshop dry.")]),
    "drying": ("Sấy khô", "Drying",
               "Sản phẩm được sấy ở nhiệt độ thấp để giữ màu, hương và vitamin.",
               "The product is dried at low temperature to keep its colour, aroma and vitamins.",
               [(0, -2, "Giàn sấy", "Drying racks", "Khay inox, sấy 18 đến 24 giờ.", "Stainless trays, 18 to 24 hours of drying."),
                (-90, 8, "Thông gió", "Ventilation", "Không khí khô được đổi liên tục.", "Dry air is exchanged continuously.")]),
    "packing": ("Đóng gói", "Packing",
                "Đóng gói, dán tem truy xuất nguồn gốc và mã QR trước khi đến tay người mua.",
                "Packing, with traceability stamps and a QR code, before it reaches the buyer.",
                [(0, -4, "Kệ hàng", "Shelves", "Hàng chờ giao được giữ nơi khô, mát.", "Goods waiting to ship are kept cool and dry."),
                 (90, -15, "Bàn đóng gói", "Packing table", "Mỗi gói được cân và niêm phong.", "Every pack is weighed and sealed.")]),
    "kitchen": ("Gian bếp", "The smoking kitchen",
                "Theo cách truyền thống, sản phẩm được hun trên gác bếp bằng củi nhiều ngày.",
                "In the traditional way, the product is smoked above the wood fire for days.",
                [(0, -18, "Bếp củi", "Wood fire", "Củi nhãn cho khói thơm.", "Longan wood gives a fragrant smoke."),
                 (-30, 20, "Gác bếp", "Smoking rack", "Thịt treo trên gác bếp 3 đến 5 ngày.", "Meat hangs above the fire for 3 to 5 days.")]),
}

TOURS = {
    "coffee": ["field", "drying", "workshop", "packing"],
    "cocoa": ["orchard", "drying", "workshop", "packing"],
    "nuts": ["orchard", "drying", "packing"],
    "fruit": ["orchard", "drying", "packing"],
    "honey": ["apiary", "workshop", "packing"],
    "pickles": ["field", "workshop", "packing"],
    "meat": ["kitchen", "drying", "packing"],
    "tea": ["field", "workshop", "packing"],
}

# Farm-diary entries by kind of tour: (days before the fair, activity vi, activity en, inputs).
DIARY = {
    "coffee": [(120, "Bón phân hữu cơ", "Organic fertiliser applied", "Phân chuồng ủ hoai 2 tấn/ha"),
               (60, "Tỉa cành, làm cỏ tay", "Pruning and hand weeding", "Không"),
               (20, "Thu hái quả chín", "Ripe cherries hand-picked", "Không")],
    "fruit": [(90, "Tưới nước nhỏ giọt", "Drip irrigation", "Nước giếng khoan"),
              (45, "Bao quả", "Fruit bagging", "Túi giấy"),
              (10, "Thu hoạch", "Harvest", "Không")],
    "honey": [(70, "Kiểm tra đàn ong", "Colonies inspected", "Không"),
              (40, "Di chuyển thùng ong vào vườn nhãn", "Hives moved into the longan orchards", "Không"),
              (15, "Quay mật", "Honey extracted", "Máy quay inox")],
    "pickles": [(80, "Trồng sắn, măng", "Cassava and bamboo planted", "Phân vi sinh"),
                (25, "Thu hoạch", "Harvest", "Không"),
                (20, "Muối chua", "Pickled", "Muối, nước sạch")],
    "tea": [(60, "Bón phân hữu cơ", "Organic fertiliser applied", "Phân hữu cơ vi sinh"),
            (14, "Hái búp một tôm hai lá", "Picked one bud and two leaves", "Không"),
            (12, "Sao chè", "Pan-fired", "Chảo gang, củi")],
}

# The inputs of the diaries above, in English (the diary keeps the producer's Vietnamese words too).
INPUTS_EN = {
    "Phân chuồng ủ hoai 2 tấn/ha": "Composted manure, 2 t/ha", "Không": "None",
    "Nước giếng khoan": "Well water", "Túi giấy": "Paper bags", "Máy quay inox": "Stainless-steel extractor",
    "Phân vi sinh": "Microbial fertiliser", "Muối, nước sạch": "Salt, clean water",
    "Phân hữu cơ vi sinh": "Organic microbial fertiliser", "Chảo gang, củi": "Cast-iron pan, firewood",
}

P = "UBND tỉnh {}"  # certificates issued by the Provincial People's Committee
P_EN = "People's Committee of {} province"


def ascii_name(text: str) -> str:
    """A Vietnamese place name without its diacritics, as English texts write it (Đắk Lắk → Dak Lak)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def product(slug, name_vi, name_en, category, price, unit_vi, unit_en, stock, stars, number, year, province,
            shape, story_vi, story_en, *, model=True, area_code="", diary=None, spin=False, level="province"):
    return {
        "slug": slug, "name_vi": name_vi, "name_en": name_en, "category": category, "price_vnd": price,
        "unit_vi": unit_vi, "unit_en": unit_en, "stock": stock, "stars": stars,
        "certificate_level": level, "certificate_number": number, "certificate_year": year,
        "certificate_authority": P.format(province), "certificate_authority_en": P_EN.format(ascii_name(province)), "shape": shape, "story_vi": story_vi, "story_en": story_en,
        "model": model, "growing_area_code": area_code, "diary": diary, "spin": spin,
    }


PRODUCERS = [
    # Hall: coffee and cocoa of the Central Highlands --------------------------------
    {
        "slug": "kien-cuong", "hall": "tay-nguyen", "tour": "coffee", "name": "Cà phê Kiên Cường",
        "province": "Đắk Lắk", "district": "TP. Buôn Ma Thuột", "commune": "Phường Tân Lợi",
        "story_vi": "Từ những vườn cà phê đất đỏ bazan Buôn Ma Thuột, gia đình Kiên Cường nuôi chồn và chế biến cà phê chồn theo cách truyền thống.",
        "story_en": "From the red basalt coffee gardens of Buon Ma Thuot, the Kien Cuong family raises civets and makes weasel coffee the traditional way.",
        "tagline_vi": "Cà phê chồn Buôn Ma Thuột, 4 sao OCOP", "tagline_en": "Buon Ma Thuot weasel coffee, 4 OCOP stars",
        "products": [
            product("ca-phe-chon-kien-cuong", "Cà phê chồn Kiên Cường", "Kien Cuong weasel coffee", "coffee", 450000,
                    "gói 250 g", "250 g bag", 40, 4, "OCOP-DL-2021-018", 2021, "Đắk Lắk", ("pouch", {"colour": "#3b2416", "label": "#d9a441"}),
                    "Hạt cà phê chín được chồn chọn lọc, lên men tự nhiên, rang mộc: vị đậm, hậu ngọt, hương sô-cô-la.",
                    "Ripe cherries chosen by civets, naturally fermented, roasted plain: full body, sweet finish, chocolate aroma.",
                    area_code="DL-BMT-CF-0112", diary="coffee", spin=True),
            product("ca-phe-hat-rang-kien-cuong", "Cà phê hạt rang Robusta", "Roasted Robusta beans", "coffee", 180000,
                    "gói 500 g", "500 g bag", 120, 4, "OCOP-DL-2021-019", 2021, "Đắk Lắk", ("pouch", {"colour": "#5a3a22"}),
                    "Robusta Buôn Ma Thuột rang mộc, thích hợp pha phin và pha máy.",
                    "Buon Ma Thuot Robusta, roasted plain, for the phin filter or an espresso machine.",
                    area_code="DL-BMT-CF-0113", diary="coffee"),
            product("hop-qua-ca-phe-kien-cuong", "Hộp quà cà phê Kiên Cường", "Kien Cuong coffee gift box", "coffee", 650000,
                    "hộp", "box", 25, 4, "OCOP-DL-2022-031", 2022, "Đắk Lắk", ("gift_box", {"colour": "#4a2412"}),
                    "Hộp quà gồm cà phê chồn và phin nhôm, làm quà biếu đậm chất Tây Nguyên.",
                    "Weasel coffee with an aluminium phin filter: a gift with the taste of the Highlands."),
        ],
    },
    {
        "slug": "htx-cacao-ea-kar", "hall": "tay-nguyen", "tour": "cocoa", "name": "HTX Ca cao Ea Kar",
        "province": "Đắk Lắk", "district": "Huyện Ea Kar", "commune": "Xã Cư Huê",
        "story_vi": "Hợp tác xã của 60 hộ trồng ca cao xen cà phê, lên men hạt tại chỗ và làm sô-cô-la thủ công.",
        "story_en": "A cooperative of 60 households growing cocoa among their coffee, fermenting beans on site and making chocolate by hand.",
        "tagline_vi": "Sô-cô-la từ hạt ca cao lên men tại vườn", "tagline_en": "Chocolate from beans fermented at the farm",
        "products": [
            product("socola-den-70", "Sô-cô-la đen 70%", "70% dark chocolate", "coffee", 85000, "thanh 80 g", "80 g bar", 60, 3,
                    "OCOP-DL-2022-044", 2022, "Đắk Lắk", ("gift_box", {"colour": "#3a1f14", "band": "#c9a56b", "size": (0.16, 0.015, 0.08)}),
                    "Ca cao Ea Kar lên men 6 ngày, nghiền 48 giờ: vị chua nhẹ của trái cây nhiệt đới.",
                    "Ea Kar cocoa fermented for 6 days and conched for 48 hours: a light tropical-fruit acidity."),
            product("cacao-nibs", "Ca cao ngòi (nibs)", "Cocoa nibs", "coffee", 120000, "gói 200 g", "200 g bag", 45, 3,
                    "OCOP-DL-2022-045", 2022, "Đắk Lắk", ("pouch", {"colour": "#6a3a2a", "size": (0.11, 0.16, 0.05)}),
                    "Hạt ca cao rang, tách vỏ, đập nhỏ: rắc lên sữa chua, bánh, ngũ cốc.",
                    "Roasted, shelled, cracked cocoa beans: for yoghurt, baking and cereal."),
            product("bot-cacao-ea-kar", "Bột ca cao nguyên chất", "Pure cocoa powder", "coffee", 140000, "hũ 250 g", "250 g jar", 0, 3,
                    "OCOP-DL-2022-046", 2022, "Đắk Lắk", ("jar", {"fill": "#5a3222", "lid": "#2a2a2a"}),
                    "Bột ca cao không đường, không pha trộn, ép bớt bơ ca cao.",
                    "Unsweetened, unblended cocoa powder with part of its butter pressed out."),
        ],
    },
    {
        "slug": "mac-ca-krong-nang", "hall": "tay-nguyen", "tour": "nuts", "name": "HTX Mắc ca Krông Năng",
        "province": "Đắk Lắk", "district": "Huyện Krông Năng", "commune": "Xã Phú Lộc",
        "story_vi": "Những hàng mắc ca trồng xen cà phê làm bóng mát, cho hạt béo thơm sau 5 năm chăm sóc.",
        "story_en": "Macadamia trees planted among coffee for shade give rich, fragrant nuts after five years of care.",
        "tagline_vi": "Mắc ca nứt vỏ sấy củi", "tagline_en": "Wood-dried cracked macadamia",
        "products": [
            product("mac-ca-say", "Hạt mắc ca sấy nứt vỏ", "Dried cracked macadamia", "nuts", 320000, "hũ 500 g", "500 g jar", 80, 4,
                    "OCOP-DL-2021-052", 2021, "Đắk Lắk", ("jar", {"fill": "#c9a06a", "lid": "#6b3a1e", "height": 0.16, "radius": 0.055}),
                    "Hạt được sấy 72 giờ và khía vỏ sẵn, kèm dụng cụ tách vỏ.",
                    "Nuts dried for 72 hours with the shell pre-cut, with a cracking key in the jar.",
                    area_code="DL-KN-MC-0031"),
            product("dau-mac-ca", "Dầu mắc ca ép lạnh", "Cold-pressed macadamia oil", "nuts", 250000, "chai 250 ml", "250 ml bottle", 30, 3,
                    "OCOP-DL-2023-007", 2023, "Đắk Lắk", ("bottle", {"colour": "#e4d48a", "label": "#6b3a1e"}),
                    "Dầu ép lạnh từ nhân mắc ca loại 1, dùng trộn salad và dưỡng da.",
                    "Cold-pressed from first-grade kernels, for salads and skin care.", model=False),
        ],
    },
    {
        "slug": "bo-sap-krong-pac", "hall": "tay-nguyen", "tour": "fruit", "name": "HTX Bơ sáp Krông Pắc",
        "province": "Đắk Lắk", "district": "Huyện Krông Pắc", "commune": "Xã Ea Kênh",
        "story_vi": "Bơ sáp và sầu riêng Krông Pắc, trồng theo hướng hữu cơ, có mã vùng trồng xuất khẩu.",
        "story_en": "Krong Pac butter avocados and durian, grown organically, with export growing-area codes.",
        "tagline_vi": "Bơ sáp dẻo, sầu riêng sấy giòn", "tagline_en": "Buttery avocados, crispy dried durian",
        "products": [
            product("bo-sap-krong-pac", "Bơ sáp 034", "034 butter avocado", "fruit", 60000, "kg", "kg", 200, 3,
                    "OCOP-DL-2022-063", 2022, "Đắk Lắk", ("fruit", {"colour": "#3d5a1e", "radii": (0.045, 0.065, 0.045), "pear": True}),
                    "Giống bơ 034 quả dài, cơm vàng, dẻo như bơ, ít xơ.",
                    "The long 034 variety: yellow, butter-smooth flesh with little fibre.",
                    area_code="DL-KP-BO-0207", diary="fruit"),
            product("sau-rieng-say", "Sầu riêng sấy thăng hoa", "Freeze-dried durian", "fruit", 290000, "gói 100 g", "100 g bag", 35, 3,
                    "OCOP-DL-2023-015", 2023, "Đắk Lắk", ("pouch", {"colour": "#d9b84a", "label": "#3d5a1e", "size": (0.12, 0.17, 0.05)}),
                    "Sầu riêng Ri6 chín cây, sấy thăng hoa giữ nguyên hương vị, giòn tan.",
                    "Tree-ripened Ri6 durian, freeze-dried to keep its full flavour, melting crisp.",
                    area_code="DL-KP-SR-0119", diary="fruit"),
        ],
    },
    # Hall: fruits of the Northwest -------------------------------------------------
    {
        "slug": "htx-toan-thang", "hall": "tay-bac", "tour": "fruit", "name": "HTX Toàn Thắng",
        "province": "Sơn La", "district": "Huyện Sông Mã", "commune": "Xã Nà Nghịu",
        "story_vi": "Hợp tác xã Toàn Thắng trồng và sấy xoài tròn Sông Mã, sản phẩm xoài sấy dẻo đạt 3 sao OCOP.",
        "story_en": "The Toan Thang cooperative grows and dries Song Ma round mangoes; its soft dried mango holds 3 OCOP stars.",
        "tagline_vi": "Xoài sấy dẻo Sông Mã", "tagline_en": "Soft dried mango from Song Ma",
        "products": [
            product("xoai-say-deo-toan-thang", "Xoài sấy dẻo Toàn Thắng", "Toan Thang soft dried mango", "fruit", 75000,
                    "gói 200 g", "200 g bag", 150, 3, "OCOP-SL-2021-034", 2021, "Sơn La", ("pouch", {"colour": "#f2b233", "label": "#2f6b3a"}),
                    "Xoài chín cây thái lát, sấy lạnh, không đường hóa học, giữ vị chua ngọt tự nhiên.",
                    "Tree-ripened mango, sliced and cold-dried with no artificial sweetener: naturally sweet and tart.",
                    area_code="SL-SM-XO-0045", diary="fruit", spin=True),
            product("xoai-tron-song-ma", "Xoài tròn Sông Mã", "Song Ma round mango", "fruit", 45000, "kg", "kg", 300, 3,
                    "OCOP-SL-2022-011", 2022, "Sơn La", ("mango", {}),
                    "Xoài tròn thơm, thịt chắc, ít xơ, chín trên cây dưới nắng Tây Bắc.",
                    "Fragrant round mango, firm and low in fibre, ripened on the tree in the Northwest sun.",
                    area_code="SL-SM-XO-0046", diary="fruit"),
        ],
    },
    {
        "slug": "nhan-song-ma", "hall": "tay-bac", "tour": "fruit", "name": "Liên hiệp HTX Nhãn Sông Mã",
        "province": "Sơn La", "district": "Huyện Sông Mã", "commune": "Thị trấn Sông Mã",
        "story_vi": "47 hợp tác xã trồng nhãn ven sông Mã, có mã vùng trồng xuất khẩu; một buổi livestream đã bán 5 tấn nhãn.",
        "story_en": "47 longan cooperatives along the Ma river with export growing-area codes; one livestream sold 5 tonnes of longan.",
        "tagline_vi": "Nhãn tươi và long nhãn sấy củi", "tagline_en": "Fresh longan and wood-dried longan flesh",
        "products": [
            product("nhan-long-song-ma", "Nhãn lồng Sông Mã", "Song Ma longan", "fruit", 35000, "kg", "kg", 500, 3,
                    "OCOP-SL-2021-040", 2021, "Sơn La", ("cluster", {}),
                    "Quả to, cùi dày, ngọt sắc, hái trong ngày và đóng thùng ngay tại vườn.",
                    "Large fruit with thick, sweet flesh, picked the same day and boxed in the orchard.",
                    area_code="SL-SM-NH-0301", diary="fruit"),
            product("long-nhan-say", "Long nhãn sấy", "Dried longan flesh", "fruit", 220000, "hũ 500 g", "500 g jar", 70, 4,
                    "OCOP-SL-2021-041", 2021, "Sơn La", ("jar", {"fill": "#7a4a22", "lid": "#c9a56b"}),
                    "Cùi nhãn bóc tay, sấy củi nhãn 36 giờ: dẻo, thơm, màu hổ phách.",
                    "Hand-peeled longan flesh dried over longan wood for 36 hours: chewy, fragrant and amber.",
                    area_code="SL-SM-NH-0302", diary="fruit"),
        ],
    },
    {
        "slug": "man-hau-moc-chau", "hall": "tay-bac", "tour": "fruit", "name": "HTX Mận hậu Mộc Châu",
        "province": "Sơn La", "district": "Huyện Mộc Châu", "commune": "Xã Chiềng Hắc",
        "story_vi": "Mận hậu cao nguyên Mộc Châu chín vào tháng 5, giòn, chua ngọt, làm mận sấy và ô mai.",
        "story_en": "Moc Chau plateau plums ripen in May, crisp and sweet-sour; they become dried plums and o mai.",
        "tagline_vi": "Mận hậu sấy dẻo và ô mai", "tagline_en": "Soft dried plums and o mai",
        "products": [
            product("man-hau-say-deo", "Mận hậu sấy dẻo", "Soft dried plums", "fruit", 90000, "gói 300 g", "300 g bag", 90, 3,
                    "OCOP-SL-2022-052", 2022, "Sơn La", ("pouch", {"colour": "#6a1f4a", "label": "#f2d3e0"}),
                    "Mận chín sấy lạnh, không chất bảo quản, chua ngọt tự nhiên.",
                    "Ripe plums cold-dried without preservatives: naturally sweet and sour.", diary="fruit", area_code="SL-MC-MH-0088"),
            product("o-mai-man-moc-chau", "Ô mai mận Mộc Châu", "Moc Chau plum o mai", "fruit", 110000, "hũ 400 g", "400 g jar", 3, 3,
                    "OCOP-SL-2022-053", 2022, "Sơn La", ("jar", {"fill": "#8a2a3a", "lid": "#2f6b3a"}),
                    "Mận hậu ướp đường, gừng và cam thảo theo công thức gia truyền.",
                    "Plums cured with sugar, ginger and liquorice to a family recipe."),
        ],
    },
    {
        "slug": "hong-gion-son-la", "hall": "tay-bac", "tour": "fruit", "name": "HTX Hồng giòn Sơn La",
        "province": "Sơn La", "district": "Huyện Mai Sơn", "commune": "Xã Chiềng Mung",
        "story_vi": "Hồng giòn trồng trên sườn đồi Mai Sơn, sấy giòn như bánh, là món quà mùa thu của Sơn La.",
        "story_en": "Crisp persimmons from the hillsides of Mai Son, dried crunchy as biscuits: Son La's autumn gift.",
        "tagline_vi": "Hồng giòn sấy, ăn là nghiện", "tagline_en": "Crispy dried persimmon",
        "products": [
            product("hong-gion-say", "Hồng giòn sấy", "Crispy dried persimmon", "fruit", 95000, "gói 150 g", "150 g bag", 60, 3,
                    "OCOP-SL-2023-021", 2023, "Sơn La", ("pouch", {"colour": "#e0702a", "label": "#fff1d6", "size": (0.12, 0.18, 0.05)}),
                    "Hồng chín thái lát mỏng, sấy chân không, giòn tan, không đường.",
                    "Ripe persimmon sliced thin and vacuum-dried: crisp, with no added sugar.", diary="fruit", area_code="SL-MS-HG-0014"),
            product("hong-tuoi-mai-son", "Hồng giòn tươi", "Fresh crisp persimmon", "fruit", 40000, "kg", "kg", 0, 3,
                    "OCOP-SL-2023-022", 2023, "Sơn La", ("fruit", {"colour": "#e86a1a", "radii": (0.045, 0.035, 0.045), "stem": "#3f5a1f"}),
                    "Hồng giòn ăn tươi, vỏ mỏng, ngọt mát; mùa vụ tháng 9 đến tháng 11.",
                    "Eaten fresh: thin-skinned, sweet and cool; in season from September to November.", model=False),
        ],
    },
    # Hall: honey, tea and specialty foods -----------------------------------------
    {
        "slug": "mat-ong-quyet-thang", "hall": "dac-san", "tour": "honey", "name": "Mật ong Quyết Thắng",
        "province": "Sơn La", "district": "Huyện Sông Mã", "commune": "Xã Chiềng Khoong",
        "story_vi": "Hơn 500 đàn ong nuôi giữa vườn nhãn Sông Mã; mật ong Quyết Thắng đạt 4 sao OCOP.",
        "story_en": "More than 500 colonies kept among the Song Ma longan orchards; Quyet Thang honey holds 4 OCOP stars.",
        "tagline_vi": "Mật ong hoa nhãn 4 sao", "tagline_en": "4-star longan-blossom honey",
        "products": [
            product("mat-ong-quyet-thang", "Mật ong hoa nhãn Quyết Thắng", "Quyet Thang longan-blossom honey", "honey", 250000,
                    "hũ 500 ml", "500 ml jar", 48, 4, "OCOP-SL-2021-027", 2021, "Sơn La", ("jar", {}),
                    "Mật ong hoa nhãn sánh, vàng óng, thơm mùi nhãn chín; quay mật khi ong đã vít nắp.",
                    "Thick golden longan-blossom honey smelling of ripe longan, extracted only from capped combs.",
                    area_code="SL-SM-MO-0021", diary="honey", spin=True),
            product("mat-ong-rung-quyet-thang", "Mật ong rừng Sông Mã", "Song Ma forest honey", "honey", 380000, "chai 500 ml",
                    "500 ml bottle", 20, 4, "OCOP-SL-2022-028", 2022, "Sơn La", ("bottle", {"colour": "#a0521a", "label": "#f2e0a0", "cap": "#e0b040"}),
                    "Mật ong từ hoa rừng đa tầng, màu sẫm, vị đậm.",
                    "Honey from many-layered forest blossom: dark and strong.", diary="honey"),
            product("mat-ong-qua-tang", "Hộp quà mật ong", "Honey gift box", "honey", 520000, "hộp 2 hũ", "box of 2 jars", 1, 4,
                    "OCOP-SL-2022-029", 2022, "Sơn La", ("gift_box", {"colour": "#c98a1a", "band": "#6b3a1e"}),
                    "Hai hũ mật ong hoa nhãn và mật ong rừng trong hộp quà tre.",
                    "A jar of longan-blossom and a jar of forest honey in a bamboo gift box."),
        ],
    },
    {
        "slug": "lien-gia-trang", "hall": "dac-san", "tour": "pickles", "name": "HTX Liên Gia Trang",
        "province": "Phú Thọ", "district": "Huyện Cẩm Khê", "commune": "Xã Thụy Liễu",
        "story_vi": "Hợp tác xã ở Thụy Liễu giữ nghề muối dưa làng quê; sắn muối chua đạt 3 sao và có mặt ở chuỗi siêu thị.",
        "story_en": "A cooperative in Thuy Lieu keeping the village craft of pickling; its pickled cassava holds 3 stars and is sold in supermarket chains.",
        "tagline_vi": "Sắn muối, măng muối, cá thính", "tagline_en": "Pickled cassava, pickled bamboo, fish with roasted rice",
        "products": [
            product("san-muoi-chua", "Sắn muối chua Liên Gia Trang", "Lien Gia Trang pickled cassava", "pickles", 45000, "hũ 500 g",
                    "500 g jar", 100, 3, "OCOP-PT-2020-012", 2020, "Phú Thọ", ("jar", {"fill": "#e8dca0", "lid": "#2f6b3a"}),
                    "Củ sắn non muối chua với nước sạch và muối hạt, giòn, chua dịu.",
                    "Young cassava pickled in clean water and sea salt: crunchy and mildly sour.", diary="pickles", area_code="PT-CK-SA-0007"),
            product("ca-thinh", "Cá thính", "Fish with roasted rice flour", "pickles", 160000, "hộp 500 g", "500 g box", 30, 3,
                    "OCOP-PT-2021-019", 2021, "Phú Thọ", ("gift_box", {"colour": "#b48a4a", "band": "#7a1f1f", "size": (0.18, 0.06, 0.12)}),
                    "Cá trắm ủ thính gạo rang và lá ổi theo cách người Mường, Phú Thọ.",
                    "Carp cured with roasted rice flour and guava leaves, as the Muong of Phu Tho do.", model=False),
            product("mang-muoi-chua", "Măng muối chua", "Pickled bamboo shoots", "pickles", 40000, "hũ 500 g", "500 g jar", 80, 3,
                    "OCOP-PT-2021-020", 2021, "Phú Thọ", ("jar", {"fill": "#d8c878", "lid": "#7a1f1f"}),
                    "Măng rừng tươi muối chua tự nhiên, dùng nấu canh cá, xào thịt.",
                    "Fresh forest bamboo shoots pickled naturally, for fish soup and stir-fries.", diary="pickles"),
        ],
    },
    {
        "slug": "trau-gac-bep-song-ma", "hall": "dac-san", "tour": "meat", "name": "Cơ sở Thịt trâu gác bếp Hoàng Gia",
        "province": "Sơn La", "district": "Huyện Sông Mã", "commune": "Xã Mường Lầm",
        "story_vi": "Doanh nghiệp gia đình hun thịt trâu trên gác bếp củi theo cách của người Thái Sông Mã.",
        "story_en": "A family business smoking buffalo meat above the wood fire, as the Thai people of Song Ma do.",
        "tagline_vi": "Thịt trâu gác bếp chấm chẩm chéo", "tagline_en": "Smoked buffalo with cham cheo dip",
        "products": [
            product("thit-trau-gac-bep", "Thịt trâu gác bếp", "Smoked buffalo meat", "meat", 320000, "gói 500 g", "500 g pack", 25, 3,
                    "OCOP-SL-2021-031", 2021, "Sơn La", ("strips", {}),
                    "Thịt bắp trâu ướp mắc khén, gừng, ớt, hun khói củi nhãn 5 ngày.",
                    "Buffalo shank marinated with mac khen pepper, ginger and chilli, smoked over longan wood for 5 days."),
            product("thit-lon-gac-bep", "Thịt lợn gác bếp", "Smoked pork", "meat", 280000, "gói 500 g", "500 g pack", 0, 3,
                    "OCOP-SL-2022-032", 2022, "Sơn La", ("strips", {"colour": "#7a3a22"}),
                    "Thịt lợn bản thả đồi, hun khói gác bếp, thơm mùi mắc khén.",
                    "Free-range hill pork smoked above the fire, fragrant with mac khen pepper.", model=False),
        ],
    },
    {
        "slug": "che-xanh-xay", "hall": "dac-san", "tour": "tea", "name": "HTX Chè Xay Thuận Châu",
        "province": "Sơn La", "district": "Huyện Thuận Châu", "commune": "Xã Phổng Lái",
        "story_vi": "Chè xanh hái búp trên đồi cao Thuận Châu, sao tay trên chảo gang; vỏ cà phê Sơn La làm trà.",
        "story_en": "Green tea picked on the high hills of Thuan Chau and pan-fired by hand; Son La coffee husks made into tea.",
        "tagline_vi": "Chè xanh Xay và trà vỏ cà phê", "tagline_en": "Xay green tea and coffee-husk tea",
        "products": [
            product("che-xanh-xay", "Chè xanh Xay", "Xay green tea", "tea", 150000, "gói 200 g", "200 g bag", 70, 3,
                    "OCOP-SL-2022-061", 2022, "Sơn La", ("pouch", {"colour": "#2f6b3a", "label": "#e8e0b8", "size": (0.12, 0.18, 0.05)}),
                    "Búp chè một tôm hai lá, sao tay, nước xanh, vị chát dịu, hậu ngọt.",
                    "One bud and two leaves, hand pan-fired: a green cup, gently astringent, sweet after.",
                    area_code="SL-TC-CH-0033", diary="tea", spin=True),
            product("tra-vo-ca-phe", "Trà vỏ cà phê Sơn La", "Son La coffee-husk tea", "tea", 90000, "hộp 150 g", "150 g box", 40, 3,
                    "OCOP-SL-2023-062", 2023, "Sơn La", ("gift_box", {"colour": "#8a3a22", "band": "#e8c14a", "size": (0.12, 0.16, 0.06)}),
                    "Vỏ quả cà phê chín phơi khô, hãm như trà: vị trái cây, ít caffeine.",
                    "Dried husks of ripe coffee cherries brewed like tea: fruity and low in caffeine.", model=False),
        ],
    },
    {
        "slug": "ca-phe-son-la", "hall": "dac-san", "tour": "coffee", "name": "HTX Cà phê Chiềng Ban",
        "province": "Sơn La", "district": "Huyện Mai Sơn", "commune": "Xã Chiềng Ban",
        "story_vi": "Arabica Sơn La trồng ở độ cao 700 m, chế biến ướt, rang xay tại hợp tác xã.",
        "story_en": "Son La Arabica grown at 700 m, wet-processed, roasted and ground at the cooperative.",
        "tagline_vi": "Cà phê bột Arabica Sơn La", "tagline_en": "Son La Arabica ground coffee",
        "products": [
            product("ca-phe-bot-son-la", "Cà phê bột Sơn La", "Son La ground coffee", "coffee", 130000, "gói 500 g", "500 g bag", 110, 3,
                    "OCOP-SL-2021-071", 2021, "Sơn La", ("pouch", {"colour": "#2a1a12", "label": "#c6462f"}),
                    "Arabica rang vừa, xay mịn cho phin: chua thanh, hương hoa quả.",
                    "Medium-roast Arabica ground for the phin: bright acidity, fruity aroma.", area_code="SL-MS-CF-0150", diary="coffee"),
            product("ca-phe-hat-arabica-son-la", "Cà phê hạt Arabica", "Arabica whole beans", "coffee", 170000, "gói 500 g", "500 g bag", 55, 3,
                    "OCOP-SL-2022-072", 2022, "Sơn La", ("pouch", {"colour": "#4a2a1a", "label": "#f2e0a0"}),
                    "Hạt Arabica Catimor chế biến ướt, rang theo đơn đặt hàng.",
                    "Wet-processed Catimor Arabica beans, roasted to order.", area_code="SL-MS-CF-0151", diary="coffee"),
        ],
    },
]
