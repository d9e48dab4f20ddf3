/* Runs in the head, before the first paint: marks the page as scripted
   (<html class="js">), so that styles can fold what a script would fold
   later (the filters of a product list on a phone) without the page
   moving once it has been drawn. Without scripts the class stays "no-js"
   and everything stays open. */
document.documentElement.className = document.documentElement.className
    .replace(/\bno-js\b/, "js");
