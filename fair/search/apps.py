from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _product_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures: `manage.py search_rebuild` afterwards
        from fair.search.services import product_index

        product_index(product=instance)


def _booth_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from fair.search.services import booth_index

        booth_index(booth=instance)


def _producer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from fair.search.services import producer_index

        producer_index(producer=instance)


class SearchConfig(AppConfig):
    """Search across the fair. The catalogue does not know about search (the dependency direction): search
    follows every save of a product, booth or producer here, inside the saving transaction (the services and the
    admin save in one; a save outside any transaction is its own). Deletions cascade to the documents (and, on
    SQLite, database triggers keep the FTS5 tables in step). Stock, price, stars and visibility are read live."""

    name = "fair.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from booths.models import Booth, Producer, Product
        from fair.search.services import provinces_ensure

        post_migrate.connect(lambda **kwargs: provinces_ensure(), sender=self, weak=False)

        post_save.connect(_product_saved, sender=Product, dispatch_uid="search-product-saved")
        post_save.connect(_booth_saved, sender=Booth, dispatch_uid="search-booth-saved")
        post_save.connect(_producer_saved, sender=Producer, dispatch_uid="search-producer-saved")
