from django import forms

from pilotbase.accounts.models import RecommendingUnit, Role, User
from pilotbase.rules import INDUSTRY_CHAINS
from pilotbase.rules.codes import ETHICS_FIELDS

from .models import TYPE_CHOICES, ExpertAffiliation, Rubric


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
    review_date = forms.DateField(label="评审日期（留空为当天）", required=False)


class ExpertForm(_Styled, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    organisation_name = forms.CharField(label="工作单位", max_length=200)
    recommending_unit = forms.ModelChoiceField(
        label="所在推荐单位（在推荐单位任职时选择）", queryset=RecommendingUnit.objects.all(), required=False
    )
    title = forms.CharField(label="职称", max_length=50, required=False)
    types = forms.MultipleChoiceField(
        label="专家类型", choices=TYPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    fields = forms.MultipleChoiceField(
        label="学科领域",
        choices=list(ETHICS_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chains = forms.MultipleChoiceField(
        label="熟悉产业链",
        choices=[(t.code, INDUSTRY_CHAINS.label(t.code)) for t in INDUSTRY_CHAINS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.CharField(label="所在地区", max_length=50, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False)
    user = forms.ModelChoiceField(
        label="登录账号", queryset=User.objects.filter(role=Role.EXPERT).order_by("username"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in ("types", "fields", "chains"):
            self.fields[f].widget.attrs["class"] = "form-check-input"


class AffiliationForm(_Styled, forms.Form):
    organisation_name = forms.CharField(label="单位名称", max_length=200)
    relation = forms.ChoiceField(label="关系", choices=ExpertAffiliation.Relation.choices)
    start = forms.DateField(label="起始日期", required=False)
    end = forms.DateField(label="结束日期（在职留空）", required=False)
    note = forms.CharField(label="说明（声明关联关系时必填）", max_length=200, required=False)


class UnavailabilityForm(_Styled, forms.Form):
    start = forms.DateField(label="不可参评起始日期")
    end = forms.DateField(label="不可参评结束日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class ActiveForm(_Styled, forms.Form):
    reason = forms.CharField(label="理由", max_length=500)


class RespondForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "接受"), ("decline", "谢绝")])
    conflict_note = forms.CharField(label="需要回避的情形（如有）", required=False)
    no_conflict = forms.BooleanField(label="本人声明与该申报不存在需要回避的情形", required=False)
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
