"""Producer staff reach only their own producer's rows through the admin, through every relation.

The test walks every admin add and change page a producer's staff may open: every choice a form offers
(foreign keys, many-to-many, inlines) is one of their own producer's rows, and a POST naming another
producer's row is refused at that field with nothing written."""

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory
from django.urls import reverse

from booths.admin import ProducerScopedAdmin
from booths.conversations.models import Announcement, Conversation, Message
from booths.models import DiaryEntry, TourStep, Video
from booths.orders import services as ordering
from tests.factories import make_booth, make_product, make_tour, make_user

pytestmark = pytest.mark.django_db


def world_of(booth):
    """A producer's whole booth: a product with its diary, a tour with steps and hotspots, a video, an order, a chat."""
    product = make_product(booth=booth, with_image=True)
    DiaryEntry.objects.create(product=product, date="2026-11-01", activity_vi="Quay mật")
    make_tour(booth, steps=2)
    Video.objects.create(booth=booth, product=product, file="videos/x.mp4", content_type="video/mp4", title_vi="Hái")
    ordering.order_place(booth=booth, visitor_id="v-1", lines=[{"product": product.slug, "quantity": 1}],
                         contact={"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "payment": "cod"},
                         idempotency_key=f"k-{booth.slug}-0001")
    conversation = Conversation.objects.create(booth=booth, visitor_id="v-1")
    Message.objects.create(conversation=conversation, sender="visitor", client_id="c-1", text="Còn không?")
    Announcement.objects.create(booth=booth, client_id="a-1", text="Mẻ mới")
    return product


@pytest.fixture
def two_producers():
    mine, theirs = make_booth(), make_booth()
    world_of(mine), world_of(theirs)
    return mine, theirs, make_user(producer=mine.producer)


def owner_check(user):
    """A function telling whether a row is one of this person's producers' (through its model's admin)."""
    request = RequestFactory().get("/")
    request.user = user

    def is_mine(row) -> bool:
        related = admin.site._registry.get(type(row))
        if not isinstance(related, ProducerScopedAdmin):
            return False
        return related._producer_of(row).staff.filter(pk=user.pk).exists()

    return is_mine


def choice_fields(response):
    """(form, field name, field) for every relation field of the page's form and of its inlines' forms."""
    found = []
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [*inline.formset.forms, inline.formset.empty_form]
    for form in forms:
        for name, field in form.fields.items():
            # An inline row's own hidden id is not a choice: the formset finds rows only among the parent's.
            if name == form._meta.model._meta.pk.name:
                continue
            if isinstance(field, (ModelChoiceField, ModelMultipleChoiceField)):
                found.append((form, name, field))
    return found


def pages_for(user):
    """Every admin add page and change page (of one of their rows) this person may open."""
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        if model_admin.has_add_permission(request):
            yield model, reverse("admin:%s_%s_add" % info), None
        rows = model_admin.get_queryset(request)
        row = rows.first()
        if row is not None and model_admin.has_view_or_change_permission(request, row):
            yield model, reverse("admin:%s_%s_change" % info, args=[row.pk]), row


def test_every_choice_offered_to_producer_staff_is_their_own(client, two_producers):
    mine, theirs, staff = two_producers
    client.force_login(staff)
    is_mine = owner_check(staff)
    opened, checked = [], 0
    for model, url, _row in pages_for(staff):
        response = client.get(url)
        assert response.status_code == 200, url
        opened.append(url)
        for _form, name, field in choice_fields(response):
            offered = list(field.queryset)
            foreign = [row for row in offered if not is_mine(row)]
            assert not foreign, f"{url}: field {name} offers {foreign}"
            checked += 1
    # The walk reached the pages that matter (so it cannot pass by opening nothing).
    assert any("/tourstep/add/" in url for url in opened) and any("/product/" in url for url in opened)
    assert checked >= 3


def test_a_post_naming_another_producers_row_is_refused_with_nothing_written(client, two_producers):
    mine, theirs, staff = two_producers
    client.force_login(staff)
    is_mine = owner_check(staff)
    tried = 0
    for model, url, row in pages_for(staff):
        response = client.get(url)
        form = response.context["adminform"].form
        for name, field in form.fields.items():
            if not isinstance(field, (ModelChoiceField, ModelMultipleChoiceField)):
                continue
            every = field.queryset.model._default_manager.all()
            foreign = next((candidate for candidate in every if admin.site._registry.get(type(candidate))
                            and not is_mine(candidate) and isinstance(admin.site._registry[type(candidate)],
                                                                      ProducerScopedAdmin)), None)
            if foreign is None:
                continue
            before = model._default_manager.count()
            value_before = getattr(row, name) if row is not None else None
            data = {key: value for key, value in form.initial.items() if value is not None and not hasattr(value, "all")}
            data[name] = [foreign.pk] if isinstance(field, ModelMultipleChoiceField) else foreign.pk
            answer = client.post(url, data)
            assert answer.status_code in (200, 403), f"{url}: {name} → {answer.status_code}"
            if answer.status_code == 200:
                assert name in answer.context["adminform"].form.errors, f"{url}: {name} was not refused"
            assert model._default_manager.count() == before, f"{url}: a row was added"
            if row is not None:
                row.refresh_from_db()
                assert getattr(row, name) == value_before, f"{url}: {name} was changed"
            tried += 1
    assert tried >= 2  # at least the tour step's tour and the product's booth were tried


def test_a_tour_step_cannot_be_added_to_or_moved_into_another_producers_tour(client, two_producers):
    mine, theirs, staff = two_producers
    client.force_login(staff)
    their_tour, my_step = theirs.tour, TourStep.objects.filter(tour__booth=mine).first()
    page = client.get(reverse("admin:booths_tourstep_add"))
    assert their_tour.pk not in {tour.pk for tour in page.context["adminform"].form.fields["tour"].queryset}
    steps = TourStep.objects.filter(tour=their_tour).count()
    client.post(reverse("admin:booths_tourstep_add"), {
        "tour": their_tour.pk, "order": 9, "title_vi": "Bước lạ", "hotspots-TOTAL_FORMS": 0, "hotspots-INITIAL_FORMS": 0})
    assert TourStep.objects.filter(tour=their_tour).count() == steps
    client.post(reverse("admin:booths_tourstep_change", args=[my_step.pk]), {
        "tour": their_tour.pk, "order": my_step.order, "title_vi": my_step.title_vi,
        "hotspots-TOTAL_FORMS": 0, "hotspots-INITIAL_FORMS": 0})
    my_step.refresh_from_db()
    assert my_step.tour.booth == mine
