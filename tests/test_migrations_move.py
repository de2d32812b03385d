"""A fair's database made before orders, conversations, media and producer accounts got their own apps
migrates with nothing lost: every row is still there, read through the new apps' models, the content types
(and so the permissions groups hold) moved with them, and an upload queued before the move is still processed."""

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_THE_MOVE = [("booths", "0005_booth_announcements"), ("orders", None), ("conversations", None),
                   ("media", None), ("editor", None)]
MOVED = {"orders": ["order", "orderline", "orderevent"], "conversations": ["conversation", "message", "announcement"],
         "media": ["mediaupload"], "editor": ["invitation", "accessrequest"]}


def migrate(targets):
    """Migrate the test database to these nodes; the models as the database now has them."""
    MigrationExecutor(connection).migrate(targets)
    executor = MigrationExecutor(connection)  # reads what is applied now
    return executor._create_project_state(with_applied_migrations=True).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_move_keeps_every_row():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    old = migrate(BEFORE_THE_MOVE)
    try:
        # The fair as it was: everything in booths.
        cts = old.get_model("contenttypes", "ContentType")
        old_ids = {model: cts.objects.get_or_create(app_label="booths", model=model)[0].pk
                   for models in MOVED.values() for model in models}
        perms, groups = old.get_model("auth", "Permission"), old.get_model("auth", "Group")
        view_order = perms.objects.get_or_create(codename="view_order", content_type_id=old_ids["order"],
                                                 defaults={"name": "Can view order"})[0]
        staff = groups.objects.create(name="Before the move")
        staff.permissions.add(view_order)
        user = old.get_model("auth", "User").objects.create(username="before-the-move")
        fair = old.get_model("fair", "Fair").objects.create(
            slug="before", name_vi="Hội chợ", name_en="Fair", starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2026, 12, 7), status="open")
        hall = old.get_model("fair", "Hall").objects.create(fair=fair, slug="hall", name_vi="Khu A")
        producer = old.get_model("booths", "Producer").objects.create(slug="htx", name="HTX Mật ong", province="Sơn La")
        producer.staff.add(user)
        booth = old.get_model("booths", "Booth").objects.create(producer=producer, slug="gian", title_vi="Gian mật", hall=hall)
        product = old.get_model("booths", "Product").objects.create(
            booth=booth, slug="mat-ong", name_vi="Mật ong hoa nhãn", category="honey", price_vnd=180000, unit_vi="hũ",
            stock=4, stars=4, certificate_level="province", certificate_number="SL-1", certificate_year=2025,
            certificate_authority="UBND tỉnh Sơn La", origin="Mộc Châu")
        order = old.get_model("booths", "Order").objects.create(
            number="OCOP-BEFORE01", booth=booth, visitor_id="v1", idempotency_key="k-before-the-move", payload_hash="h",
            name="Lan", phone="0912345678", address="12 Hàng Bạc, Hà Nội", payment="cod", total_vnd=360000)
        old.get_model("booths", "OrderLine").objects.create(order=order, product=product, name="Mật ong hoa nhãn",
                                                            unit="hũ", unit_price_vnd=180000, quantity=2, total_vnd=360000)
        old.get_model("booths", "OrderEvent").objects.create(order=order, to_status="placed", actor="visitor")
        conversation = old.get_model("booths", "Conversation").objects.create(booth=booth, visitor_id="v1",
                                                                               visitor_name="Lan", last_message_id=0)
        message = old.get_model("booths", "Message").objects.create(conversation=conversation, sender="visitor",
                                                                    client_id="c-1", text="Còn hàng không ạ?")
        old.get_model("booths", "Conversation").objects.filter(pk=conversation.pk).update(last_message_id=message.pk)
        old.get_model("booths", "Announcement").objects.create(booth=booth, client_id="a-1", text="Mẻ mật mới!")
        upload_id = uuid.uuid4()
        old.get_model("booths", "MediaUpload").objects.create(
            id=upload_id, producer=producer, booth=booth, product=product, kind="photo", filename="mat.jpg", size=10,
            status="queued", uploaded_by=user)
        old.get_model("booths", "Invitation").objects.create(producer=producer, token_hash="x" * 64,
                                                             expires_at=timezone.now())
        old.get_model("booths", "AccessRequest").objects.create(name="Hùng", cooperative="HTX Chè", province="Thái Nguyên",
                                                                phone="0987654321", products="Chè Tân Cương")
        task = old.get_model("django_tasks_database", "DBTaskResult").objects.create(
            args_kwargs={"args": [str(upload_id)], "kwargs": {}}, task_path="booths.uploads.process_upload",
            queue_name="default", backend_name="default", run_after=timezone.now(), status="READY")
    finally:
        migrate(leaves())

    from django_tasks_db.models import DBTaskResult

    from booths.conversations.models import Announcement, Conversation, Message
    from booths.editor.models import AccessRequest, Invitation
    from booths.media.models import MediaUpload
    from booths.orders.models import Order, OrderEvent, OrderLine

    moved = Order.objects.get(number="OCOP-BEFORE01")
    assert (moved.total_vnd, moved.booth.slug, moved.lines.get().quantity) == (360000, "gian", 2)
    assert OrderEvent.objects.get(order=moved).to_status == "placed" and OrderLine.objects.count() == 1
    chat = Conversation.objects.get(visitor_id="v1")
    assert [m.text for m in chat.messages.all()] == ["Còn hàng không ạ?"] and chat.last_message_id == message.pk
    assert Message.objects.get(client_id="c-1").conversation == chat
    assert Announcement.objects.get(client_id="a-1").booth.slug == "gian"
    assert MediaUpload.objects.get(pk=upload_id).product.slug == "mat-ong"
    assert Invitation.objects.get().producer.name == "HTX Mật ong"
    assert AccessRequest.objects.get().cooperative == "HTX Chè"
    # Content types moved (same ids), so the group still holds the permission, now the orders app's.
    for app, models in MOVED.items():
        for model in models:
            assert ContentType.objects.get(app_label=app, model=model).pk == old_ids[model]
    assert Permission.objects.get(codename="view_order").content_type.app_label == "orders"
    assert Group.objects.get(name="Before the move").permissions.filter(content_type__app_label="orders").exists()
    # The queued upload's task is found at its new home.
    assert DBTaskResult.objects.get(pk=task.pk).task_path == "booths.media.uploads.process_upload"
    from django.utils.module_loading import import_string

    assert import_string(DBTaskResult.objects.get(pk=task.pk).task_path).name == "process_upload"
