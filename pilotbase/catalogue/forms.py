from __future__ import annotations

from django import forms

from .models import PracticeCase
from .vocabulary import INDUSTRY_CHAINS, KINDS

KIND_CHOICES = list(KINDS.items())


class Styled:
    """Bootstrap classes on every widget (templates cannot add attributes without inline markup)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.HiddenInput)):
                if isinstance(widget, forms.CheckboxSelectMultiple):
                    widget.attrs.setdefault("class", "form-check-input")
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


CHAIN_CHOICES = list(INDUSTRY_CHAINS.items())


class ServiceForm(Styled, forms.Form):
    ref = forms.CharField(label="服务编号", max_length=40, help_text="本基地内唯一，如 S001")
    title = forms.CharField(label="服务名称", max_length=200)
    kinds = forms.MultipleChoiceField(
        label="服务类型", choices=KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    industry_chains = forms.MultipleChoiceField(
        label="产业链", choices=CHAIN_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(label="服务内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    equipment = forms.CharField(
        label="主要设备", required=False, help_text="每行一台（套）", widget=forms.Textarea(attrs={"rows": 3})
    )
    capacity = forms.CharField(label="服务能力", max_length=200, required=False, help_text="如 年处理 500 吨")
    lead_time_days = forms.IntegerField(label="服务周期（天）", min_value=0, max_value=3650, required=False)
    fee = forms.CharField(label="收费标准", max_length=200, required=False)

    def row(self) -> dict:
        data = dict(self.cleaned_data)
        data["equipment"] = [line.strip() for line in data["equipment"].splitlines() if line.strip()]
        return data

    @classmethod
    def initial_for(cls, service) -> dict:
        return {
            "ref": service.ref,
            "title": service.title,
            "kinds": service.kinds,
            "industry_chains": service.industry_chains,
            "description": service.description,
            "equipment": "\n".join(service.equipment or []),
            "capacity": service.capacity,
            "lead_time_days": service.lead_time_days,
            "fee": service.fee,
        }


class UploadForm(Styled, forms.Form):
    file = forms.FileField(label="服务清单表格（XLSX 或 JSON Lines）")


class ProfileForm(Styled, forms.Form):
    welcomes_investment = forms.BooleanField(label="欢迎社会资本投资（第十三条）", required=False)
    investment_note = forms.CharField(
        label="合作意向说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DemandForm(Styled, forms.Form):
    title = forms.CharField(label="需求名称", max_length=200)
    text = forms.CharField(
        label="需求描述",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="用自己的话说明要做什么、现在做到哪一步、希望基地做什么",
    )
    industry_chains = forms.MultipleChoiceField(
        label="产业链", choices=CHAIN_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    kinds = forms.MultipleChoiceField(
        label="需要的服务类型", choices=KIND_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    budget_yuan = forms.DecimalField(
        label="预算（元）", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    needed_by = forms.DateField(
        label="期望完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    division = forms.ChoiceField(label="所在地区", required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, error_messages={"required": "请填写联系人"})
    contact_phone = forms.CharField(
        label="联系电话", max_length=30, error_messages={"required": "请填写联系电话"}
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", "—")] + [(u.code, u.name) for u in units]


class RequestForm(Styled, forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label="对接说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseDemandForm(Styled, forms.Form):
    reason = forms.ChoiceField(
        label="关闭原因",
        choices=[("fulfilled", "需求已满足"), ("not_needed", "不再需要")],
        error_messages={"required": "请选择关闭原因", "invalid_choice": "请选择关闭原因"},
    )
    note = forms.CharField(
        label="说明（可选）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(Styled, forms.Form):
    action = forms.CharField(max_length=20, widget=forms.HiddenInput)
    note = forms.CharField(
        label="说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(Styled, forms.Form):
    rating = forms.TypedChoiceField(
        label="评分",
        coerce=int,
        choices=[(i, f"{i} 分") for i in range(5, 0, -1)],
        error_messages={"invalid_choice": "评分应为 1 到 5 的整数"},
    )


class SynonymForm(Styled, forms.Form):
    text = forms.CharField(
        label="同义词表",
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="每行一组，词与词之间用 / 分隔；以 # 开头的行为注释。清空则恢复系统默认词表。",
    )


class CaseForm(Styled, forms.ModelForm):
    publish = forms.BooleanField(label="在门户发布", required=False)

    class Meta:
        model = PracticeCase
        fields = ["title", "base", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
