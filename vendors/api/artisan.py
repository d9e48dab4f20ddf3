"""The artisan's API, under ``/api/v1/artisan/``: one shop's products and
stock, its parts of orders and their steps, its payouts and invoices.

An artisan's token acts for one shop (``token.vendor``), and only while its
owner still runs it (checked by the authentication). Everything is looked up
through ``vendors.scoping``, as the back office does: another shop's product,
order or document is simply not found (404). Writes go through the back
office's forms and actions (product form, stock form, ``save_product``,
``update_stock``), and steps through the order conductor with
``Actor.artisan``: the API and the web follow the same rules.
"""

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from oscar.core.loading import get_model
from rest_framework import exceptions, generics, parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.apps.api.authentication import TokenAuthentication
from shop.apps.api.caching import ETagMixin
from shop.apps.api.models import Scope, TokenKind
from shop.apps.api.permissions import scoped
from shop.apps.core.http import client_address
from shop.apps.payment import fetch as payment_fetch
from shop.apps.payment.models import CollectionMethod
from vendors import scoping
from vendors.actions import (
    ARTISAN_PRODUCT_CLASS,
    MAX_IMAGES_PER_PRODUCT,
    StockChangeRefused,
    add_product_images,
    save_product,
    update_stock,
)
from vendors.backoffice.forms_catalogue import (
    MultipleImageField,
    ProductForm,
    StockForm,
)
from vendors.fetch import part_history
from vendors.invoicing import fetch as invoicing_fetch
from vendors.invoicing.documents import open_pdf
from vendors.lifecycle import (
    Actor,
    Collection,
    CollectionNeeded,
    StepInput,
    StepNeedsConfirmation,
    StepRefused,
    perform,
)
from vendors.models import VendorOrderStatus

from .serializers_artisan import (
    ArtisanCreditNoteSerializer,
    ArtisanInvoiceSerializer,
    ArtisanOrderDetailSerializer,
    ArtisanOrderSerializer,
    ArtisanPayoutSerializer,
    ArtisanProductSerializer,
    ArtisanProductWriteSerializer,
    ArtisanStepSerializer,
    ArtisanStockSerializer,
    ArtisanStockUpdateSerializer,
)

Line = get_model("order", "Line")
Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


class Conflict(exceptions.APIException):
    """A request refused because of the state of what it acts on (an order's
    status, stock reserved by orders): the message says why; nothing changed."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This is not possible now.")
    default_code = "conflict"


class ArtisanAPIMixin:
    """A view of one shop's data, for an artisan's token with the right scope.

    ``self.vendor`` is the token's shop; ``read_scope`` is needed to read,
    ``write_scope`` to change.
    """

    authentication_classes = [TokenAuthentication]
    read_scope = None
    write_scope = None

    def get_permissions(self):
        return [scoped(TokenKind.ARTISAN, self.read_scope, self.write_scope)()]

    @property
    def vendor(self):
        return self.request.auth.vendor


# Products and stock
# ------------------------------------------------------------------------------


def shop_products(vendor):
    """The shop's products, with their stock record, category and images
    selected in a fixed number of queries."""
    return (
        scoping.products_sold_by(vendor)
        .distinct()
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=scoping.stockrecords_of(vendor).order_by("pk"),
                to_attr="vendor_stockrecords",
            ),
            Prefetch(
                "images",
                queryset=scoping.images_of(vendor)
                .distinct()
                .order_by("display_order", "pk"),
                to_attr="ordered_images",
            ),
            Prefetch(
                "categories",
                queryset=Category._default_manager.order_by("path"),
                to_attr="vendor_categories",
            ),
        )
        .order_by("-date_updated", "-pk")
    )


def product_form_for(vendor, product, changes):
    """The back office's product form, bound to ``product``'s current values
    (none for a new product) with ``changes`` over them."""
    kwargs = {"vendor": vendor, "product": product}
    if product is None:
        kwargs["product_class"] = ProductClass._default_manager.filter(
            name=ARTISAN_PRODUCT_CLASS
        ).first()
    current = ProductForm(**kwargs)
    data = {
        name: current[name].value()
        for name in current.fields
        if name != "new_images" and current[name].value() is not None
    }
    if product is None:
        data.setdefault("is_public", True)
    for name, value in changes.items():
        data[name] = "" if value is None else value
    return ProductForm(data, **kwargs)


def form_errors(form):
    """A form's errors as DRF's validation errors (``non_field_errors`` for
    those of the whole form)."""
    errors = {
        ("non_field_errors" if field == "__all__" else field): list(messages)
        for field, messages in form.errors.items()
    }
    return exceptions.ValidationError(errors)


class ProductListView(ETagMixin, ArtisanAPIMixin, generics.ListCreateAPIView):
    """The shop's products, newest change first; ``POST`` makes one.

    ``?status=active`` (in the catalogue) or ``archived``; by default all.
    """

    read_scope = Scope.CATALOGUE_READ
    write_scope = Scope.CATALOGUE_WRITE
    serializer_class = ArtisanProductSerializer
    cursor_ordering = ("-date_updated", "-id")

    def get_queryset(self):
        products = shop_products(self.vendor)
        wanted = self.request.query_params.get("status")
        if wanted == "active":
            products = products.filter(is_public=True)
        elif wanted == "archived":
            products = products.filter(is_public=False)
        return products

    @extend_schema(
        request=ArtisanProductWriteSerializer, responses={201: ArtisanProductSerializer}
    )
    def post(self, request, *args, **kwargs):
        changes = ArtisanProductWriteSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        form = product_form_for(self.vendor, None, changes_of(changes))
        return save_product_of_form(self, form, None, status.HTTP_201_CREATED)


def save_product_of_form(view, form, product, status_code):
    """Save the product ``form`` checked, as the back office does; answer it."""
    if not form.is_valid():
        raise form_errors(form)
    try:
        product = save_product(view.vendor, form.product_data(), product=product)
    except StockChangeRefused as refusal:
        raise Conflict(str(refusal), code="stock_below_reserved") from None
    product = shop_products(view.vendor).get(pk=product.pk)
    return Response(
        ArtisanProductSerializer(product, context=view.get_serializer_context()).data,
        status=status_code,
    )


def changes_of(serializer):
    """The fields a request gave, as the product form reads them."""
    return {
        name: value
        for name, value in serializer.validated_data.items()
        if name in serializer.initial_data
    }


class ProductDetailView(ETagMixin, ArtisanAPIMixin, generics.RetrieveAPIView):
    """One of the shop's products; ``PATCH`` changes the fields given."""

    read_scope = Scope.CATALOGUE_READ
    write_scope = Scope.CATALOGUE_WRITE
    serializer_class = ArtisanProductSerializer
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        return shop_products(self.vendor)

    @extend_schema(
        request=ArtisanProductWriteSerializer, responses={200: ArtisanProductSerializer}
    )
    def patch(self, request, *args, **kwargs):
        product = self.get_object()
        changes = ArtisanProductWriteSerializer(data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        form = product_form_for(self.vendor, product, changes_of(changes))
        return save_product_of_form(self, form, product, status.HTTP_200_OK)


class StockView(ETagMixin, ArtisanAPIMixin, APIView):
    """A product's stock; ``PATCH {"num_in_stock": n}`` sets the units in
    stock (never below the units orders in progress reserved: 409)."""

    read_scope = Scope.CATALOGUE_READ
    write_scope = Scope.CATALOGUE_WRITE

    def get_stockrecord(self):
        product = get_object_or_404(
            scoping.products_sold_by(self.vendor).distinct(), pk=self.kwargs["pk"]
        )
        return get_object_or_404(
            scoping.stockrecords_of(self.vendor)
            .filter(product=product)
            .order_by("pk")[:1]
        )

    @extend_schema(responses=ArtisanStockSerializer)
    def get(self, request, *args, **kwargs):
        return Response(ArtisanStockSerializer(self.get_stockrecord()).data)

    @extend_schema(
        request=ArtisanStockUpdateSerializer, responses=ArtisanStockSerializer
    )
    def patch(self, request, *args, **kwargs):
        stockrecord = self.get_stockrecord()
        form = StockForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            stockrecord = update_stock(stockrecord, form.cleaned_data["num_in_stock"])
        except StockChangeRefused as refusal:
            raise Conflict(str(refusal), code="stock_below_reserved") from None
        return Response(ArtisanStockSerializer(stockrecord).data)


class ProductImagesForm(forms.Form):
    """Images added to a product, checked as the back office's product form
    checks them (JPEG, PNG or WebP, 2 MB, pixels counted from the header)."""

    images = MultipleImageField(required=True)

    def __init__(self, *args, existing=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing

    def clean_images(self):
        images = self.cleaned_data["images"]
        if self.existing + len(images) > MAX_IMAGES_PER_PRODUCT:
            raise forms.ValidationError(
                ngettext(
                    "A product has at most %(count)d image.",
                    "A product has at most %(count)d images.",
                    MAX_IMAGES_PER_PRODUCT,
                )
                % {"count": MAX_IMAGES_PER_PRODUCT},
                code="too_many_images",
            )
        return images


class ProductImagesUploadSerializer(serializers.Serializer):
    images = serializers.ListField(child=serializers.ImageField())


class ProductImagesView(ArtisanAPIMixin, APIView):
    """``POST`` (multipart, field ``images``, one or more files) adds images
    after the product's existing ones; thumbnails are made in the background."""

    read_scope = Scope.CATALOGUE_WRITE
    write_scope = Scope.CATALOGUE_WRITE
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ProductImagesUploadSerializer},
        responses={201: ArtisanProductSerializer},
    )
    def post(self, request, *args, **kwargs):
        product = get_object_or_404(shop_products(self.vendor), pk=self.kwargs["pk"])
        form = ProductImagesForm(
            data={},
            files=MultiValueDict({"images": request.FILES.getlist("images")}),
            existing=len(product.ordered_images),
        )
        if not form.is_valid():
            raise form_errors(form)
        with transaction.atomic():
            add_product_images(product, form.cleaned_data["images"])
        product = shop_products(self.vendor).get(pk=product.pk)
        return Response(
            ArtisanProductSerializer(product, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


# Orders
# ------------------------------------------------------------------------------


class OrderMixin(ArtisanAPIMixin):
    read_scope = Scope.ORDERS_READ
    write_scope = Scope.ORDERS_WRITE
    cursor_ordering = ("-created_at", "-id")

    def get_queryset(self):
        return (
            scoping.vendor_orders_of(self.vendor)
            .select_related("order__user", "order__shipping_address", "vendor__partner")
            .prefetch_related(
                Prefetch(
                    "order__lines",
                    queryset=Line._default_manager.filter(
                        partner_id=self.vendor.partner_id
                    ).order_by("pk"),
                    to_attr="vendor_lines",
                )
            )
            .order_by("-created_at", "-pk")
        )

    def get_order(self):
        return get_object_or_404(self.get_queryset(), number=self.kwargs["number"])


class OrderListView(ETagMixin, OrderMixin, generics.ListAPIView):
    """The shop's parts of orders, newest first, with their lines and the steps
    the artisan may take now. ``?status=new`` (or any status) filters."""

    serializer_class = ArtisanOrderSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=VendorOrderStatus.values)
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        vendor_orders = super().get_queryset()
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in VendorOrderStatus.values:
                raise exceptions.ValidationError(
                    {"status": [_("Unknown status “%(status)s”.") % {"status": wanted}]}
                )
            vendor_orders = vendor_orders.filter(status=wanted)
        return vendor_orders


class OrderDetailView(ETagMixin, OrderMixin, generics.RetrieveAPIView):
    """One part of an order, with its history."""

    serializer_class = ArtisanOrderDetailSerializer

    def get_object(self):
        vendor_order = self.get_order()
        vendor_order.history = part_history(vendor_order)
        return vendor_order


class OrderStepView(OrderMixin, APIView):
    """Take one step of a part (``{"action": "accept"}``, with a ``reason``
    to refuse or cancel, ``carrier`` and ``tracking_number`` to ship…),
    through the order conductor as the back office does.

    A refused step answers 409 with the conductor's message and changes
    nothing; a hand-over paid at pickup says the amount to collect.
    """

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, StepConflict) and exc.amount_to_collect is not None:
            response.data["amount_to_collect"] = exc.amount_to_collect
            response.data["collection_methods"] = list(CollectionMethod.values)
        return response

    @extend_schema(
        request=ArtisanStepSerializer, responses={201: ArtisanOrderDetailSerializer}
    )
    def post(self, request, *args, **kwargs):
        vendor_order = self.get_order()
        body = ArtisanStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        given = body.validated_data
        collection = None
        if "collection_method" in given:
            collection = Collection(
                method=given["collection_method"], amount=given["collection_amount"]
            )
        data = StepInput(
            reason=given.get("reason", ""),
            code=given.get("code", ""),
            carrier=given.get("carrier", ""),
            tracking_number=given.get("tracking_number", ""),
            restock=given.get("restock"),
            collection=collection,
            confirm_off_day=given.get("confirm_off_day", False),
        )
        actor = Actor.artisan(request.user, address=client_address(request))
        try:
            perform(vendor_order, given["action"], actor, data)
        except CollectionNeeded as needed:
            raise StepConflict(
                needed, code="collection_needed", amount=f"{needed.amount:.2f}"
            ) from None
        except StepNeedsConfirmation as needed:
            raise StepConflict(needed, code="confirmation_needed") from None
        except StepRefused as refused:
            raise StepConflict(refused) from None
        vendor_order = self.get_order()
        vendor_order.history = part_history(vendor_order)
        return Response(
            ArtisanOrderDetailSerializer(
                vendor_order, context={"request": request, "view": self}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class StepConflict(Conflict):
    """A step the order conductor refused; ``amount_to_collect`` when the
    customer pays at pickup and the request did not say how."""

    def __init__(self, refusal, code="step_refused", amount=None):
        super().__init__(str(refusal), code=code)
        self.amount_to_collect = amount


# Payouts and invoices (read only)
# ------------------------------------------------------------------------------


class PayoutListView(ETagMixin, ArtisanAPIMixin, generics.ListAPIView):
    """The payout ledger: what each completed or paid part brought the shop."""

    read_scope = Scope.PAYOUTS_READ
    serializer_class = ArtisanPayoutSerializer
    cursor_ordering = ("-created_at", "-id")

    def get_queryset(self):
        return payment_fetch.vendor_ledger(self.vendor)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [payment_fetch.ledger_row(vendor_order) for vendor_order in page]
        return self.get_paginated_response(
            ArtisanPayoutSerializer(rows, many=True).data
        )


class DocumentMixin(ArtisanAPIMixin):
    read_scope = Scope.INVOICES_READ
    kind = "invoice"
    cursor_ordering = ("-issued_at", "-id")

    def get_queryset(self):
        return invoicing_fetch.documents_for_vendor(self.kind, self.vendor).order_by(
            "-issued_at", "-pk"
        )


class InvoiceListView(ETagMixin, DocumentMixin, generics.ListAPIView):
    """The shop's invoices, newest first."""

    serializer_class = ArtisanInvoiceSerializer


class InvoiceDetailView(ETagMixin, DocumentMixin, generics.RetrieveAPIView):
    serializer_class = ArtisanInvoiceSerializer


class CreditNoteListView(ETagMixin, DocumentMixin, generics.ListAPIView):
    """The shop's credit notes, newest first."""

    kind = "credit_note"
    serializer_class = ArtisanCreditNoteSerializer


class CreditNoteDetailView(ETagMixin, DocumentMixin, generics.RetrieveAPIView):
    kind = "credit_note"
    serializer_class = ArtisanCreditNoteSerializer


class DocumentPdfView(DocumentMixin, APIView):
    """The PDF of an invoice or a credit note, as a download."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        response = FileResponse(
            open_pdf(document),
            as_attachment=True,
            filename=f"{document.number}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response
