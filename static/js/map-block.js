/* Starts the maps of the editorial map blocks (templates/cms/blocks/map_block.html).

   A block cannot add "map" to its page's page_init, which is what starts the
   maps (static/js/page-init.js); this script does it, once, on a page whose
   page_init does not. Loaded after map.js (both deferred, in page order). */
(function () {
    "use strict";

    if (window.marketplaceMapBlocks) { return; }
    window.marketplaceMapBlocks = true;

    document.addEventListener("DOMContentLoaded", function () {
        var names = (document.body.getAttribute("data-page-init") || "").split(/\s+/);
        if (names.indexOf("map") === -1 && window.marketplaceMap) {
            window.marketplaceMap.init();
        }
    });
}());
