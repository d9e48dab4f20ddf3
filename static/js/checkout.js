/* The checkout's "Delivery or pickup" step: the totals follow the choices.

   Each option carries its cost as the server priced it (data-cost, incl.
   tax; pickups 0), the totals box the products' total (data-products) and
   currency. When a choice changes, the delivery line and the order total
   are recomputed in cents from those numbers, shown, and announced once
   through the aria-live region. Nothing is decided here: the server
   prices the order again from the choices submitted. Started by
   page-init.js ("checkout-fulfilment"). */
(function () {
    "use strict";

    function cents(value) {
        var number = parseFloat(value || "0");
        return isNaN(number) ? 0 : Math.round(number * 100);
    }

    function formatter(currency) {
        var lang = document.documentElement.lang || "fr";
        try {
            return new Intl.NumberFormat(lang, {style: "currency", currency: currency});
        } catch (error) {
            return {format: function (amount) { return amount.toFixed(2) + " " + currency; }};
        }
    }

    function init() {
        var form = document.getElementById("fulfilment_form");
        var box = document.getElementById("fulfilment-totals");
        if (!form || !box) { return; }
        var format = formatter(box.getAttribute("data-currency") || "EUR");
        var products = cents(box.getAttribute("data-products"));
        var deliveryCell = document.getElementById("fulfilment-total");
        var totalCell = document.getElementById("order-total");
        var announce = document.getElementById("order-total-announce");
        var template = box.getAttribute("data-announce") || "{total}";

        function update(speak) {
            var delivery = 0;
            form.querySelectorAll("input.fulfilment-choice:checked").forEach(function (input) {
                delivery += cents(input.getAttribute("data-cost"));
            });
            var total = format.format((products + delivery) / 100);
            deliveryCell.textContent = format.format(delivery / 100);
            totalCell.textContent = total;
            if (speak && announce) {
                announce.textContent = template.replace("{total}", total);
            }
        }

        form.addEventListener("change", function (event) {
            if (event.target.matches("input.fulfilment-choice")) {
                update(true);
            }
        });
        // A slot chosen in a point's list chooses that point too.
        form.addEventListener("change", function (event) {
            var select = event.target;
            if (!select.matches("select")) { return; }
            var option = select.closest(".fulfilment-option");
            var radio = option && option.querySelector("input.fulfilment-choice");
            if (radio && !radio.checked && !radio.disabled) {
                radio.checked = true;
                update(true);
            }
        });
    }

    window.marketplaceCheckout = {initFulfilment: init};
}());
