from django import forms


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ImportForm(_Styled):
    file = forms.FileField(label="节假日安排文件（JSON 或 CSV）", required=False)
    text = forms.CharField(label="或直接粘贴内容", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    format = forms.ChoiceField(label="格式", choices=[("json", "JSON"), ("csv", "CSV")])

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴内容")
        return data

    def content(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > 200_000:
                raise forms.ValidationError("文件过大")
            return upload.read().decode("utf-8-sig", errors="replace")
        return self.cleaned_data["text"]


class DayForm(_Styled):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="类型", choices=[("off", "放假"), ("work", "调休上班"), ("", "恢复为普通日")], required=False
    )
    name = forms.CharField(label="节日", max_length=50, required=False)
    source = forms.CharField(label="依据文件", max_length=200, required=False)
