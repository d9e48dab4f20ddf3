"""What the artisan's API answers: products and stock, parts of orders, payouts,
invoices and credit notes of one shop.

Read-only representations: writes are checked by the back office's own forms
(``ProductForm``, ``StockForm``) and taken by its actions, or by the order
conductor, so that the API and the web follow one set of rules.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vendors.lifecycle import steps_for
from vendors.models import ActorRole, PartAction


class ArtisanStockSerializer(serializers.Serializer):
    """One product's stock: units in stock, reserved by orders, still for sale."""

    sku = serializers.CharField(source="partner_sku", read_only=True)
    num_in_stock = serializers.IntegerField(read_only=True)
    num_allocated = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField()

    def get_num_allocated(self, stockrecord) -> int:
        return stockrecord.num_allocated or 0

    def get_available(self, stockrecord) -> int:
        return max(
            (stockrecord.num_in_stock or 0) - self.get_num_allocated(stockrecord), 0
        )


class ArtisanStockUpdateSerializer(serializers.Serializer):
    """The body of ``PATCH …/stock/`` (checked again by the back office's form)."""

    num_in_stock = serializers.IntegerField(min_value=0)


class ArtisanProductImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    position = serializers.IntegerField(source="display_order", read_only=True)

    def get_url(self, image) -> str:
        request = self.context.get("request")
        url = image.original.url
        return request.build_absolute_uri(url) if request else url


class ArtisanProductSerializer(serializers.Serializer):
    """A product of the shop as the back office shows it (price incl. VAT)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)
    category = serializers.SerializerMethodField()
    sku = serializers.SerializerMethodField()
    price = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    stock = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    date_created = serializers.DateTimeField(read_only=True)
    date_updated = serializers.DateTimeField(read_only=True)

    @staticmethod
    def stockrecord_of(product):
        records = getattr(product, "vendor_stockrecords", None)
        return records[0] if records else None

    def get_category(self, product) -> int | None:
        categories = getattr(product, "vendor_categories", None)
        if categories is None:
            categories = list(product.categories.order_by("path")[:1])
        return categories[0].pk if categories else None

    def get_sku(self, product) -> str:
        record = self.stockrecord_of(product)
        return record.partner_sku if record else ""

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_price(self, product):
        record = self.stockrecord_of(product)
        return f"{record.price:.2f}" if record and record.price is not None else None

    def get_currency(self, product) -> str:
        record = self.stockrecord_of(product)
        return record.price_currency if record else "EUR"

    @extend_schema_field(ArtisanStockSerializer)
    def get_stock(self, product):
        record = self.stockrecord_of(product)
        return ArtisanStockSerializer(record).data if record else None

    @extend_schema_field(ArtisanProductImageSerializer(many=True))
    def get_images(self, product):
        images = getattr(product, "ordered_images", [])
        return ArtisanProductImageSerializer(
            images, many=True, context=self.context
        ).data


class ArtisanProductWriteSerializer(serializers.Serializer):
    """The body of a product's creation (``POST``) or change (``PATCH``): only
    the fields given change. The back office's product form checks them (SKU
    unique in the shop, price > 0 with 2 decimals, description sanitised)."""

    title = serializers.CharField(max_length=255, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    category = serializers.IntegerField(required=False)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    stock = serializers.IntegerField(min_value=0, required=False)
    sku = serializers.CharField(max_length=128, required=False)
    is_public = serializers.BooleanField(required=False)


class ArtisanOrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    product = serializers.IntegerField(source="product_id", read_only=True)
    title = serializers.CharField(read_only=True)
    sku = serializers.CharField(source="partner_sku", read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    unit_price_incl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    line_price_incl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )


class ArtisanOrderEventSerializer(serializers.Serializer):
    """One step of the part's history."""

    action = serializers.CharField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    details = serializers.JSONField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class ArtisanOrderSerializer(serializers.Serializer):
    """One part of an order, for its artisan: lines, customer, status, steps."""

    number = serializers.CharField(read_only=True)
    order_number = serializers.CharField(source="order.number", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    status_reason = serializers.CharField(read_only=True)
    fulfilment_method = serializers.CharField(read_only=True)
    currency = serializers.CharField(read_only=True)
    subtotal_incl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    fulfilment_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    total_incl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    commission_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    net_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    carrier = serializers.CharField(read_only=True)
    tracking_number = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    customer = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.DictField(child=serializers.CharField(allow_blank=True))
    )
    def get_customer(self, vendor_order):
        order = vendor_order.order
        address = order.shipping_address if vendor_order.is_pickup is False else None
        customer = {
            "name": order.user.get_full_name() if order.user else "",
            "email": order.email,
        }
        if address is not None:
            customer.update(
                shipping_name=address.name,
                shipping_address=", ".join(address.active_address_fields()),
                phone_number=str(address.phone_number or ""),
            )
        return customer

    @extend_schema_field(ArtisanOrderLineSerializer(many=True))
    def get_lines(self, vendor_order):
        lines = getattr(vendor_order.order, "vendor_lines", None)
        if lines is None:
            lines = vendor_order.lines.order_by("pk")
        return ArtisanOrderLineSerializer(lines, many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(PartAction.choices))
    )
    def get_next_steps(self, vendor_order):
        return [
            str(transition.action)
            for transition in steps_for(vendor_order, ActorRole.ARTISAN)
        ]


class ArtisanOrderDetailSerializer(ArtisanOrderSerializer):
    events = ArtisanOrderEventSerializer(many=True, read_only=True, source="history")


class ArtisanStepSerializer(serializers.Serializer):
    """The body of ``POST …/steps/``: the step, and what it needs (a reason
    for the customer, a tracking number, the pickup code and how the customer
    paid, whether the goods go back in stock)."""

    action = serializers.ChoiceField(PartAction.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    carrier = serializers.CharField(required=False, allow_blank=True, max_length=60)
    tracking_number = serializers.CharField(
        required=False, allow_blank=True, max_length=60
    )
    code = serializers.CharField(required=False, allow_blank=True, max_length=32)
    restock = serializers.BooleanField(required=False, allow_null=True, default=None)
    collection_method = serializers.CharField(required=False, max_length=20)
    collection_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, min_value=0
    )
    confirm_off_day = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if ("collection_method" in attrs) != ("collection_amount" in attrs):
            raise serializers.ValidationError(
                _("Give both how the customer paid and the amount collected.")
            )
        return attrs


class ArtisanPayoutSerializer(serializers.Serializer):
    """One row of the payout ledger: what a part brought the artisan."""

    vendor_order = serializers.CharField(source="vendor_order.number", read_only=True)
    placed_at = serializers.DateTimeField(
        source="vendor_order.created_at", read_only=True
    )
    order_status = serializers.CharField(source="vendor_order.status", read_only=True)
    total_incl_tax = serializers.DecimalField(
        source="vendor_order.total_incl_tax",
        max_digits=12,
        decimal_places=2,
        read_only=True,
    )
    commission = serializers.DecimalField(
        source="vendor_order.commission_amount",
        max_digits=12,
        decimal_places=2,
        read_only=True,
    )
    net = serializers.DecimalField(
        source="vendor_order.net_amount",
        max_digits=12,
        decimal_places=2,
        read_only=True,
    )
    refunded = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    transferred = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    reversed = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    transfer_status = serializers.CharField(read_only=True)
    transfer_status_display = serializers.CharField(read_only=True)


class ArtisanDocumentSerializer(serializers.Serializer):
    """An invoice or a credit note, as issued (amounts as strings, 2 decimals)."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    currency = serializers.CharField(read_only=True)
    vendor_order = serializers.SerializerMethodField()
    total_excl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    total_vat = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    total_incl_tax = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    vat_mention = serializers.CharField(read_only=True)
    lines = serializers.JSONField(read_only=True)
    vat_breakdown = serializers.JSONField(read_only=True)
    pdf = serializers.SerializerMethodField()

    def get_vendor_order(self, document) -> str:
        invoice = document if document.kind == "invoice" else document.invoice
        return invoice.vendor_order.number

    def get_pdf(self, document) -> str:
        name = "invoice-pdf" if document.kind == "invoice" else "credit-note-pdf"
        request = self.context.get("request")
        namespace = request.resolver_match.namespace if request else "api-artisan"
        url = reverse(f"{namespace}:{name}", kwargs={"pk": document.pk})
        return request.build_absolute_uri(url) if request else url


class ArtisanInvoiceSerializer(ArtisanDocumentSerializer):
    funded_discount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True
    )
    payment_method = serializers.CharField(read_only=True)
    paid_at = serializers.DateTimeField(read_only=True)


class ArtisanCreditNoteSerializer(ArtisanDocumentSerializer):
    invoice = serializers.CharField(source="invoice.number", read_only=True)
    reason = serializers.CharField(read_only=True)
