"""Demo data of the marketplace, loaded by ``manage.py load_demo``.

``data`` holds the content (artisans, products, accounts, home page),
``images`` draws the product pictures and ``loader`` writes everything,
idempotently, in one transaction.
"""
