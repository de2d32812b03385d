"""The scaled-out parts over real connections: PostgreSQL for the data, Redis for the channel layer and cache."""

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from tests.factories import make_product

pytestmark = [pytest.mark.services]


@pytest.mark.django_db
def test_data_lives_in_postgresql_and_it_refuses_negative_stock():
    assert connection.vendor == "postgresql"
    product = make_product(stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(product).objects.filter(pk=product.pk).update(stock=-1)
    product.refresh_from_db()
    assert product.stock == 1


def test_channel_layer_carries_a_message_through_redis():
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"
    group = f"test-{uuid.uuid4().hex}"

    async def round_trip():
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        await layer.group_send(group, {"type": "presence.update", "visitors": 3})
        message = await layer.receive(channel)
        await layer.group_discard(group, channel)
        return message

    assert async_to_sync(round_trip)() == {"type": "presence.update", "visitors": 3}


def test_cache_is_shared_through_redis():
    """What one daphne process caches (presence, throttles) another sees: a second client reads it."""
    from django.conf import settings
    from django.core.cache.backends.redis import RedisCache

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    key = f"test-{uuid.uuid4().hex}"
    cache.set(key, {"online": True}, 5)
    other_process = RedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": settings.REDIS_PREFIX})
    assert other_process.get(key) == {"online": True}
    cache.delete(key)
    assert other_process.get(key) is None
