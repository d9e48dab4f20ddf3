/* Search box suggestions and "near me", without any library. */
(function () {
    "use strict";

    function debounce(fn, ms) {
        var timer;
        return function () {
            var args = arguments;
            clearTimeout(timer);
            timer = setTimeout(function () { fn.apply(null, args); }, ms);
        };
    }

    function setUpSuggestions(input) {
        var url = input.getAttribute("data-suggest-url");
        var list = document.createElement("ul");
        list.className = "search-suggestions list-unstyled";
        list.id = input.id + "_suggestions";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-autocomplete", "list");
        input.parentNode.appendChild(list);
        var kinds = JSON.parse(input.getAttribute("data-suggest-kinds") || "{}");
        var last = "";

        var fetchSuggestions = debounce(function (text) {
            fetch(url + "?q=" + encodeURIComponent(text), {headers: {Accept: "application/json"}})
                .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                .then(function (data) {
                    if (text !== input.value.trim()) { return; }
                    list.textContent = "";
                    data.suggestions.forEach(function (s) {
                        var li = document.createElement("li");
                        li.setAttribute("role", "option");
                        var a = document.createElement("a");
                        a.href = s.url;
                        a.textContent = s.label;
                        var small = document.createElement("small");
                        small.className = "text-muted";
                        small.textContent = " " + (kinds[s.kind] || "") + (s.detail ? " · " + s.detail : "");
                        a.appendChild(small);
                        li.appendChild(a);
                        list.appendChild(li);
                    });
                    list.hidden = data.suggestions.length === 0;
                })
                .catch(function () { list.hidden = true; });
        }, 150);

        input.addEventListener("input", function () {
            var text = input.value.trim();
            if (text === last) { return; }
            last = text;
            if (text.length < 2) { list.hidden = true; return; }
            fetchSuggestions(text);
        });
        input.addEventListener("keydown", function (e) {
            if (e.key === "Escape") { list.hidden = true; }
        });
        document.addEventListener("click", function (e) {
            if (!list.contains(e.target) && e.target !== input) { list.hidden = true; }
        });
    }

    function setUpNearMe(form) {
        var button = form.querySelector("[data-locate]");
        if (!button) { return; }
        if (!navigator.geolocation) { button.hidden = true; return; }
        button.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (pos) {
                form.querySelector("[data-lat]").value = pos.coords.latitude.toFixed(5);
                form.querySelector("[data-lon]").value = pos.coords.longitude.toFixed(5);
                form.querySelector("[name=near]").value = "";
                form.submit();
            }, function () {
                form.querySelector("[data-locate-error]").hidden = false;
            }, {timeout: 10000, maximumAge: 600000});
        });
        form.querySelector("[name=near]").addEventListener("input", function () {
            form.querySelector("[data-lat]").value = "";
            form.querySelector("[data-lon]").value = "";
        });
    }

    document.querySelectorAll("input[data-suggest-url]").forEach(setUpSuggestions);
    document.querySelectorAll("[data-near-form]").forEach(setUpNearMe);
}());
