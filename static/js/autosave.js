// Nothing lost: while the text changes, the draft goes to the server every 20 seconds
// (no new revision each time) and stays in this browser's storage until the server has
// it. Opening the post again in this browser brings back text the server never got.
"use strict";

(function () {
  var editor = window.quireEditor;
  var storage = null;
  try {
    storage = window.localStorage;
  } catch (e) {
    storage = null;
  }
  if (!editor || !window.fetch) return;
  var EVERY = 20000;
  var form = editor.form;
  var fields = ["title", "labels", "body"].map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  var writer = form.getAttribute("data-writer") || "someone";
  var match = /^\/posts\/(\d+)\/edit$/.exec(form.getAttribute("action") || "");
  var postId = match ? match[1] : null;

  function values() {
    var out = {};
    fields.forEach(function (field) { out[field.name] = field.value; });
    return out;
  }
  function same(a, b) {
    return fields.every(function (field) { return (a[field.name] || "") === (b[field.name] || ""); });
  }
  function key(id) {
    return "quire-draft:" + writer + ":" + (id || "new");
  }
  function read(id) {
    try {
      return storage ? JSON.parse(storage.getItem(key(id)) || "null") : null;
    } catch (e) {
      return null;
    }
  }
  function write(id, entry) {
    try {
      if (!storage) return;
      if (entry) storage.setItem(key(id), JSON.stringify(entry));
      else storage.removeItem(key(id));
    } catch (e) { /* a full or blocked storage: the server copy still goes */ }
  }
  function clock(ms) {
    return new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  var line = editor.el("p", { class: "autosave-status", id: "autosave-status", role: "status", "aria-live": "polite" });
  document.getElementById("body-count").insertAdjacentElement("afterend", line);
  function say(message) {
    line.textContent = message;
  }

  // What the server had when the page was drawn; what it has been sent since.
  var base = values();
  var sent = base;
  var stopped = false;
  var busy = false;

  // ---- On opening: text this browser kept that the server never confirmed ----

  function restore(entry) {
    fields.forEach(function (field) {
      if (entry.values[field.name] !== undefined) field.value = entry.values[field.name];
    });
    editor.body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  var kept = read(postId);
  // Text sent with Save or Publish an hour ago or more: the server has answered since.
  if (kept && kept.submitted && Date.now() - kept.at > 3600000) {
    write(postId, null);
    kept = null;
  }
  if (postId) {
    var fresh = read(null);
    if (fresh && fresh.submitted && fresh.values && same(fresh.values, base)) write(null, null);
  }
  if (kept && kept.values) {
    if (same(kept.values, base)) {
      write(postId, null);
    } else if (!kept.submitted && same(kept.base || {}, base)) {
      restore(kept);
      say("Brought back what you wrote at " + clock(kept.at) + ", which was not saved yet. It will be saved in a moment.");
    } else {
      var offer = editor.el("p", { class: "notice kept-draft" });
      offer.appendChild(document.createTextNode("This browser kept other text you wrote at " + clock(kept.at) + ". "));
      var button = editor.el("button", { type: "button", class: "secondary-button" }, "Use the text from " + clock(kept.at));
      button.addEventListener("click", function () {
        restore(kept);
        offer.remove();
        say("Brought back what you wrote at " + clock(kept.at) + ".");
        editor.body.focus();
      });
      offer.appendChild(button);
      form.insertBefore(offer, form.firstChild);
    }
  }

  // ---- While writing ----

  function changed() {
    var now = values();
    if (!same(now, sent)) write(postId, { values: now, base: base, at: Date.now() });
  }
  fields.forEach(function (field) { field.addEventListener("input", changed); });

  // The post's last save as the page knows it: sent along, so that the server refuses
  // (409) to overwrite a change made elsewhere; each autosave answers the new one.
  function version() {
    var field = form.querySelector("input[name=version]");
    return field ? field.value : "";
  }
  function setVersion(value) {
    if (value === undefined || value === null) return;
    var field = form.querySelector("input[name=version]");
    if (!field) {
      field = editor.el("input", { type: "hidden", name: "version" });
      form.insertBefore(field, form.firstChild);
    }
    field.value = String(value);
  }

  function send(keepalive) {
    var now = values();
    if (stopped || busy || same(now, sent)) return;
    if (!postId && now.title.trim() === "" && now.body.trim() === "") return;
    busy = true;
    fetch(postId ? "/posts/" + postId + "/autosave" : "/write/autosave", {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: (function () {
        var data = new URLSearchParams(now);
        if (version()) data.set("version", version());
        return data.toString();
      })()
    }).then(function (response) {
      if (response.ok) return response.json();
      var problem = new Error(String(response.status));
      problem.response = response;
      throw problem;
    }).then(function (answer) {
      busy = false;
      if (!postId && answer.id) {
        // From now on this is that post: its own autosave address, and the form's
        // Save and Publish change it instead of making a second one.
        postId = String(answer.id);
        form.setAttribute("action", "/posts/" + postId + "/edit");
        if (window.history && history.replaceState) history.replaceState(null, "", "/posts/" + postId + "/edit");
        write(null, null);
      }
      setVersion(answer.version);
      sent = now;
      base = now;
      if (same(values(), now)) write(postId, null);
      else changed();
      say("Saved at " + (answer.saved_at || clock(Date.now())));
    }).catch(function (problem) {
      busy = false;
      var response = problem.response;
      var status = response ? response.status : -1;
      if (status === 409) stopped = true;
      if (response && response.type === "opaqueredirect") {
        say("Not saved: you are signed out. Your text is kept in this browser. Sign in again (in a new tab) and it will be saved.");
      } else if (response) {
        response.json().then(function (answer) {
          say("Not saved: " + (answer.error || answer.message || "the server said " + status) + (stopped ? "" : " Trying again soon."));
        }, function () {
          say("Not saved yet (the server said " + status + "). Your text is kept in this browser; trying again soon.");
        });
      } else {
        say("Not saved yet: no connection. Your text is kept in this browser; trying again soon.");
      }
    });
  }

  setInterval(send, EVERY);
  // A tab closed or put away sends what it has at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && postId) send(true);
  });
  form.addEventListener("submit", function () {
    stopped = true;
    var entry = read(postId);
    if (entry) {
      entry.submitted = true;
      write(postId, entry);
    }
  });
})();
