from django import forms

from .models import Material


class CallForm(forms.Form):
    title = forms.CharField(label="通知标题", max_length=200)
    document_number = forms.CharField(label="发文字号", max_length=64, help_text="如 兵科发〔2026〕5号")
    opens_on = forms.DateField(label="申报开始日", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="申报截止日", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="通知正文", widget=forms.Textarea(attrs={"rows": 6}))


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类别", choices=[(k, Material.Kind(k).label) for k in Material.APPLICANT_KINDS]
    )
    file = forms.FileField(label="文件（PDF、OFD、JPEG、PNG、DOCX、XLSX）")


class ScoreForm(forms.Form):
    score = forms.DecimalField(label="专家组综合评分（0–100）", min_value=0, max_value=100, decimal_places=2)
    opinion = forms.CharField(label="专家组综合意见", widget=forms.Textarea(attrs={"rows": 3}))


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(label="核查日期", widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.CharField(label="核查组成员", max_length=500)
    checklist = forms.CharField(label="核查事项（每行一项）", widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(label="核查结论", widget=forms.Textarea(attrs={"rows": 3}))
    photos = forms.FileField(label="现场照片", required=False)
    minutes = forms.FileField(label="签字核查纪要", required=False)
