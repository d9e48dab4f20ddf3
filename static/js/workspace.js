/* The work areas' navigation on a phone (templates/workspace/layout.html):
   below 992 px the menu starts closed behind its button; wider, it is a
   sidebar and the button is hidden. With no script the menu stays open. */
(function () {
    "use strict";

    var wide = window.matchMedia("(min-width: 992px)");

    function init() {
        var nav = document.getElementById("workspace-nav");
        if (!nav) { return; }
        var toggle = nav.querySelector(".ws-nav__toggle");
        var groups = document.getElementById("workspace-nav-groups");

        function show(open) {
            nav.classList.toggle("is-collapsed", !open);
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        }

        function fit() {
            // A sidebar is always open; a phone's menu starts closed.
            toggle.hidden = wide.matches;
            show(wide.matches);
        }

        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") !== "true";
            show(open);
            if (open) {
                var current = groups.querySelector("[aria-current]") || groups.querySelector("a");
                if (current) { current.focus(); }
            }
        });
        // Escape closes the phone's menu and gives focus back to its button.
        nav.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && !wide.matches && toggle.getAttribute("aria-expanded") === "true") {
                show(false);
                toggle.focus();
            }
        });
        if (wide.addEventListener) {
            wide.addEventListener("change", fit);
        }
        fit();
    }

    window.marketplaceWorkspace = {init: init};
}());
