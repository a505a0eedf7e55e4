"""Code lists used in the facts of an application (Article 7), with the Chinese labels users see.

The form layer builds its choices from these mappings; the parser rejects any code not in them.
The industry-chain list is different: it is a `Vocabulary` that an administrator edits, so it is
passed in rather than fixed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

EDUCATION: Mapping[str, str] = MappingProxyType(
    {
        "doctorate": "博士研究生",
        "master": "硕士研究生",
        "bachelor": "本科",
        "associate": "大专",
        "secondary": "中专/高中",
        "other": "其他",
    }
)

TITLES: Mapping[str, str] = MappingProxyType(
    {
        "senior": "正高级",
        "associate_senior": "副高级",
        "intermediate": "中级",
        "junior": "初级",
        "none": "无职称",
    }
)

INCIDENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "production_safety": "生产安全事故",
        "quality": "质量事故",
        "environmental": "环境违法行为",
    }
)

SEVERITIES: Mapping[str, str] = MappingProxyType(
    {
        "general": "一般",
        "larger": "较大",
        "major": "重大",
        "extraordinary": "特别重大",
    }
)

PILOT_LINES: Mapping[str, str] = MappingProxyType(
    {
        "data_simulation": "数据模拟",
        "application_scenario": "应用场景",
        "process_improvement": "工艺改进",
        "sample_trial_production": "样品试制",
        "clinical_application": "临床应用",
        "product_demonstration": "产品示范",
    }
)

ETHICS_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "life_sciences": "生命科学",
        "medicine": "医学",
        "artificial_intelligence": "人工智能",
        "agriculture": "农业",
        "food": "食品",
        "chemical_engineering": "化学工程",
        "new_materials": "新材料",
        "energy": "能源",
        "equipment": "装备",
        "information_technology": "信息技术",
        "environment": "环境",
        "other": "其他",
    }
)

# 本科（含）以上学历 / 中级（含）以上职称: 以上 includes the named level (《民法典》第一千二百五十九条).
QUALIFYING_EDUCATION: frozenset[str] = frozenset({"bachelor", "master", "doctorate"})
QUALIFYING_TITLES: frozenset[str] = frozenset({"intermediate", "associate_senior", "senior"})

# 较大以上: 较大 itself counts. A 严重环境违法行为 is entered with one of these severities.
COUNTED_SEVERITIES: frozenset[str] = frozenset({"larger", "major", "extraordinary"})

# Article 7(八) names 生命科学、医学、人工智能.
ETHICS_SENSITIVE_FIELDS: frozenset[str] = frozenset({"life_sciences", "medicine", "artificial_intelligence"})


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of an administrator-edited vocabulary."""

    code: str
    label: str
    retired: bool = False


class Vocabulary:
    """Codes with labels; a retired code is still understood in old applications, not offered for new ones.

    Article 7(一) speaks of 兵团主导产业和重点产业链 without listing them, so the list is data
    that the bureau maintains; the Django layer builds one from the administrator's table.
    """

    __slots__ = ("_terms", "_codes")

    def __init__(self, terms: Iterable[Term]) -> None:
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"duplicate code {term.code!r}")
            self._terms[term.code] = term
        self._codes = frozenset(self._terms)

    @classmethod
    def from_labels(cls, labels: Mapping[str, str], retired: Iterable[str] = ()) -> Vocabulary:
        retired = frozenset(retired)
        unknown = retired - labels.keys()
        if unknown:
            raise ValueError(f"retired codes not in the vocabulary: {sorted(unknown)}")
        return cls(Term(code, label, code in retired) for code, label in labels.items())

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def codes(self) -> frozenset[str]:
        """Every code understood, retired ones included."""
        return self._codes

    def label(self, code: str) -> str:
        term = self._terms[code]
        return f"{term.label}（已停用）" if term.retired else term.label

    def is_retired(self, code: str) -> bool:
        return self._terms[code].retired

    def offered(self) -> list[tuple[str, str]]:
        """Choices for a new application: current codes only."""
        return [(t.code, t.label) for t in self._terms.values() if not t.retired]

    def retire(self, code: str) -> Vocabulary:
        """A copy with `code` retired (old applications still read it)."""
        if code not in self._terms:
            raise KeyError(code)
        return Vocabulary(Term(t.code, t.label, t.retired or t.code == code) for t in self._terms.values())

    def __repr__(self) -> str:
        return f"Vocabulary({len(self._terms)} terms)"


# The starting list from spec/eligibility.md; the official "七大主导产业、21条重点产业链" list was
# not found (reference/domain.md), which is why an administrator can edit it.
INDUSTRY_CHAINS: Vocabulary = Vocabulary.from_labels(
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
