/* Follows a product import while it runs (backoffice import status page).

   The page gives the status URL, the polling interval, the progress text
   and the status that asks for a confirmation as data-* attributes of
   #import-job; the page reloads once the import has finished. */
(function () {
    "use strict";

    var job = document.getElementById("import-job");
    var text = document.getElementById("import-progress-text");
    var bar = document.getElementById("import-progress-bar");
    if (!job || !text || !bar) { return; }
    var url = job.getAttribute("data-status-url");
    var interval = parseInt(job.getAttribute("data-poll-interval"), 10);
    var template = job.getAttribute("data-progress-template");
    var needsConfirmation = job.getAttribute("data-needs-confirmation");

    function showPercent(percent) {
        bar.style.width = percent + "%";
        bar.setAttribute("aria-valuenow", percent);
        bar.textContent = percent + " %";
    }

    function poll() {
        fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
            .then(function (response) { return response.json(); })
            .then(function (progress) {
                if (progress.finished || progress.status === needsConfirmation) {
                    window.location.reload();
                    return;
                }
                text.textContent = template
                    .replace("__done__", progress.done)
                    .replace("__total__", progress.total);
                showPercent(progress.percent);
                window.setTimeout(poll, interval);
            })
            .catch(function () { window.setTimeout(poll, interval * 5); });
    }

    showPercent(bar.getAttribute("aria-valuenow"));
    window.setTimeout(poll, interval);
}());
