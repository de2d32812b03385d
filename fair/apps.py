from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FairConfig(AppConfig):
    name = "fair"
    verbose_name = _("Fairs and halls")

    def ready(self):
        from fair.cache import content_version_follows
        from fair.services import roles_ensure

        post_migrate.connect(lambda **kwargs: roles_ensure(), sender=self, weak=False)
        content_version_follows(self.get_model("Fair"), self.get_model("Hall"))
