"""Orders, conversations, media uploads and producer accounts move to their own apps (booths.orders,
booths.conversations, booths.media, booths.editor). Only Django's idea of which app owns them changes:
their tables keep their names and rows (each new app's 0001 takes them over), nothing is dropped."""

from django.db import migrations

MOVED = ["OrderLine", "OrderEvent", "Order", "Message", "Conversation", "Announcement", "MediaUpload", "Invitation",
         "AccessRequest"]


class Migration(migrations.Migration):
    dependencies = [("booths", "0005_booth_announcements")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name) for name in MOVED],
            database_operations=[],
        ),
    ]
