/* "Tải mã QR để in (PNG)": the QR code drawn inline in the page (an SVG of 1-module strokes,
   see generator/render/media.py) is painted onto a canvas at print resolution and saved as a PNG,
   only when someone asks for it. The site holds no QR image files.

   The strokes are painted from the path's own data (Path2D), not by loading the SVG as an image:
   no blob: or data: image source is needed, so the page's Content-Security-Policy needs nothing
   beyond script-src 'self' for this. Without JavaScript the button stays hidden; the inline code
   still prints sharp at any size (Ctrl + P). */
(function () {
  "use strict";

  var MODULE = 16; // px a module: a 41-module code is 656 px, about 5.5 cm at 300 dpi
  var DARK = "#000000";

  function paint(svg) {
    var size = svg.viewBox.baseVal.width;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = size * MODULE;
    var context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(MODULE, MODULE);
    context.strokeStyle = DARK;
    context.lineWidth = 1; // one module; the strokes run along the middle of each row
    Array.prototype.forEach.call(svg.querySelectorAll("path[d]"), function (path) {
      context.stroke(new Path2D(path.getAttribute("d")));
    });
    return canvas;
  }

  function save(canvas, name) {
    canvas.toBlob(function (blob) {
      if (!blob) return;
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }, "image/png");
  }

  function setUp(button) {
    var box = button.closest("[data-qr-box]");
    var svg = box ? box.querySelector("svg[data-qr]") : null;
    if (!svg || typeof Path2D === "undefined" || !HTMLCanvasElement.prototype.toBlob) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      save(paint(svg), svg.getAttribute("data-qr") + ".png");
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-qr-png]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
