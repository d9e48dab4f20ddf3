import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from shop.apps.core.links import absolute_url


class HeadParser(HTMLParser):
    """The head's meta and link elements, and the JSON-LD scripts' text."""

    def __init__(self):
        super().__init__()
        self.meta = []
        self.links = []
        self.jsonld = []
        self.html_lang = None
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


class Head:
    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.html = response.content.decode()
        parser = HeadParser()
        parser.feed(self.html)
        self.parser = parser
        self.html_lang = parser.html_lang

    def meta(self, key):
        """Contents of <meta name=key> or <meta property=key>, in order."""
        return [
            m.get("content", "")
            for m in self.parser.meta
            if m.get("name") == key or m.get("property") == key
        ]

    def one_meta(self, key):
        values = self.meta(key)
        assert len(values) == 1, (key, values)
        return values[0]

    def link(self, rel, **extra):
        return [
            link["href"]
            for link in self.parser.links
            if link.get("rel") == rel
            and all(link.get(k) == v for k, v in extra.items())
        ]

    def jsonld(self):
        return [json.loads(text) for text in self.parser.jsonld]

    def of_type(self, schema_type):
        found = []
        for document in self.jsonld():
            for node in document.get("@graph", [document]):
                if node.get("@type") == schema_type:
                    found.append(node)
        return found


@pytest.fixture
def head():
    return Head


@pytest.fixture
def public(db):
    """An absolute URL on the public host, as pages and the sitemap write it."""
    return absolute_url


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


ABSOLUTE = re.compile(r"^https?://[^/]+/")
