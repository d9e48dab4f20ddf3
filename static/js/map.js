/* A map of artisans and pickup points (templates/maps/partials/map.html),
   started by page-init.js as the "map" behaviour.

   The places come from the page's json_script data; those with coordinates
   get a keyboard-focusable marker (Leaflet's keyboard option: Tab reaches
   each marker, Enter opens its popup). Tiles only when the setting gives a
   URL: without them the markers stand on a plain background and the list
   next to the map says the same. Names are the artisans' own words: they go
   into the page as text nodes, never as HTML. */
(function () {
    "use strict";

    var SYMBOLS = {artisan: "A", workshop: "A", drive: "D", relay: "R"};

    function data(id) {
        var element = id && document.getElementById(id);
        return element ? JSON.parse(element.textContent) : null;
    }

    function popupContent(place, options) {
        var box = document.createElement("div");
        var name = document.createElement(place.url ? "a" : "strong");
        name.textContent = place.name;
        if (place.url) {
            name.href = place.url;
            name.setAttribute("aria-label", options.seeShop + " : " + place.name);
        }
        box.appendChild(name);
        var meta = document.createElement("div");
        meta.className = "place-map__popup-meta";
        meta.textContent = [place.kind_label, place.address || place.commune]
            .filter(Boolean).join(" · ");
        box.appendChild(meta);
        return box;
    }

    function icon(place) {
        return L.divIcon({
            className: "place-map__marker place-map__marker--" + place.kind,
            html: '<span aria-hidden="true">' + (SYMBOLS[place.kind] || "•") + "</span>",
            iconSize: [32, 32],
            iconAnchor: [16, 16],
            popupAnchor: [0, -14]
        });
    }

    function build(container) {
        var places = data(container.getAttribute("data-place-map")) || [];
        var options = data(container.getAttribute("data-map-options")) || {};
        var located = places.filter(function (place) {
            return place.lat !== null && place.lng !== null;
        });
        if (!located.length || typeof L === "undefined") { return null; }
        container.hidden = false;
        var map = L.map(container, {
            keyboard: true,
            scrollWheelZoom: false,
            zoomControl: false
        });
        L.control.zoom({
            zoomInTitle: options.zoomInTitle || "+",
            zoomOutTitle: options.zoomOutTitle || "-"
        }).addTo(map);
        if (options.tileUrl) {
            L.tileLayer(options.tileUrl, {
                attribution: options.attribution || "",
                maxZoom: 19
            }).addTo(map);
        } else {
            container.classList.add("place-map__canvas--no-tiles");
        }
        // The view first: Leaflet puts markers in the page once it has one.
        var bounds = L.latLngBounds(located.map(function (place) {
            return [place.lat, place.lng];
        }));
        if (located.length === 1) {
            map.setView(bounds.getCenter(), 12);
        } else {
            map.fitBounds(bounds, {padding: [32, 32], maxZoom: 13});
        }
        located.forEach(function (place) {
            var marker = L.marker([place.lat, place.lng], {
                icon: icon(place),
                keyboard: true,
                title: place.name,
                riseOnHover: true
            }).bindPopup(popupContent(place, options)).addTo(map);
            var element = marker.getElement();
            element.setAttribute("aria-label", place.kind_label + " : " + place.name);
            element.setAttribute("data-place-id", place.id);
        });
        return map;
    }

    window.marketplaceMap = {
        init: function () {
            document.querySelectorAll("[data-place-map]").forEach(build);
        }
    };
}());
