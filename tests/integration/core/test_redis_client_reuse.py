"""The Redis cache keeps one client per connection pool instead of making
one for every call (shop/apps/core/cache.py), and still reads and writes."""

from shop.apps.core.cache import TolerantRedisCache


def test_one_client_serves_every_call(redis_url):
    cache = TolerantRedisCache(redis_url, {"KEY_PREFIX": "client-reuse-test"})
    client = cache._cache.get_client(write=True)

    cache.set("page", {"content": b"<html>"}, 30)

    assert cache.get("page") == {"content": b"<html>"}
    assert cache.get_many(["page", "missing"]) == {"page": {"content": b"<html>"}}
    assert cache._cache.get_client(write=False) is client
    assert cache._cache.get_client(write=True) is client
    cache.delete("page")
    assert cache.get("page") is None
