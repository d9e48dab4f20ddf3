"""Products, stock, images and CSV import of the artisan's back office.

Every object is looked up through ``vendors.scoping``, so another shop's
product, stock record, image or import job is simply not found (404).
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from vendors import scoping
from vendors.actions import (
    ARTISAN_PRODUCT_CLASS,
    CsvFileError,
    ImportStatus,
    StockChangeRefused,
    confirm_product_import,
    delete_product_image,
    get_import_job,
    save_product,
    set_product_public,
    start_product_import,
    update_stock,
)
from vendors.tasks.catalogue import queue_product_import

from .forms_catalogue import (
    ConfirmImportForm,
    ProductForm,
    ProductImportForm,
    StockForm,
)
from .mixins import VendorRequiredMixin

ProductClass = get_model("catalogue", "ProductClass")

# How often (milliseconds) the import page asks for progress.
IMPORT_POLL_INTERVAL_MS = 1000


def vendor_products(vendor):
    """The shop's products, once each (a product may hold several stock records)."""
    return scoping.products_sold_by(vendor).distinct()


def safe_next_url(request, default):
    """The ``next`` URL posted with a form when it stays on this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


class ProductListView(VendorRequiredMixin, generic.ListView):
    """The shop's products with their price, stock and status; search and filter."""

    template_name = "vendors/backoffice/products/list.html"
    context_object_name = "products"
    paginate_by = 25
    status_filters = {
        "active": (_("In the catalogue"), Q(is_public=True)),
        "archived": (_("Archived"), Q(is_public=False)),
        "all": (_("All"), Q()),
    }

    def get_queryset(self):
        self.status = self.request.GET.get("status", "active")
        if self.status not in self.status_filters:
            self.status = "active"
        self.query = self.request.GET.get("q", "").strip()[:100]
        products = vendor_products(self.vendor).filter(
            self.status_filters[self.status][1]
        )
        if self.query:
            sku_matches = scoping.stockrecords_of(self.vendor).filter(
                product=OuterRef("pk"), partner_sku__icontains=self.query
            )
            products = products.filter(
                Q(title__icontains=self.query) | Exists(sku_matches)
            )
        return products.prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=scoping.stockrecords_of(self.vendor).order_by("pk"),
                to_attr="vendor_stockrecords",
            ),
            Prefetch(
                "images",
                queryset=scoping.images_of(self.vendor)
                .distinct()
                .order_by("display_order", "pk"),
                to_attr="ordered_images",
            ),
        ).order_by("-date_updated", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["status_choices"] = [
            (value, label) for value, (label, _q) in self.status_filters.items()
        ]
        context["query"] = self.query
        return context


class ProductFormMixin(VendorRequiredMixin):
    template_name = "vendors/backoffice/products/form.html"
    form_class = ProductForm
    product = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["vendor"] = self.vendor
        kwargs["product"] = self.product
        if self.product is None:
            kwargs["product_class"] = ProductClass._default_manager.filter(
                name=ARTISAN_PRODUCT_CLASS
            ).first()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product"] = self.product
        return context

    def form_valid(self, form):
        try:
            product = save_product(
                self.vendor,
                form.product_data(),
                images=form.cleaned_data["new_images"],
                product=self.product,
            )
        except StockChangeRefused as refusal:
            form.add_error("stock", str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"title": product.title})
        return redirect("backoffice:product-update", pk=product.pk)


class ProductCreateView(ProductFormMixin, generic.FormView):
    success_message = _("“%(title)s” is saved.")


class ProductUpdateView(ProductFormMixin, generic.FormView):
    success_message = _("“%(title)s” is updated.")

    def get_form_kwargs(self):
        self.product = get_object_or_404(
            vendor_products(self.vendor), pk=self.kwargs["pk"]
        )
        return super().get_form_kwargs()


class ProductVisibilityView(VendorRequiredMixin, generic.View):
    """Archive a product, or bring it back to the catalogue (POST only)."""

    http_method_names = ["post"]
    is_public = False
    success_message = _("“%(title)s” is archived: it left the catalogue.")

    def post(self, request, pk):
        product = get_object_or_404(vendor_products(self.vendor), pk=pk)
        set_product_public(product, self.is_public)
        messages.success(request, self.success_message % {"title": product.title})
        return redirect(safe_next_url(request, reverse("backoffice:product-list")))


class ProductArchiveView(ProductVisibilityView):
    pass


class ProductUnarchiveView(ProductVisibilityView):
    is_public = True
    success_message = _("“%(title)s” is back in the catalogue.")


class StockUpdateView(VendorRequiredMixin, generic.View):
    """Quick edit of one stock record's units in stock (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        stockrecord = get_object_or_404(
            scoping.stockrecords_of(self.vendor).select_related("product"), pk=pk
        )
        form = StockForm(request.POST)
        if form.is_valid():
            try:
                update_stock(stockrecord, form.cleaned_data["num_in_stock"])
            except StockChangeRefused as refusal:
                form.add_error("num_in_stock", str(refusal))
        if form.is_valid():
            messages.success(
                request,
                _("Stock of “%(title)s”: %(count)s.")
                % {
                    "title": stockrecord.product.get_title(),
                    "count": form.cleaned_data["num_in_stock"],
                },
            )
        else:
            messages.error(
                request,
                _("The stock of “%(title)s” is unchanged: %(errors)s")
                % {
                    "title": stockrecord.product.get_title(),
                    "errors": " ".join(form.errors.get("num_in_stock", [])),
                },
            )
        return redirect(safe_next_url(request, reverse("backoffice:product-list")))


class ProductImageDeleteView(VendorRequiredMixin, generic.View):
    """Delete one image of one of the shop's products (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        image = get_object_or_404(
            scoping.images_of(self.vendor).distinct().select_related("product"), pk=pk
        )
        product = delete_product_image(image)
        messages.success(request, _("The image is deleted."))
        return redirect("backoffice:product-update", pk=product.pk)


def vendor_import_job(vendor, job_id):
    """The import job ``job_id`` when it belongs to ``vendor``; 404 otherwise."""
    job = get_import_job(str(job_id))
    if job is None or job["vendor_id"] != vendor.pk:
        raise Http404(_("No such import."))
    return job


class ProductImportView(VendorRequiredMixin, generic.FormView):
    """Upload a CSV of products; or confirm importing the valid rows of one."""

    template_name = "vendors/backoffice/products/import.html"
    form_class = ProductImportForm

    def post(self, request, *args, **kwargs):
        if "job" in request.POST:
            return self.confirm(request)
        return super().post(request, *args, **kwargs)

    def confirm(self, request):
        form = ConfirmImportForm(request.POST)
        if not form.is_valid():
            if "job" in form.errors:
                raise Http404(_("No such import."))
            job = vendor_import_job(self.vendor, form.cleaned_data["job"])
            messages.error(
                request, _("Tick the box to import the valid rows of this file.")
            )
            return redirect("backoffice:product-import-status", job_id=job["id"])
        job = vendor_import_job(self.vendor, form.cleaned_data["job"])
        try:
            queue_product_import(confirm_product_import(job))
        except CsvFileError as error:
            messages.error(request, str(error))
        return redirect("backoffice:product-import-status", job_id=job["id"])

    def form_valid(self, form):
        try:
            job = start_product_import(self.vendor, form.cleaned_data["file"])
        except CsvFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        queue_product_import(job)
        return redirect("backoffice:product-import-status", job_id=job["id"])


class ProductImportStatusView(VendorRequiredMixin, generic.TemplateView):
    """Progress and report of an import; JSON for the page's polling script."""

    template_name = "vendors/backoffice/products/import_status.html"

    def get(self, request, *args, **kwargs):
        self.job = vendor_import_job(self.vendor, kwargs["job_id"])
        if request.GET.get("format") == "json":
            return JsonResponse(self.progress(self.job))
        return super().get(request, *args, **kwargs)

    @staticmethod
    def progress(job):
        total = job["total"]
        return {
            "status": job["status"],
            "finished": job["status"] in ImportStatus.FINISHED,
            "total": total,
            "done": job["done"],
            "percent": int(job["done"] * 100 / total) if total else 100,
            "created": job["created"],
            "updated": job["updated"],
            "skipped": len(job["skipped"]),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.job
        context["progress"] = self.progress(self.job)
        context["statuses"] = ImportStatus
        context["confirm_form"] = ConfirmImportForm(initial={"job": self.job["id"]})
        context["poll_interval"] = IMPORT_POLL_INTERVAL_MS
        return context
