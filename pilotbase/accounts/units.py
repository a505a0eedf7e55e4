"""The recommending units every instance starts with (reference/domain.md). Codes are stable:
imports, the API and other systems refer to them."""

DIVISIONS = [
    ("division-1", "第一师阿拉尔市", "一师"),
    ("division-2", "第二师铁门关市", "二师"),
    ("division-3", "第三师图木舒克市", "三师"),
    ("division-4", "第四师可克达拉市", "四师"),
    ("division-5", "第五师双河市", "五师"),
    ("division-6", "第六师五家渠市", "六师"),
    ("division-7", "第七师胡杨河市", "七师"),
    ("division-8", "第八师石河子市", "八师"),
    ("division-9", "第九师白杨市", "九师"),
    ("division-10", "第十师北屯市", "十师"),
    ("division-11", "第十一师（建工师）", "十一师"),
    ("division-12", "第十二师", "十二师"),
    ("division-13", "第十三师新星市", "十三师"),
    ("division-14", "第十四师昆玉市", "十四师"),
    # 兵团直属单位 are a territorial jurisdiction of their own; grouped with the divisions.
    ("corps-direct", "兵团直属单位", "兵团直属"),
]

UNIVERSITIES = [
    ("shihezi-university", "石河子大学", "石大"),
    ("tarim-university", "塔里木大学", "塔大"),
    ("xinjiang-political-science-law-university", "新疆政法学院", "新疆政法学院"),
    ("shihezi-vocational-technical-college", "新疆石河子职业技术学院", "石河子职院"),
    ("xingxin-vocational-technical-college", "新疆生产建设兵团兴新职业技术学院", "兴新职院"),
    ("xinxing-vocational-technical-college", "新星职业技术学院", "新星职院"),
    ("xinjiang-polytechnic-university", "新疆理工职业大学", "新疆理工职大"),
]

INDUSTRY_DEPARTMENTS = [
    ("industry-development-reform", "兵团发展改革委", "发改委"),
    ("industry-industry-it", "兵团工业和信息化局", "工信局"),
    ("industry-agriculture-rural", "兵团农业农村局", "农业农村局"),
    ("industry-health", "兵团卫生健康委", "卫健委"),
    ("industry-commerce", "兵团商务局", "商务局"),
    ("industry-sasac", "兵团国资委", "国资委"),
]


def all_units():
    order = 0
    for kind, rows in (
        ("division", DIVISIONS),
        ("university", UNIVERSITIES),
        ("industry_department", INDUSTRY_DEPARTMENTS),
    ):
        for code, name, short in rows:
            order += 1
            yield {"code": code, "name": name, "short_name": short, "kind": kind, "sort_order": order}
