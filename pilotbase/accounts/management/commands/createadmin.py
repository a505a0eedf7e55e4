import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pilotbase.accounts import services
from pilotbase.accounts.models import Role


class Command(BaseCommand):
    help = "创建管理员或科技局工作人员账号，并绑定动态口令（打印密钥，请录入身份验证器）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument(
            "--role",
            default=Role.SYSADMIN,
            choices=[Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN, Role.OFFICER],
            help="角色",
        )
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--email", default="", help="邮箱")
        parser.add_argument(
            "--password-env",
            default="PILOTBASE_ADMIN_PASSWORD",
            help="从该环境变量读取密码；未设置时交互输入",
        )

    def handle(self, *args, username, role, name, email, password_env, **opts):
        password = os.environ.get(password_env)
        if not password:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入："):
                raise CommandError("两次输入的密码不一致")
        try:
            user = services.create_user(
                username=username, password=password, role=role, display_name=name, email=email
            )
        except services.InvalidInput as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from exc
        device = services.ensure_totp(user)
        self.stdout.write(f"已创建 {user.get_role_display()} {username}")
        self.stdout.write(f"动态口令密钥（TOTP, base32）：{services.base32_secret(device)}")
        self.stdout.write(device.config_url)
