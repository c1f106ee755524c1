/* "Tải mã QR để in (PNG)": the page's QR code (a 1-bit PNG of one pixel a module, in the page as
   a data: URI, see generator/render/media.py) is painted onto a canvas at print resolution,
   without smoothing, and saved as a PNG, only when someone asks for it. The site holds no QR
   image files. Without JavaScript the button stays hidden; the code in the page still prints
   sharp at any size (Ctrl + P). */
(function () {
  "use strict";

  var MODULE = 16; // px a module: a 41-module code is 656 px, about 5.5 cm at 300 dpi

  function paint(img) {
    var size = img.naturalWidth;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = size * MODULE;
    var context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
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
    var img = box ? box.querySelector("img[data-qr]") : null;
    if (!img || !HTMLCanvasElement.prototype.toBlob) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var draw = function () { save(paint(img), img.getAttribute("data-qr") + ".png"); };
      if (img.complete && img.naturalWidth) draw();
      else img.addEventListener("load", draw, { once: true });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-qr-png]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
