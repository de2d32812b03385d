"""Moving models between apps without moving data (used by migrations only).

A model that changes app keeps its table; its content type is renamed to the new app, so its
permissions (and the groups holding them) and the admin's history of its rows come along."""


def content_types_move(*, models: list[str], to_app: str, from_app: str = "booths"):
    """A RunPython pair (forwards, backwards) that renames these models' content types between two apps."""
    names = [name.lower() for name in models]

    def move(apps, source: str, target: str) -> None:
        content_types = apps.get_model("contenttypes", "ContentType")
        for name in names:
            if content_types.objects.filter(app_label=target, model=name).exists():
                continue  # made meanwhile (a fresh database): nothing to carry over
            content_types.objects.filter(app_label=source, model=name).update(app_label=target)

    def forwards(apps, schema_editor):
        move(apps, from_app, to_app)

    def backwards(apps, schema_editor):
        move(apps, to_app, from_app)

    return forwards, backwards
