import mimetypes

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Media are served with these types whatever the machine's /etc/mime.types says (with nosniff,
# a wrong type would stop a model, a video or an AVIF picture from loading).
MEDIA_TYPES = {".glb": "model/gltf-binary", ".webp": "image/webp", ".avif": "image/avif", ".mp4": "video/mp4",
               ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm", ".jpg": "image/jpeg", ".png": "image/png"}


class BoothsConfig(AppConfig):
    name = "booths"
    verbose_name = _("Producers, booths and products")

    def ready(self):
        from fair.cache import content_version_follows

        for extension, content_type in MEDIA_TYPES.items():
            mimetypes.add_type(content_type, extension)
        # Cached hall pages show producers, booths, products and their photos: any change to them is news.
        content_version_follows(*(self.get_model(name) for name in ("Producer", "Booth", "Product", "ProductImage", "Session")))
