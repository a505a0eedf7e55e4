from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from pilotbase.operations import demo


class Command(BaseCommand):
    help = "载入演示数据：全部师市与院校、多个行业的申报单位、每个角色的演示账号；可重复执行"

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            # 等保: no default accounts or passwords. The demo's share one printed password and
            # TOTP secrets derived from their usernames.
            raise CommandError("生产环境（PILOTBASE_ENV=production）不能载入演示数据与演示账号", returncode=2)
        # The demo walks applications through every state, which notifies the next person each
        # time; those emails go nowhere (the in-app notifications stay), so that the console shows
        # the logins rather than sixty messages.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                _world, lines = demo.build()
        self.stdout.write("演示数据已就绪。")
        for line in lines:
            self.stdout.write(line)
