"""HTML e-mails share the shop's palette in a 600 px frame."""

from django.template import engines


def test_an_email_gets_the_shops_frame_and_palette():
    template = engines["django"].from_string(
        '{% extends "oscar/communication/emails/base.html" %}'
        "{% block body %}<p>Bonjour</p>{% endblock %}"
    )
    html = template.render({"site_name": "Marché des artisans"})
    assert 'width="600"' in html and "max-width:600px" in html
    assert "#4a3a78" in html  # --c-primary: links and buttons
    assert "#faf7f2" in html  # --c-bg
    assert "#348eda" not in html  # Oscar's blue is gone
    assert "Marché des artisans" in html and "<p>Bonjour</p>" in html
