/* The filters of a product list (templates/search/partials/listing.html).

   On a phone the results come first: the filters fold behind the "Filter"
   button (aria-expanded says whether they are shown); from 992 px they are
   always open and the button is hidden. Without this script they stay open.
   After a page of results loads, its count is said again by screen readers
   (the count is a status region). Started by page-init.js as "facets". */
(function () {
    "use strict";

    var WIDE = "(min-width: 992px)";

    function setUp(toggle) {
        var panel = document.getElementById(toggle.getAttribute("aria-controls"));
        if (!panel) { return; }
        var wide = window.matchMedia(WIDE);

        function show(open) {
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
            panel.hidden = !open;
            // catalogue.css folds the panel of a scripted page on a phone
            // from the first paint, until it is opened.
            panel.classList.toggle("is-open", open);
        }

        function fit() {
            toggle.hidden = wide.matches;
            // A filter just chosen on a phone keeps the panel folded: the
            // results it changed are what the visitor wants to see.
            show(wide.matches);
        }

        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") !== "true";
            show(open);
            if (open) {
                var first = panel.querySelector("input:not([type=hidden]), select, button");
                if (first) { first.focus(); }
            }
        });
        panel.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && !wide.matches) {
                show(false);
                toggle.focus();
            }
        });
        if (wide.addEventListener) {
            wide.addEventListener("change", fit);
        }
        fit();
    }

    // The count is said again by adding a visually hidden copy of it to
    // the status region: its visible text stays, so nothing moves.
    function announce(region) {
        window.setTimeout(function () {
            var echo = document.createElement("span");
            echo.className = "visually-hidden";
            echo.textContent = region.textContent.replace(/\s+/g, " ").trim();
            region.appendChild(echo);
        }, 400);
    }

    window.marketplaceFacets = {
        init: function () {
            document.querySelectorAll("[data-filters-toggle]").forEach(setUp);
            var count = document.getElementById("listing-count");
            if (count && window.location.search) { announce(count); }
        }
    };
}());
