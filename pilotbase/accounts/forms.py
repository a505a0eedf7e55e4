from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, max_length=128)
    otp_token = forms.CharField(
        label=_("动态口令"),
        required=False,
        max_length=8,
        help_text=_("已绑定动态口令的账号请输入 6 位数字；兵团科技局工作人员和管理员必须填写"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
