/* Finder for the directory and the catalogue: filters the server-rendered list in place.
   Without JavaScript the whole list stays readable and the filter form stays hidden. */
(function () {
  "use strict";

  // Same folding as the generator: NFD, drop combining marks, đ -> d, lower case.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  function matchesPrice(value, range) {
    if (!range) return true;
    if (range === "contact") return value === "";
    if (value === "") return false;
    var parts = range.split("-");
    var price = Number(value);
    var low = parts[0] === "" ? 0 : Number(parts[0]);
    var high = parts[1] === "" ? Infinity : Number(parts[1]);
    return price >= low && price < high;
  }

  function setUp(form) {
    var list = document.getElementById(form.getAttribute("data-finder"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var count = form.querySelector("[data-count]");
    var empty = form.parentNode.querySelector("[data-empty]");

    function apply() {
      var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var ok = words.every(function (w) { return (item.dataset.search || "").indexOf(w) !== -1; });
        Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
          var want = select.value;
          if (!ok || !want) return;
          var have = item.dataset[select.name] || "";
          if (select.name === "price") ok = matchesPrice(have, want);
          else if (select.name === "stars") ok = Number(have) >= Number(want);
          else ok = have.split(" ").indexOf(want) !== -1;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = "Đang hiện " + shown + " / " + items.length;
      if (empty) empty.hidden = shown !== 0;
      var params = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value) params.set(el.name, el.value);
      });
      var query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }

    // Restore a shared link's filters (?q=tom+kho&category=dac-san-kho).
    var initial = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && initial.has(el.name)) el.value = initial.get(el.name);
    });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-finder]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
