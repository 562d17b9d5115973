// quire's only script: small enhancements. Every page works without it.
"use strict";

// A video placeholder becomes the privacy-enhanced player in place, only when a
// person presses it. Without this script the link opens quire's own player page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.video-placeholder");
  if (!link) return;
  var match = /^\/embed\/(youtube|vimeo)\/([A-Za-z0-9_-]+)$/.exec(link.getAttribute("href") || "");
  if (!match) return;
  event.preventDefault();
  var src = match[1] === "youtube"
    ? "https://www.youtube-nocookie.com/embed/" + match[2] + "?autoplay=1"
    : "https://player.vimeo.com/video/" + match[2] + "?dnt=1&autoplay=1";
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = link.textContent.replace(/^\s*▶\s*/, "").trim() || "Video";
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.loading = "lazy";
  frame.className = "video-frame";
  link.replaceWith(frame);
  frame.focus();
});

// A live preview beside the editor: the server renders, so it matches the page exactly.
(function () {
  var body = document.getElementById("body");
  var preview = document.getElementById("live-preview");
  if (!body || !preview || !window.fetch) return;
  var timer = null;
  function refresh() {
    var data = new URLSearchParams();
    data.set("body", body.value);
    fetch("/preview", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: data.toString()
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null) preview.innerHTML = html;
    }).catch(function () {});
  }
  preview.hidden = false;
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  refresh();
})();

// The password sheet's Print button; without this script the browser's own Print works.
document.querySelectorAll("button.print-page").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
