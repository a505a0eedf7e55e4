"""统一社会信用代码 (GB 32100-2015): shape and check character.

Pure Python. A malformed code (wrong length, a character outside the 31-character set) is an
error; a wrong check character is only a warning, because some lawful early codes fail it and an
officer must be able to override (reference/domain.md).
"""

from __future__ import annotations

from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}


@dataclass(frozen=True)
class CreditCodeCheck:
    code: str
    error: str | None = None  # malformed: must be corrected
    warning: str | None = None  # check character wrong: an officer may accept it

    @property
    def ok(self) -> bool:
        return self.error is None and self.warning is None


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = (31 - total % 31) % 31
    return CHARSET[value]


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def check(code: str) -> CreditCodeCheck:
    code = normalise(code)
    if len(code) != 18:
        return CreditCodeCheck(code, error=f"统一社会信用代码应为 18 位，当前为 {len(code)} 位")
    for pos, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            return CreditCodeCheck(
                code, error=f"统一社会信用代码第 {pos} 位“{ch}”不是合法字符（不使用 I、O、S、V、Z）"
            )
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeCheck(
            code,
            warning=f"统一社会信用代码校验位应为“{expected}”，实际为“{code[17]}”；请核对，确认无误可由工作人员放行",
        )
    return CreditCodeCheck(code)
