/* The shop's shell (templates/oscar/layout.html): the skip link moves the
   keyboard focus to the page's <main>, not only the view, so that the next
   Tab reaches the content's first link. */
(function () {
    "use strict";

    document.addEventListener("click", function (event) {
        var link = event.target.closest("a.skip-link[href^='#']");
        if (!link) { return; }
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus();
        target.scrollIntoView();
    });
}());
