"""Editorial media and showcase blocks: audio and video play with their
transcript and captions, a video address is parsed here (no oEmbed call) or
refused; category cards count what is on sale in constant queries and hide
empty categories; maps show selling artisans and active points only; partners
show their logos named."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.blocks import AudioBlock, PartnersBlock, VideoBlock, video_embed_url
from cms.demo import logo_png
from cms.models import StandardPage
from cms.setup import ensure_home_page
from cms.snippets import Partner, PartnerKind
from delivery.models import PickupPointKind
from tests.factories import StaffUserFactory, VendorFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified
from tests.factories.delivery import PickupPointFactory
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

ProductCategory = get_model("catalogue", "ProductCategory")


def publish_page(body, slug="media"):
    home = ensure_home_page()
    page = StandardPage(title="Médias", slug=slug, body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def document(filename, content=b"data"):
    return get_document_model().objects.create(
        title=filename, file=ContentFile(content, name=filename)
    )


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def section(html, css_class):
    """The block's own markup, apart from the menu's and footer's links."""
    start = html.index(f'class="section {css_class}"')
    return html[start : html.index("</section>", start)]


def clean(block, **value):
    """``block.clean`` of a value as the editor's form would give it."""
    return block.clean(block.to_python(value))


# Audio


def test_audio_plays_its_file_with_its_type_a_download_link_and_the_transcript(
    client,
):
    recording = document("entretien-santonnier.mp3")
    page = publish_page(
        [
            (
                "audio",
                {
                    "title": "Entretien avec un santonnier",
                    "audio": recording,
                    "transcript": "Je façonne l'argile.\n\nPuis je peins.",
                    "credit": "Radio Provence",
                },
            )
        ]
    )

    html = html_of(client, page)

    assert '<audio class="cms-audio__player" controls preload="none"' in html
    assert f'<source src="{recording.url}" type="audio/mpeg">' in html
    assert f'href="{recording.url}" download' in html
    assert "<details" in html and "Je façonne l&#x27;argile." in html
    assert "Radio Provence" in html


def test_audio_refuses_a_file_that_is_not_sound():
    with pytest.raises(StructBlockValidationError) as error:
        clean(
            AudioBlock(),
            title="Entretien",
            audio=document("programme.pdf").pk,
            transcript="Bonjour.",
        )
    assert "audio" in error.value.block_errors


def test_audio_requires_a_transcript():
    with pytest.raises(StructBlockValidationError) as error:
        clean(
            AudioBlock(),
            title="Entretien",
            audio=document("entretien.ogg").pk,
            transcript="",
        )
    assert "transcript" in error.value.block_errors


# Video


@pytest.mark.parametrize(
    "url, embed",
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=30s",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        (
            "https://youtu.be/aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        (
            "https://www.youtube.com/shorts/aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://vimeo.com/76979871/abc123",
            "https://player.vimeo.com/video/76979871?h=abc123&dnt=1",
        ),
        (
            "https://www.dailymotion.com/video/x8abcd1",
            "https://www.dailymotion.com/embed/video/x8abcd1",
        ),
        ("https://dai.ly/x8abcd1", "https://www.dailymotion.com/embed/video/x8abcd1"),
        (
            "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d",
        ),
    ],
)
def test_video_address_becomes_a_privacy_friendly_player_allowed_by_the_csp(url, embed):
    assert video_embed_url(url) == embed
    origin = "/".join(embed.split("/")[:3])
    assert origin in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/ma-video",
        "https://www.youtube.com/watch?v=court",
        "https://vimeo.com/channels/staffpicks",
        "https://peertube.example.org/w/9c9de5e8",  # not one of our instances
        "ftp://youtu.be/aqz-KE-bpKQ",
    ],
)
def test_video_refuses_an_address_it_cannot_play(url):
    with pytest.raises(StructBlockValidationError) as error:
        clean(VideoBlock(), title="Atelier", url=url)
    assert "url" in error.value.block_errors
    assert video_embed_url(url) is None


def test_video_needs_an_address_or_a_file_not_both():
    with pytest.raises(StructBlockValidationError) as neither:
        clean(VideoBlock(), title="Atelier")
    with pytest.raises(StructBlockValidationError) as both:
        clean(
            VideoBlock(),
            title="Atelier",
            url="https://youtu.be/aqz-KE-bpKQ",
            video=document("atelier.mp4").pk,
        )
    assert neither.value.non_block_errors and both.value.non_block_errors


def test_video_file_takes_only_webvtt_captions():
    with pytest.raises(StructBlockValidationError) as error:
        clean(
            VideoBlock(),
            title="Atelier",
            video=document("atelier.mp4").pk,
            captions=document("atelier.txt").pk,
        )
    assert "captions" in error.value.block_errors

    value = clean(
        VideoBlock(),
        title="Atelier",
        video=document("atelier.webm").pk,
        captions=document("atelier.vtt").pk,
    )
    assert value.media_type == "video/webm"


def test_embedded_video_renders_a_titled_frame_and_its_transcript(client):
    page = publish_page(
        [
            (
                "video",
                {
                    "title": "Dans l'atelier du verrier",
                    "url": "https://youtu.be/aqz-KE-bpKQ",
                    "transcript": "Le verrier souffle le verre.",
                },
            )
        ]
    )

    html = html_of(client, page)

    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html
    assert 'title="Dans l&#x27;atelier du verrier"' in html
    assert "Le verrier souffle le verre." in html
    assert "youtube.com/oembed" not in html


def test_video_file_renders_with_its_captions_track(client):
    film = document("atelier.mp4")
    captions = document("atelier.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour")
    page = publish_page(
        [
            (
                "video",
                {
                    "title": "Atelier",
                    "video": film,
                    "captions": captions,
                    "captions_language": "fr",
                },
            )
        ]
    )

    html = html_of(client, page)

    assert "<video " in html and "controls" in html
    assert f'<source src="{film.url}" type="video/mp4">' in html
    assert f'<track kind="captions" src="{captions.url}" srclang="fr"' in html
    assert "<details" not in html  # no transcript given


# Category showcase


def category_with_products(breadcrumbs, count, **vendor_fields):
    category = create_from_breadcrumbs(breadcrumbs)
    for n in range(count):
        product = create_artisan_product(
            VendorFactory(**vendor_fields), title=f"{breadcrumbs} {n}"
        )
        ProductCategory.objects.create(product=product, category=category)
    return category


def test_category_showcase_counts_products_on_sale_below_and_hides_empty_ones(
    client,
):
    santons = category_with_products("Santons", 1)
    creche = category_with_products("Santons > Crèche", 2)
    category_with_products("Santons > Crèche", 1, vacation_mode=True)
    empty = category_with_products("Savons", 2, status=VendorStatus.SUSPENDED)
    page = publish_page(
        [
            (
                "category_showcase",
                {"title": "Nos rayons", "categories": [empty, creche, santons]},
            )
        ]
    )

    html = section(html_of(client, page), "category-showcase")

    assert "Nos rayons" in html
    assert f'href="{santons.get_absolute_url()}">Santons</a>' in html
    assert f'href="{creche.get_absolute_url()}">Crèche</a>' in html
    assert empty.get_absolute_url() not in html
    # Santons counts its own product and Crèche's two; the vacationing
    # artisan's product is not on sale.
    assert html.count("3 produits en vente") + html.count("3 products on sale") == 1
    assert html.count("2 produits en vente") + html.count("2 products on sale") == 1
    assert html.index(creche.get_absolute_url()) < html.index(
        f'href="{santons.get_absolute_url()}"'
    )


def test_category_showcase_with_nothing_on_sale_renders_nothing(client):
    empty = category_with_products("Bougies", 1, status=VendorStatus.SUSPENDED)
    page = publish_page(
        [("category_showcase", {"title": "Nos rayons", "categories": [empty]})]
    )

    html = html_of(client, page)

    assert "category-showcase" not in html
    assert "Nos rayons" not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_category_showcase_costs_the_same_queries_for_2_and_8_categories(client):
    categories = [
        category_with_products(f"Rayon {n} > Sous-rayon {n}", 1) for n in range(8)
    ]
    two = publish_page(
        [("category_showcase", {"title": "Deux", "categories": categories[:2]})],
        slug="deux",
    )
    eight = publish_page(
        [("category_showcase", {"title": "Huit", "categories": categories})],
        slug="huit",
    )
    client.get(two.url)
    client.get(eight.url)
    # Cold caches too: the categories' URLs (their ancestors' slugs, which
    # Oscar caches) cost no query per card.
    cache.clear()
    cold_eight = count_queries(client, eight.url)
    cache.clear()
    cold_two = count_queries(client, two.url)

    assert count_queries(client, eight.url) == count_queries(client, two.url)
    assert cold_eight == cold_two
    html = section(html_of(client, eight), "category-showcase")
    assert html.count("category-showcase__link") == 8


# Map


def test_map_shows_selling_artisans_and_active_points_in_a_list(client):
    selling = VendorFactory(metier="Potière")
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)
    away = VendorFactory(vacation_mode=True)
    active = PickupPointFactory(name="Drive du port")
    closed = PickupPointFactory(name="Drive fermé", is_active=False)
    suspended_workshop = PickupPointFactory(
        name="Atelier fermé", kind=PickupPointKind.WORKSHOP, vendor=suspended
    )
    page = publish_page(
        [
            (
                "map",
                {
                    "title": "Où nous trouver",
                    "artisans": [selling, suspended, away],
                    "points": [active, closed, suspended_workshop],
                },
            )
        ]
    )

    page_html = html_of(client, page)
    html = section(page_html, "cms-map")

    assert "Où nous trouver" in html
    assert 'class="place-map__list"' in html
    assert selling.get_absolute_url() in html
    assert suspended.get_absolute_url() not in html
    assert away.get_absolute_url() not in html
    assert "Drive du port" in html
    assert "Drive fermé" not in html
    assert "Atelier fermé" not in html
    assert "js/map-block.js" in page_html


def test_two_maps_on_a_page_have_their_own_ids(client):
    point = PickupPointFactory(name="Drive du port")
    block = {"title": "Carte", "artisans": [], "points": [point]}
    page = publish_page([("map", block), ("map", dict(block, title="Autre carte"))])

    html = html_of(client, page)

    ids = [chunk.split('"')[0] for chunk in html.split('data-place-map="')[1:]]
    assert len(ids) == 2 and ids[0] != ids[1]


def test_map_of_nothing_selling_renders_nothing(client):
    page = publish_page(
        [
            (
                "map",
                {
                    "title": "Où nous trouver",
                    "artisans": [VendorFactory(vacation_mode=True)],
                    "points": [PickupPointFactory(is_active=False)],
                },
            )
        ]
    )

    assert "Où nous trouver" not in html_of(client, page)


# Partners


def partner(name, kind=PartnerKind.PARTNER, website="", order=0):
    logo = get_image_model().objects.create(
        title=f"Logo {name}",
        file=ImageFile(io.BytesIO(logo_png(name, "#2a6f97")), name="logo.png"),
    )
    return Partner.objects.create(
        name=name, kind=kind, website=website, logo=logo, order=order
    )


def test_chosen_partners_show_their_logos_named_and_linked_in_order(client):
    region = partner("Région Sud", website="https://www.maregionsud.fr")
    cma = partner("Chambre de métiers", website="https://www.cmar-paca.fr")
    partner("Banque locale")
    page = publish_page(
        [("partners", {"title": "Nos partenaires", "partners": [cma, region]})]
    )

    html = section(html_of(client, page), "cms-partners")

    assert 'alt="Région Sud"' in html and 'alt="Chambre de métiers"' in html
    assert "Banque locale" not in html
    assert '<a href="https://www.maregionsud.fr" rel="noopener">' in html
    assert html.index('alt="Chambre de métiers"') < html.index('alt="Région Sud"')


def test_partners_of_one_kind_are_all_shown(client):
    partner("Région Sud", kind=PartnerKind.FUNDER, order=2)
    partner("Département", kind=PartnerKind.FUNDER, order=1)
    partner("Association", kind=PartnerKind.PARTNER)
    page = publish_page(
        [
            (
                "partners",
                {"title": "Financeurs", "partners": [], "kind": PartnerKind.FUNDER},
            )
        ]
    )

    html = section(html_of(client, page), "cms-partners")

    assert 'alt="Région Sud"' in html and 'alt="Département"' in html
    assert "Association" not in html
    assert html.index('alt="Département"') < html.index('alt="Région Sud"')


def test_partners_block_needs_partners_or_a_kind():
    with pytest.raises(StructBlockValidationError) as error:
        clean(PartnersBlock(), title="Partenaires", partners=[], kind="")
    assert error.value.non_block_errors


# The page editor


def test_page_editor_offers_the_new_blocks_with_their_choosers(client):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))
    home = ensure_home_page()

    response = client.get(f"/cms-admin/pages/add/cms/standardpage/{home.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for block_name in ("audio", "video", "category_showcase", "map", "partners"):
        assert f"[&quot;{block_name}&quot;, [" in html
    for chooser in (
        "/cms-admin/category_chooser/",
        "/cms-admin/pickup_point_chooser/",
        "/cms-admin/snippets/choose/cms/partner/",
    ):
        assert f"&quot;modalUrl&quot;: &quot;{chooser}&quot;" in html
