"""Code lists the service catalogue uses, with the Chinese labels and the everyday words behind them.

Article 4 fixes the kinds of service (中试基地的主要任务); the industry chains come from the
vocabulary in ``spec/eligibility.md`` which an administrator edits, so every function here takes the
mapping as an argument and these constants are only the starting values.

The *cue words* are what an enterprise writes when it means a code without naming it ("帮我们化验一下"
means product_testing). The search index adds them to a service's kind and chain fields so that such a
query word ranks services of that kind higher (Article 11, 供需对接).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# Article 4, in its own order and words.
KINDS: Mapping[str, str] = MappingProxyType(
    {
        "project_development": "中试项目遴选开发",
        "process_improvement": "性能工艺改进",
        "scale_up": "工艺放大熟化",
        "trial_production": "小批量试生产",
        "product_testing": "产品性能检测",
        "instrument_sharing": "仪器开放共享",
        "consulting": "技术咨询服务",
    }
)

KIND_CUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "project_development": ("项目开发", "项目遴选", "成果转化", "小试成果", "中试项目", "孵化"),
        "process_improvement": ("工艺改进", "工艺优化", "性能提升", "改进", "优化", "改良", "提质"),
        "scale_up": ("放大", "工艺放大", "中试放大", "熟化", "扩试", "逐级放大", "scale up"),
        "trial_production": ("试生产", "试产", "小批量", "试制", "打样", "样品试制", "小试量产"),
        "product_testing": ("检测", "检验", "测试", "化验", "分析", "评价", "认证"),
        "instrument_sharing": ("仪器", "设备共享", "开放共享", "共享", "租用", "机时"),
        "consulting": ("咨询", "技术咨询", "培训", "指导", "方案设计", "诊断"),
    }
)

# spec/eligibility.md: the vocabulary's starting codes.
INDUSTRY_CHAINS: Mapping[str, str] = MappingProxyType(
    {
        "cotton_textile": "棉花和纺织服装",
        "grain_oil": "粮油",
        "fruit_vegetable": "绿色有机果蔬（林果、番茄、红枣、葡萄及葡萄酒）",
        "livestock": "畜牧及肉制品",
        "seed_industry": "种业",
        "chemical": "煤化工与精细化工",
        "silicon_new_materials": "硅基及新材料",
        "new_energy": "新能源",
        "equipment_manufacturing": "装备制造",
        "biomedicine": "生物医药",
        "modern_services": "现代服务业",
    }
)

CHAIN_CUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "cotton_textile": ("棉花", "棉纺", "纺织", "纺纱", "服装", "面料"),
        "grain_oil": ("粮食", "食用油", "油脂", "面粉", "小麦", "玉米"),
        "fruit_vegetable": ("果蔬", "水果", "蔬菜", "林果", "番茄", "红枣", "葡萄", "葡萄酒"),
        "livestock": ("畜牧", "肉制品", "牛羊", "乳制品", "饲料", "养殖"),
        "seed_industry": ("种业", "种子", "育种", "品种"),
        "chemical": ("煤化工", "精细化工", "化工", "催化剂"),
        "silicon_new_materials": ("硅基", "新材料", "有机硅", "多晶硅", "材料"),
        "new_energy": ("新能源", "电池", "储能", "光伏", "氢能"),
        "equipment_manufacturing": ("装备", "机械", "农机", "零部件"),
        "biomedicine": ("生物医药", "医药", "药品", "制药", "生物"),
        "modern_services": ("现代服务", "信息化", "数字化", "知识产权", "技术转移"),
    }
)

# spec/catalogue.md: recommending-unit codes; a base's division is the unit that recommended it.
DIVISIONS: Mapping[str, str] = MappingProxyType(
    {
        "division-1": "第一师阿拉尔市",
        "division-2": "第二师铁门关市",
        "division-3": "第三师图木舒克市",
        "division-4": "第四师可克达拉市",
        "division-5": "第五师双河市",
        "division-6": "第六师五家渠市",
        "division-7": "第七师胡杨河市",
        "division-8": "第八师石河子市",
        "division-9": "第九师白杨市",
        "division-10": "第十师北屯市",
        "division-11": "第十一师（建工师）",
        "division-12": "第十二师",
        "division-13": "第十三师新星市",
        "division-14": "第十四师昆玉市",
        "corps-direct": "兵团直属单位",
        "shihezi-university": "石河子大学",
        "tarim-university": "塔里木大学",
    }
)

_PARENTHESES = re.compile(r"（.*?）|\(.*?\)")


def short_label(label: str) -> str:
    """The label without its parenthetical gloss, for one-line reasons (绿色有机果蔬 rather than the full list)."""
    return _PARENTHESES.sub("", label).strip() or label
