/* The search box's suggestions, as a WAI-ARIA combobox with a listbox popup
   (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/), and "near me".
   No library.

   The field has role=combobox, aria-expanded, aria-controls (the listbox)
   and aria-activedescendant (the option chosen with the arrows; the focus
   stays in the field). Down/Up move through the options (and open the list),
   Enter follows the chosen option (or searches the words when none is
   chosen), Escape closes the list (a second Escape clears the field), and a
   click outside closes it. A polite status says how many suggestions came. */
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
        var kinds = JSON.parse(input.getAttribute("data-suggest-kinds") || "{}");
        var messages = JSON.parse(input.getAttribute("data-suggest-status") || "{}");
        var status = document.getElementById(input.id + "_status");
        var list = document.createElement("ul");
        list.className = "search-suggestions list-unstyled";
        list.id = input.id + "_suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.labels && input.labels[0]
            ? input.labels[0].textContent.trim() : input.getAttribute("placeholder") || "");
        list.hidden = true;
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.parentNode.appendChild(list);
        var last = "";
        var active = -1;

        function options() {
            return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
        }

        function say(text) {
            if (status) { status.textContent = text; }
        }

        function choose(index) {
            var all = options();
            all.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index < 0 || !all[index]) {
                input.removeAttribute("aria-activedescendant");
                return;
            }
            input.setAttribute("aria-activedescendant", all[index].id);
            all[index].scrollIntoView({block: "nearest"});
        }

        function open() {
            if (!options().length) { return; }
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            choose(-1);
        }

        var fetchSuggestions = debounce(function (text) {
            fetch(url + "?q=" + encodeURIComponent(text), {headers: {Accept: "application/json"}})
                .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                .then(function (data) {
                    if (text !== input.value.trim()) { return; }
                    list.textContent = "";
                    active = -1;
                    data.suggestions.forEach(function (s, i) {
                        // The link is the option (a link inside an option
                        // would nest two interactive controls).
                        var li = document.createElement("li");
                        li.setAttribute("role", "none");
                        var a = document.createElement("a");
                        a.setAttribute("role", "option");
                        a.setAttribute("aria-selected", "false");
                        a.id = list.id + "_" + i;
                        a.href = s.url;
                        a.tabIndex = -1;
                        a.textContent = s.label;
                        var small = document.createElement("small");
                        small.className = "text-muted";
                        small.textContent = " " + (kinds[s.kind] || "") + (s.detail ? " · " + s.detail : "");
                        a.appendChild(small);
                        li.appendChild(a);
                        list.appendChild(li);
                    });
                    var count = data.suggestions.length;
                    if (count) {
                        open();
                        say(count === 1 ? messages.one || "" :
                            (messages.many || "").replace("%(count)s", count));
                    } else {
                        close();
                        say(messages.none || "");
                    }
                })
                .catch(function () { close(); });
        }, 150);

        input.addEventListener("input", function () {
            var text = input.value.trim();
            if (text === last) { return; }
            last = text;
            if (text.length < 2) { list.textContent = ""; close(); return; }
            fetchSuggestions(text);
        });
        input.addEventListener("keydown", function (e) {
            var all = options();
            if (e.key === "ArrowDown" || e.key === "Down") {
                if (!all.length) { return; }
                e.preventDefault();
                open();
                choose(active + 1 >= all.length ? 0 : active + 1);
            } else if (e.key === "ArrowUp" || e.key === "Up") {
                if (!all.length) { return; }
                e.preventDefault();
                open();
                choose(active <= 0 ? all.length - 1 : active - 1);
            } else if (e.key === "Enter") {
                if (!list.hidden && active >= 0 && all[active]) {
                    e.preventDefault();
                    window.location.assign(all[active].href);
                }
            } else if (e.key === "Escape" || e.key === "Esc") {
                if (!list.hidden) {
                    e.preventDefault();
                    close();
                } else if (input.value) {
                    e.preventDefault();
                    input.value = "";
                    last = "";
                    list.textContent = "";
                }
            } else if (e.key === "Tab") {
                close();
            }
        });
        list.addEventListener("mousedown", function (e) {
            // Keep the focus in the field while a suggestion is clicked.
            e.preventDefault();
        });
        document.addEventListener("click", function (e) {
            if (!list.contains(e.target) && e.target !== input) { close(); }
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
