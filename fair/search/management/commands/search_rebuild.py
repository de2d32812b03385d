from django.core.management.base import BaseCommand

from fair.search.services import index_rebuild, provinces_ensure


class Command(BaseCommand):
    help = "Make every search document again from the catalogue (after loading fixtures or a bulk change)."

    def handle(self, *args, **options):
        provinces_ensure()
        count = index_rebuild()
        self.stdout.write(f"Search documents made again for {count} booths and their products.")
