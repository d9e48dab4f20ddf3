/* Suggests communes of the official list in the artisans' application form
   (vendors/public/join.html), with the browser's own <datalist>. No library.

   The town field names the suggestions' URL in data-commune-suggest-url; the
   answer is {"communes": [{name, insee, departement, postcodes}]}. Without
   this script the field is a plain text input and the server still checks
   the name (and offers a choice when several communes bear it). Choosing a
   commune that has one postcode fills an empty postcode field. */
(function () {
    "use strict";

    var MIN_LENGTH = 2;

    function debounce(fn, ms) {
        var timer;
        return function () {
            var args = arguments;
            clearTimeout(timer);
            timer = setTimeout(function () { fn.apply(null, args); }, ms);
        };
    }

    function setUpPicker(input) {
        var url = input.getAttribute("data-commune-suggest-url");
        var postcode = input.form ? input.form.elements.namedItem("postcode") : null;
        var list = document.createElement("datalist");
        list.id = input.id + "_communes";
        input.parentNode.insertBefore(list, input.nextSibling);
        input.setAttribute("list", list.id);
        var answers = {};
        var shown = [];

        function show(communes) {
            list.textContent = "";
            shown = communes;
            communes.forEach(function (commune) {
                var option = document.createElement("option");
                option.value = commune.name;
                option.label = commune.name + " (" + commune.departement + ")" +
                    (commune.postcodes.length ? " " + commune.postcodes.join(", ") : "");
                list.appendChild(option);
            });
        }

        function fillPostcode(text) {
            // Only when the name is one commune's and the postcode is blank:
            // never overwrite what the applicant typed.
            if (!postcode || postcode.value.trim()) { return; }
            var same = shown.filter(function (c) { return c.name === text; });
            if (same.length === 1 && same[0].postcodes.length === 1) {
                postcode.value = same[0].postcodes[0];
            }
        }

        var fetchCommunes = debounce(function (text) {
            if (answers[text]) { show(answers[text]); return; }
            fetch(url + "?q=" + encodeURIComponent(text), {headers: {Accept: "application/json"}})
                .then(function (r) { return r.ok ? r.json() : {communes: []}; })
                .then(function (data) {
                    answers[text] = data.communes;
                    if (text === input.value.trim()) { show(data.communes); }
                })
                .catch(function () { show([]); });
        }, 200);

        input.addEventListener("input", function () {
            var text = input.value.trim();
            fillPostcode(text);
            if (text.length < MIN_LENGTH) { show([]); return; }
            fetchCommunes(text);
        });
    }

    document.querySelectorAll("input[data-commune-suggest-url]").forEach(setUpPicker);
}());
