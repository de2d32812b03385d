"""Vietnam's 34 provincial units since the 2025 merger, and the names used before it.

Loaded into the Province and ProvinceName tables by migration 0002 (data, not code: an organizer can
add a spelling in the admin). Certificates issued before mid-2025 name the old provinces; each old
name points to the unit it is part of now, so searching or filtering by either finds the product.
"""

# (current name, kind, [names before the 2025 merger]). Kind: "city" for the centrally governed cities.
UNITS = [
    ("Hà Nội", "city", []),
    ("Huế", "city", ["Thừa Thiên Huế", "Thừa Thiên - Huế"]),
    ("Lai Châu", "province", []),
    ("Điện Biên", "province", []),
    ("Sơn La", "province", []),
    ("Lạng Sơn", "province", []),
    ("Quảng Ninh", "province", []),
    ("Thanh Hóa", "province", []),
    ("Nghệ An", "province", []),
    ("Hà Tĩnh", "province", []),
    ("Cao Bằng", "province", []),
    ("Tuyên Quang", "province", ["Hà Giang"]),
    ("Lào Cai", "province", ["Yên Bái"]),
    ("Thái Nguyên", "province", ["Bắc Kạn"]),
    ("Phú Thọ", "province", ["Vĩnh Phúc", "Hòa Bình"]),
    ("Bắc Ninh", "province", ["Bắc Giang"]),
    ("Hưng Yên", "province", ["Thái Bình"]),
    ("Hải Phòng", "city", ["Hải Dương"]),
    ("Ninh Bình", "province", ["Hà Nam", "Nam Định"]),
    ("Quảng Trị", "province", ["Quảng Bình"]),
    ("Đà Nẵng", "city", ["Quảng Nam"]),
    ("Quảng Ngãi", "province", ["Kon Tum"]),
    ("Gia Lai", "province", ["Bình Định"]),
    ("Khánh Hòa", "province", ["Ninh Thuận"]),
    ("Lâm Đồng", "province", ["Đắk Nông", "Bình Thuận"]),
    ("Đắk Lắk", "province", ["Phú Yên"]),
    ("TP Hồ Chí Minh", "city", ["Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Sài Gòn", "Bình Dương",
                                "Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"]),
    ("Đồng Nai", "province", ["Bình Phước"]),
    ("Tây Ninh", "province", ["Long An"]),
    ("Cần Thơ", "city", ["Sóc Trăng", "Hậu Giang"]),
    ("Vĩnh Long", "province", ["Bến Tre", "Trà Vinh"]),
    ("Đồng Tháp", "province", ["Tiền Giang"]),
    ("Cà Mau", "province", ["Bạc Liêu"]),
    ("An Giang", "province", ["Kiên Giang"]),
]
