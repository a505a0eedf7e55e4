from django import forms

from .models import Rubric


class _Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )


class ImportForm(forms.Form):
    file = forms.FileField(label="专家信息表（XLSX）")


class ConflictForm(forms.Form):
    application = forms.IntegerField(label="申报")
    evidence = forms.CharField(label="回避依据", widget=forms.Textarea(attrs={"rows": 2}))


class ClearForm(forms.Form):
    reason = forms.CharField(label="撤销理由", widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(forms.Form):
    panel_size = forms.IntegerField(label="每组人数", min_value=1, max_value=15, initial=5)
    load_cap = forms.IntegerField(label="每人负荷上限（份）", min_value=1, max_value=50, initial=3)


class RespondForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "接受"), ("decline", "谢绝")])
    conflict_note = forms.CharField(label="需要回避的情形（如有）", required=False)
    reason = forms.CharField(label="谢绝理由", required=False)


class RubricForm(_Styled, forms.Form):
    stage = forms.ChoiceField(label="评审环节", choices=Rubric.Stage.choices)
    title = forms.CharField(label="名称", max_length=100)
    criteria = forms.CharField(
        label="评分项（每行一项：代码|名称|权重|最低分|最高分|否决线，否决线可空）",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (5, 6):
                raise forms.ValidationError(f"第 {number} 行应为 代码|名称|权重|最低分|最高分|否决线")
            code, label, weight, low, high = parts[:5]
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "weight": weight,
                    "min": low,
                    "max": high,
                    "blocking_below": (parts[5] if len(parts) == 6 and parts[5] else None),
                }
            )
        return rows


class PanelOpinionForm(_Styled, forms.Form):
    score = forms.DecimalField(label="专家组综合评分（0–100）", min_value=0, max_value=100, decimal_places=2)
    opinion = forms.CharField(label="专家组综合意见", widget=forms.Textarea(attrs={"rows": 4}))
