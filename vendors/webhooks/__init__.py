"""Outgoing webhooks: an artisan's programs told of their orders and stock.

An artisan registers endpoints (an https URL, the events wanted); each event
of their shop (``order.paid``, ``order.cancelled``, ``stock.low``) gets a
unique id and one delivery per endpoint, written in the transaction of what
happened and sent once it commits, by Celery, signed with the endpoint's
secret as Stripe signs its own, retried with exponential backoff: at least
once, so receivers drop repeats by the event's id.
"""
