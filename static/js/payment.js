/* Stripe's Payment Element on the pay page (templates/oscar/checkout/pay.html).

   The keys come from the page's json_script data; 3-D Secure and redirect
   based methods are handled by Stripe.js, and the return page checks the
   payment with Stripe, server-side. */
(function () {
    "use strict";

    var form = document.getElementById("payment-form");
    if (!form) { return; }
    var button = document.getElementById("pay-button");
    var message = document.getElementById("payment-message");

    function show(text) {
        message.textContent = text;
        message.hidden = false;
    }

    if (typeof window.Stripe !== "function") {
        // Stripe.js did not load (network, blocker): say so, charge nothing.
        button.disabled = true;
        show(form.getAttribute("data-unavailable-message"));
        return;
    }

    function data(id) {
        return JSON.parse(document.getElementById(id).textContent);
    }

    var stripe = window.Stripe(data("stripe-publishable-key"), {
        locale: document.documentElement.lang || "fr"
    });
    var elements = stripe.elements({clientSecret: data("stripe-client-secret")});
    elements.create("payment").mount("#payment-element");

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        message.hidden = true;
        stripe.confirmPayment({
            elements: elements,
            confirmParams: {return_url: form.getAttribute("data-return-url")}
        }).then(function (result) {
            if (result.error) {
                show(result.error.message);
                button.disabled = false;
            }
        });
    });
}());
