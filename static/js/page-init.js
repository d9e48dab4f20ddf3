/* Starts each page's behaviours, in place of inline scripts.

   The page lists what it needs in <body data-page-init="oscar basket ...">
   (templates/oscar/base.html, block page_init); options come from the
   page's json_script data. On every page, a click on [data-print] prints,
   on [data-history-back] goes back, on [data-window-close] closes a popup,
   and choosing in select[data-autosubmit] submits its form. */
(function () {
    "use strict";

    function data(id) {
        var element = document.getElementById(id);
        return element ? JSON.parse(element.textContent) : undefined;
    }

    var initialisers = {
        // The shop's pages (Oscar's ui.js).
        "oscar": function () { oscar.init(); },
        "search": function () { oscar.search.init(); },
        // A product list's filters, folded on a phone (static/js/facets.js).
        "facets": function () { window.marketplaceFacets.init(); },
        // Artisans and pickup points on a map (static/js/map.js).
        "map": function () { window.marketplaceMap.init(); },
        "basket": function () {
            oscar.basket.init({basketURL: data("page-init-basket-url")});
        },
        "checkout-gateway": function () { oscar.checkout.gateway.init(); },
        // The delivery-or-pickup step's live totals (static/js/checkout.js).
        "checkout-fulfilment": function () { window.marketplaceCheckout.initFulfilment(); },
        "wishlists": function () { oscar.customer.wishlists.init(); },
        "notifications": function () { oscar.notifications.init(); },
        // The back office's and the console's menu (workspace.js).
        "workspace": function () { window.marketplaceWorkspace.init(); },
        // An e-mail shown in a frame of its own, so its styles stay inside:
        // the frame's text is the e-mail's HTML.
        "email-preview": function () {
            var frame = document.getElementById("preview_box");
            if (!frame) { return; }
            var doc = frame.contentWindow.document;
            doc.open();
            doc.write(frame.textContent);
            doc.close();
        },
        // Oscar's dashboard (dashboard.js).
        "dashboard": function () {
            // A link to a tab opens it; the open tab is kept in the address.
            var hash = window.location.hash;
            if (hash) {
                $('.bs-docs-sidenav a[href="' + hash.replace(/"/g, "") + '"]').tab("show");
            }
            $(".nav-list a").on("shown.bs.tab", function (event) {
                window.location.hash = event.target.hash;
            });
            oscar.dashboard.init({languageCode: document.documentElement.lang});
        },
        "search-modal": function () { $("#SearchModal").modal("show"); },
        "bulk-actions": function () { oscar.dashboard.bulk_actions.init(); },
        "order-detail": function () {
            oscar.dashboard.orders.initTabs();
            oscar.dashboard.orders.initTable();
        },
        "offers": function () { oscar.dashboard.offers.init(); },
        "ranges": function () { oscar.dashboard.ranges.init(); },
        "range-reordering": function () {
            oscar.dashboard.reordering.init({
                wrapper: ".product_list",
                submit_url: data("page-init-range-reorder-url")
            });
        },
        "reports": function () { oscar.dashboard.reports.init(); },
        "product-lists": function () { oscar.dashboard.product_lists.init(); },
        "product-attributes": function () { oscar.dashboard.product_attributes.init(); },
        "product-bulk-action": function () {
            oscar.dashboard.product_bulk_action.init({
                formBound: data("page-init-product-bulk-action-bound")
            });
        }
    };

    function start() {
        var names = (document.body.getAttribute("data-page-init") || "").split(/\s+/);
        names.forEach(function (name) {
            if (!name) { return; }
            var initialiser = initialisers[name];
            if (!initialiser) {
                console.error("page-init: no behaviour named " + name);
                return;
            }
            initialiser();
        });
    }

    document.addEventListener("click", function (event) {
        var target = event.target.closest(
            "[data-print], [data-history-back], [data-window-close]"
        );
        if (!target) { return; }
        event.preventDefault();
        if (target.hasAttribute("data-print")) {
            window.print();
        } else if (target.hasAttribute("data-window-close")) {
            window.close();
        } else {
            window.history.back();
        }
    });
    // Oscar's image upload widget: a chosen file's preview hides its upload
    // button, a file that is no image shows it again (load and error do not
    // bubble, hence the capture).
    function uploadButtonOf(image) {
        return image.matches && image.matches("img[data-upload-button]")
            ? document.getElementById(image.getAttribute("data-upload-button"))
            : null;
    }
    document.addEventListener("load", function (event) {
        var button = uploadButtonOf(event.target);
        if (button) { button.hidden = true; }
    }, true);
    document.addEventListener("error", function (event) {
        var button = uploadButtonOf(event.target);
        if (!button) { return; }
        button.hidden = false;
        window.alert(event.target.getAttribute("data-error-message"));
    }, true);
    document.addEventListener("change", function (event) {
        if (event.target.matches("select[data-autosubmit]")) {
            event.target.form.submit();
        }
    });

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
