/* Finder for the directory and the catalogue, the print and share buttons of entity pages and
   news posts, and the directory's detailed map, loaded only when asked for.

   Without JavaScript the paginated lists stay readable and the filter form stays hidden. With
   it, a query loads only the index shard it needs (see generator/render/finder.py): the shard
   of a 2-letter word prefix, of a category or commune, or "all", in parts, and shows results
   from the first part at once. Text from the index is put in the page with textContent only. */
(function () {
  "use strict";

  var SHOW = 60;
  var PIN = 24; // px: the detailed map's pins, the smallest touch target WCAG 2.2 allows
  var SPREAD = 400; // pins moved apart when they crowd, up to this many (it costs their square)

  // Same folding as the generator: NFD, drop combining marks, đ -> d, lower case.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d");
  }
  function words(text) {
    return fold(text).match(/[a-z0-9]+/g) || [];
  }
  function vnd(value) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "\u00a0\u20ab";
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function inPriceRange(value, range) {
    if (range === "contact") return value === null;
    if (value === null) return false;
    var parts = range.split("-");
    var low = parts[0] === "" ? 0 : Number(parts[0]);
    var high = parts[1] === "" ? Infinity : Number(parts[1]);
    return value >= low && value < high;
  }

  function Finder(form) {
    this.form = form;
    this.list = document.getElementById(form.getAttribute("data-finder"));
    this.index = form.getAttribute("data-index");
    this.root = form.getAttribute("data-root");
    this.kind = form.getAttribute("data-kind");
    this.count = form.querySelector("[data-count]");
    this.empty = form.parentNode.querySelector("[data-empty]");
    this.pager = form.parentNode.querySelector(".portal-pager");
    this.results = el("ul", this.list.className);
    this.results.id = this.list.id + "-results";
    this.results.setAttribute("data-results", "");
    this.results.hidden = true;
    this.more = el("button", "md-button portal-more", "Xem thêm");
    this.more.type = "button";
    this.more.hidden = true;
    this.list.parentNode.insertBefore(this.results, this.list.nextSibling);
    this.results.parentNode.insertBefore(this.more, this.results.nextSibling);
    this.meta = null;
    this.parts = {};
    this.run = 0;
    this.found = [];
    var self = this;
    this.more.addEventListener("click", function () { self.show(self.shown + SHOW); });
  }

  Finder.prototype.json = function (name) {
    if (!this.parts[name]) {
      this.parts[name] = fetch(this.index + name + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return this.parts[name];
  };

  Finder.prototype.state = function () {
    var state = { words: words(this.form.elements.tim.value), facets: [], stars: 0, price: "" };
    Array.prototype.forEach.call(this.form.querySelectorAll("select"), function (select) {
      if (!select.value) return;
      if (select.name === "stars") state.stars = Number(select.value);
      else if (select.name === "price") state.price = select.value;
      else state.facets.push([select.name, select.value]);
    });
    return state;
  };

  Finder.prototype.shard = function (state) {
    // The smallest shard that holds every possible result.
    var meta = this.meta, best = "all";
    var candidates = state.words.filter(function (w) { return w.length >= 2; })
      .map(function (w) { return "w-" + w.slice(0, 2); })
      .concat(state.facets.map(function (f) { return fold(f[0] + "-" + f[1]); }));
    for (var i = 0; i < candidates.length; i++) {
      var name = candidates[i];
      if (!(name in meta.parts)) return null; // nothing can match
      if (best === "all" || meta.parts[name] < meta.parts[best]) best = name;
    }
    return best;
  };

  Finder.prototype.matches = function (record, state) {
    if (!record._w) record._w = words(record.q);
    var have = record._w;
    for (var i = 0; i < state.words.length; i++) {
      var want = state.words[i], ok = false;
      for (var j = 0; j < have.length && !ok; j++) ok = have[j].lastIndexOf(want, 0) === 0;
      if (!ok) return false;
    }
    for (var k = 0; k < state.facets.length; k++) {
      var values = record[state.facets[k][0]] || [];
      if (values.indexOf(state.facets[k][1]) === -1) return false;
    }
    if (state.stars && !(record.s >= state.stars)) return false;
    if (state.price && !inPriceRange(record.p, state.price)) return false;
    return true;
  };

  Finder.prototype.card = function (r) {
    var li = el("li", "portal-card portal-card--" + (this.kind === "htx" ? "coop" : "product"));
    var a = el("a", "portal-card__link");
    a.href = this.root + r.u;
    var img = el("img");
    img.src = this.root + r.i[0];
    img.width = r.i[1];
    img.height = r.i[2];
    img.alt = "";
    img.loading = "lazy";
    var body = el("span", "portal-card__body");
    if (this.kind === "htx") {
      body.appendChild(el("span", "portal-badge portal-badge--" + r.t.toLowerCase(), r.tl));
      if (r.st !== "hoạt động") body.appendChild(el("span", "portal-badge portal-badge--muted", r.st));
      body.appendChild(el("span", "portal-card__title", r.n));
      body.appendChild(el("span", "portal-card__meta", r.m));
      body.appendChild(el("span", "portal-card__meta", r.f));
    } else {
      body.appendChild(el("span", "portal-card__title", r.n));
      var meta = el("span", "portal-card__meta");
      if (r.p === null) meta.appendChild(el("span", "portal-price portal-price--contact", "Liên hệ"));
      else {
        meta.appendChild(el("span", "portal-price", vnd(r.p)));
        if (r.un) meta.appendChild(el("span", "portal-unit", " / " + r.un));
      }
      body.appendChild(meta);
      if (r.s) {
        var stars = el("span", "portal-stars", new Array(r.s + 1).join("★"));
        stars.setAttribute("role", "img");
        stars.setAttribute("aria-label", "OCOP " + r.s + " sao");
        stars.appendChild(el("span", "portal-stars__text", "OCOP"));
        var line = el("span", "portal-card__meta");
        line.appendChild(stars);
        body.appendChild(line);
      }
      body.appendChild(el("span", "portal-card__seller", r.b));
    }
    a.appendChild(img);
    a.appendChild(body);
    li.appendChild(a);
    return li;
  };

  Finder.prototype.show = function (upTo) {
    for (var i = this.shown; i < Math.min(upTo, this.found.length); i++) {
      this.results.appendChild(this.card(this.found[i]));
    }
    this.shown = Math.max(this.shown, Math.min(upTo, this.found.length));
    this.more.hidden = this.shown >= this.found.length;
  };

  Finder.prototype.report = function (done) {
    var n = this.found.length;
    if (this.count) this.count.textContent = done ? "Tìm thấy " + n + " kết quả" : "Đang tìm… " + n + " kết quả";
    if (this.empty) this.empty.hidden = !(done && n === 0);
  };

  Finder.prototype.apply = function () {
    var self = this, state = this.state(), run = ++this.run;
    this.remember();
    var active = state.words.length || state.facets.length || state.stars || state.price;
    this.list.hidden = !!active;
    if (this.pager) this.pager.hidden = !!active;
    this.results.hidden = !active;
    this.results.textContent = "";
    this.found = [];
    this.shown = 0;
    this.more.hidden = true;
    if (!active) {
      if (this.kind === "htx") mapView(state);
      if (this.count) this.count.textContent = "";
      if (this.empty) this.empty.hidden = true;
      return;
    }
    this.report(false);
    if (this.kind === "htx") mapView(state);
    var meta = this.meta ? Promise.resolve(this.meta) : this.json("meta");
    meta.then(function (m) {
      self.meta = m;
      var shard = self.shard(state);
      if (shard === null) return self.report(true);
      var parts = m.parts[shard], seen = {};
      function next(number) {
        if (run !== self.run) return null;
        if (number >= parts) return self.report(true);
        return self.json(shard + "-" + number).then(function (records) {
          if (run !== self.run) return null;
          records.forEach(function (r) {
            if (!seen[r.u] && self.matches(r, state)) { seen[r.u] = true; self.found.push(r); }
          });
          self.show(Math.max(SHOW, self.shown));
          self.report(false);
          return next(number + 1);
        });
      }
      return next(0);
    }).catch(function () {
      if (self.count) self.count.textContent = "Không tải được dữ liệu tìm kiếm. Hãy thử lại hoặc xem danh sách bên dưới.";
      self.list.hidden = false;
      self.results.hidden = true;
    });
  };

  Finder.prototype.remember = function () {
    // The current query goes in the address, so a filtered view can be shared as a link. The text
    // is "tim", not "q": Material opens its own site search for ?q=.
    var params = new URLSearchParams();
    Array.prototype.forEach.call(this.form.elements, function (field) {
      if (field.name && field.value) params.set(field.name, field.value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  };

  Finder.prototype.fillOptions = function () {
    // Long choice lists (communes) are not in every list page: they come from options.json.
    var selects = this.form.querySelectorAll("select[data-options]");
    if (!selects.length) return Promise.resolve();
    return this.json("options").then(function (options) {
      Array.prototype.forEach.call(selects, function (select) {
        (options[select.name] || []).forEach(function (pair) {
          var option = el("option", "", pair[1]);
          option.value = pair[0];
          select.appendChild(option);
        });
      });
    });
  };

  function setUp(form) {
    var finder = new Finder(form);
    var apply = function () { finder.apply(); };
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    function restore() {
      // A shared link's query (?tim=…&commune=…) is put back once every choice exists.
      var initial = new URLSearchParams(location.search);
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && initial.has(field.name)) field.value = initial.get(field.name);
      });
      if (location.search) apply();
    }
    finder.fillOptions().then(restore, restore);
  }

  // --- the commune's view of the overview map: points of other communes step aside -------------

  function mapView(state) {
    var commune = "";
    state.facets.forEach(function (f) { if (f[0] === "commune") commune = f[1]; });
    Array.prototype.forEach.call(document.querySelectorAll(".portal-map__svg a[data-commune]"), function (a) {
      var out = commune !== "" && a.getAttribute("data-commune").split(" ").indexOf(commune) === -1;
      a.classList.toggle("portal-map--out", out);
    });
  }

  // --- sharing: the phone's share sheet, or the address copied ----------------------------------

  function say(status, text) {
    if (!status) return;
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50); // read out again on a second click
  }

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copyAddress(url, status) {
    var done = function () { say(status, "Đã chép địa chỉ " + url + ". Hãy dán vào Zalo, Messenger hoặc tin nhắn để gửi."); };
    var failed = function () { say(status, "Không chép được tự động. Hãy chép địa chỉ: " + url); };
    var fallback = function () { if (copyByHand(url)) done(); else failed(); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, fallback);
    else fallback();
  }

  function setUpShare(button) {
    var box = button.closest(".portal-share");
    var status = box ? box.querySelector("[data-share-status]") : null;
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-share-url"), title = button.getAttribute("data-share-title");
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function (error) {
          if (!error || error.name !== "AbortError") copyAddress(url, status); // AbortError: the reader closed the sheet
        });
      } else {
        copyAddress(url, status);
      }
    });
  }

  // --- the detailed map: Leaflet and the tiles only after the click -----------------------------

  function load(tag, url) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      if (tag === "link") { node.rel = "stylesheet"; node.href = url; } else { node.src = url; }
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function escapeHtml(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML.replace(/"/g, "&quot;");
  }

  function drawMap(box, canvas, points) {
    var L = window.L, root = box.getAttribute("data-root");
    var credit = escapeHtml(box.getAttribute("data-attribution"));
    var creditUrl = box.getAttribute("data-attribution-url");
    if (creditUrl) credit = '<a href="' + escapeHtml(creditUrl) + '">' + credit + "</a>";
    var map = L.map(canvas, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: Number(box.getAttribute("data-max-zoom")) || 18,
      attribution: credit
    }).addTo(map);
    var bounds = [], markers = [];
    points.forEach(function (p) {
      var link = el("a", "portal-map__pin");
      link.href = root + p.u;
      link.style.background = p.c;
      link.title = p.n;
      link.setAttribute("aria-label", p.n);
      var icon = L.divIcon({ html: link, className: "portal-map__marker", iconSize: [PIN, PIN] });
      markers.push(L.marker([p.la, p.lo], { icon: icon, keyboard: false }).addTo(map));
      bounds.push([p.la, p.lo]);
    });
    if (markers.length <= SPREAD) {
      map.on("zoomend", function () { spreadPins(map, markers); });
    }
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    if (markers.length <= SPREAD) spreadPins(map, markers);
    return points.length;
  }

  // Pins closer than a finger's width are moved apart on a small spiral at each zoom, in name
  // order, as the generator does on the overview map, so that each one can be tapped.
  function spreadPins(map, markers) {
    var placed = [], gap = PIN + 2;
    markers.forEach(function (marker) {
      var at = map.latLngToLayerPoint(marker.getLatLng()), x = at.x, y = at.y;
      for (var step = 0; step < 60; step++) {
        var free = placed.every(function (q) { return (x - q[0]) * (x - q[0]) + (y - q[1]) * (y - q[1]) >= gap * gap; });
        if (free) break;
        var angle = step * 2.4, distance = gap * (1 + step / 6);
        x = at.x + distance * Math.cos(angle);
        y = at.y + distance * Math.sin(angle);
      }
      placed.push([x, y]);
      var icon = marker.getElement();
      if (!icon) return; // not drawn yet: the first zoomend comes before the map adds its layers
      icon.style.marginLeft = (x - at.x - PIN / 2) + "px";
      icon.style.marginTop = (y - at.y - PIN / 2) + "px";
    });
  }

  function setUpMap(box) {
    var button = box.querySelector("[data-map-open]");
    var canvas = box.querySelector("[data-map-canvas]");
    var status = box.querySelector("[data-map-status]");
    var loaded = null;
    box.hidden = false;
    button.addEventListener("click", function () {
      if (loaded) {
        var open = canvas.hidden;
        canvas.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Ẩn bản đồ chi tiết" : "Xem bản đồ chi tiết";
        return;
      }
      var vendor = box.getAttribute("data-vendor");
      button.disabled = true;
      status.textContent = "Đang tải bản đồ chi tiết…";
      var points = fetch(box.getAttribute("data-points")).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      var parts = [points, load("link", vendor + "leaflet.css"), load("script", vendor + "leaflet.js")];
      loaded = Promise.all(parts).then(function (done) {
        canvas.hidden = false;
        var count = drawMap(box, canvas, done[0]);
        button.disabled = false;
        button.setAttribute("aria-expanded", "true");
        button.textContent = "Ẩn bản đồ chi tiết";
        status.textContent = "Đã mở bản đồ chi tiết với " + count + " HTX, tổ hợp tác. Dùng phím mũi tên để di chuyển bản đồ, phím + và − để phóng to, thu nhỏ.";
      }, function () {
        loaded = null;
        button.disabled = false;
        status.textContent = "Không tải được bản đồ chi tiết. Hãy kiểm tra kết nối rồi bấm lại.";
      });
    });
  }

  // A short list filtered in the page (the communes): rows whose folded text holds every word typed.
  function setUpListFilter(form) {
    var rows = document.querySelectorAll(form.getAttribute("data-list-filter") + " [data-search]");
    var input = form.querySelector("[data-list-query]");
    var count = form.querySelector("[data-list-count]");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", function () {
      var typed = words(input.value), shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var text = " " + row.getAttribute("data-search") + " ";
        var match = typed.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = typed.length ? shown + " trên " + rows.length + " xã" : "";
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-finder]"), setUp);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-list-filter]"), setUpListFilter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), setUpShare);
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), setUpMap);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
