// The Write page's editor: a formatting toolbar over Body that writes the Markdown for
// the child, the shortcuts, a small dialog for links and videos, and the word count.
// Without this script the plain form works as before. pictures.js and autosave.js
// build on `window.quireEditor`, set up here.
"use strict";

(function () {
  var body = document.getElementById("body");
  var form = body && body.form;
  if (!form || !form.classList.contains("write-form") || !body.setRangeText) return;

  // ---- Changing the text so that Undo (Ctrl+Z) undoes each change ----

  // Replaces body.value[start, end) with `text`, then selects [selStart, selEnd) of the
  // inserted text. execCommand keeps the change on the browser's undo stack; where it is
  // missing, setRangeText does the change (and tells the live preview about it).
  function replace(start, end, text, selStart, selEnd) {
    body.focus();
    body.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done || body.value.slice(start, start + text.length) !== text) {
      body.setRangeText(text, start, end, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var from = selStart === undefined ? text.length : selStart;
    var to = selEnd === undefined ? from : selEnd;
    body.setSelectionRange(start + from, start + to);
  }

  // Inserts `text` at the selection; `place` (optional) chooses what ends up selected.
  function insert(text, selStart, selEnd) {
    replace(body.selectionStart, body.selectionEnd, text, selStart, selEnd);
  }

  // The blank line(s) needed before `at` and after `end` for a block of its own.
  function blockGap(at, end) {
    var before = body.value.slice(0, at);
    var after = body.value.slice(end);
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var tail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    return [lead, tail];
  }

  // Inserts `text` as a block of its own (a picture, a video) at [start, end), with
  // `select` (a part of text) selected, or the cursor after it. Returns where it ends.
  function insertBlock(text, select, start, end) {
    if (start === undefined) {
      start = body.selectionStart;
      end = body.selectionEnd;
    }
    var gap = blockGap(start, end);
    var whole = gap[0] + text + gap[1];
    var at = select ? gap[0].length + text.indexOf(select) : whole.length;
    replace(start, end, whole, at, select ? at + select.length : at);
    return start + gap[0].length + text.length;
  }

  // Puts `mark` around the selection, or around `placeholder` (selected) when none.
  function wrap(mark, placeholder) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var chosen = body.value.slice(start, end);
    // Spaces the selection caught at its ends stay outside the marks.
    var inner = chosen.trim();
    if (inner === "") {
      replace(start, end, mark + placeholder + mark, mark.length, mark.length + placeholder.length);
      return;
    }
    var lead = chosen.length - chosen.replace(/^\s+/, "").length;
    var text = chosen.slice(0, lead) + mark + inner + mark + chosen.slice(lead + inner.length);
    replace(start, end, text, lead + mark.length, lead + mark.length + inner.length);
  }

  // Starts each line of the selection (or the cursor's line) with prefix(n).
  function prefixLines(prefix, placeholder) {
    var value = body.value;
    var start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    var end = body.selectionEnd;
    if (end > start && value[end - 1] === "\n") end -= 1;
    var next = value.indexOf("\n", end);
    end = next === -1 ? value.length : next;
    var lines = value.slice(start, end).split("\n");
    if (lines.length === 1 && lines[0].trim() === "") {
      var first = prefix(1);
      replace(start, end, first + placeholder, first.length, first.length + placeholder.length);
      return;
    }
    var n = 0;
    var text = lines.map(function (line) {
      if (line.trim() === "") return line;
      n += 1;
      return prefix(n) + line.replace(/^(#+\s*|>\s?|[-*+]\s+|\d+[.)]\s+)/, "");
    }).join("\n");
    replace(start, end, text);
  }

  function heading() {
    var value = body.value;
    var start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    var next = value.indexOf("\n", start);
    var end = next === -1 ? value.length : next;
    var line = value.slice(start, end).replace(/^#+\s*/, "");
    if (line.trim() === "") {
      replace(start, end, "# Heading", 2, 9);
    } else {
      replace(start, end, "# " + line);
    }
  }

  // ---- A small dialog that asks for an address (and a title) ----

  var dialog = null;

  // Asks for each of `fields` ({ label, hint, value, url }) in a modal dialog; calls
  // done(values) on Insert. The selection is kept and the focus comes back to Body.
  function ask(heading, fields, done) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    if (!window.HTMLDialogElement) {
      var values = [];
      for (var f = 0; f < fields.length; f++) {
        var answer = window.prompt(fields[f].label, fields[f].value || "");
        if (answer === null) return;
        values.push(answer);
      }
      body.focus();
      body.setSelectionRange(start, end);
      done(values);
      return;
    }
    if (dialog) dialog.remove();
    dialog = el("dialog", { class: "editor-dialog", "aria-labelledby": "editor-dialog-heading" });
    var box = el("form", { method: "dialog", class: "stack" });
    box.appendChild(el("h2", { id: "editor-dialog-heading" }, heading));
    var inputs = fields.map(function (field, i) {
      var id = "editor-dialog-" + i;
      var wrapper = el("div", { class: "field" });
      wrapper.appendChild(el("label", { for: id }, field.label));
      var attributes = { id: id, type: "text", autocomplete: "off", spellcheck: "false" };
      if (field.url) attributes.inputmode = "url";
      if (field.hint) {
        wrapper.appendChild(el("p", { class: "hint", id: id + "-hint" }, field.hint));
        attributes["aria-describedby"] = id + "-hint";
      }
      var input = el("input", attributes);
      input.value = field.value || "";
      wrapper.appendChild(input);
      box.appendChild(wrapper);
      return input;
    });
    var problem = el("p", { class: "field-error", id: "editor-dialog-error", role: "alert" });
    box.appendChild(problem);
    var buttons = el("div", { class: "buttons" });
    buttons.appendChild(el("button", { type: "submit", value: "insert" }, "Insert"));
    buttons.appendChild(el("button", { type: "submit", value: "cancel", class: "secondary-button" }, "Cancel"));
    box.appendChild(buttons);
    dialog.appendChild(box);
    document.body.appendChild(dialog);
    var result = null;
    box.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.value === "cancel") return;
      var values = inputs.map(function (input) { return input.value.trim(); });
      var missing = inputs.filter(function (input, i) { return values[i] === "" && !fields[i].optional; })[0];
      if (missing) {
        event.preventDefault();
        problem.textContent = "Please fill in " + missing.labels[0].textContent + ".";
        missing.setAttribute("aria-invalid", "true");
        missing.setAttribute("aria-describedby", "editor-dialog-error");
        missing.focus();
        return;
      }
      result = values;
    });
    var shown = dialog;
    shown.addEventListener("close", function () {
      shown.remove();
      if (dialog === shown) dialog = null;
      body.focus();
      body.setSelectionRange(start, end);
      if (result) done(result);
    });
    shown.showModal();
    inputs[0].focus();
  }

  // An address as typed, with https:// added when the child left it out.
  function address(text) {
    text = text.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(text) || /^[/#]/.test(text)) return text;
    return "https://" + text;
  }

  function link() {
    var chosen = body.value.slice(body.selectionStart, body.selectionEnd).trim();
    ask("Add a link", [
      { label: "Web address", hint: "For example: en.wikipedia.org/wiki/Volcano", url: true },
      { label: "Words to show", value: chosen, optional: true }
    ], function (values) {
      var words = values[1] || values[0];
      var text = "[" + words.replace(/[[\]]/g, "") + "](" + address(values[0]).replace(/[ )]/g, encodeURIComponent) + ")";
      insert(text, 1, 1 + words.replace(/[[\]]/g, "").length);
    });
  }

  function video() {
    ask("Add a video", [
      { label: "Video address", hint: "Copy it from YouTube or Vimeo, for example: youtube.com/watch?v=…", url: true },
      { label: "Video title", hint: "Readers see it before they press play." }
    ], function (values) {
      var title = values[1].replace(/[[\]]/g, "");
      insertBlock("[" + title + "](" + address(values[0]).replace(/[ )]/g, encodeURIComponent) + ")");
    });
  }

  // A numbered footnote at the cursor, and its line at the end, where the child types
  // the source. One change, so one Undo takes both away.
  function source() {
    var value = body.value;
    var n = 0;
    value.replace(/\[\^(\d+)\]/g, function (all, number) {
      n = Math.max(n, parseInt(number, 10));
      return all;
    });
    n += 1;
    var start = body.selectionEnd;
    var rest = value.slice(start).replace(/\s+$/, "");
    var before = value.slice(0, start) + "[^" + n + "]" + rest;
    var definitions = /\n\[\^[^\]]+\]:[^\n]*$/.test(before);
    var line = (definitions ? "\n" : "\n\n") + "[^" + n + "]: ";
    var text = "[^" + n + "]" + rest + line;
    replace(start, value.length, text);
  }

  // ---- The toolbar ----

  var editor = {
    body: body,
    form: form,
    insert: insert,
    insertBlock: insertBlock,
    replace: replace,
    // Says something in the editor's status line (a polite live region).
    say: function (message) {
      status.textContent = message;
    },
    el: el
  };

  var buttons = [
    ["Bold", "Ctrl+B", "b", function () { wrap("**", "bold words"); }],
    ["Italic", "Ctrl+I", "i", function () { wrap("*", "slanted words"); }],
    ["Heading", "", "", heading],
    ["Bulleted list", "", "", function () { prefixLines(function () { return "- "; }, "First thing"); }],
    ["Numbered list", "", "", function () { prefixLines(function (n) { return n + ". "; }, "First step"); }],
    ["Quote", "", "", function () { prefixLines(function () { return "> "; }, "Words someone said"); }],
    ["Link", "Ctrl+K", "k", link],
    ["Picture", "", "", function () { if (editor.choosePicture) editor.choosePicture(); }],
    ["Video", "", "", video],
    ["Source", "", "", source]
  ];
  var tips = {
    Heading: "Heading: makes the line a heading",
    "Bulleted list": "Bulleted list: a dot before each line",
    "Numbered list": "Numbered list: 1, 2, 3 before each line",
    Quote: "Quote: words someone said or wrote",
    Picture: "Picture: add a photo from this device where the cursor is",
    Video: "Video: a YouTube or Vimeo video with its title",
    Source: "Source: a numbered note here, with the source written at the end"
  };

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  var toolbar = el("div", {
    role: "toolbar",
    class: "editor-toolbar",
    "aria-label": "Formatting",
    "aria-controls": "body"
  });
  var actions = {};
  buttons.forEach(function (spec, i) {
    var button = el("button", {
      type: "button",
      class: "secondary-button tool-" + spec[0].toLowerCase().replace(/ /g, "-"),
      tabindex: i === 0 ? "0" : "-1",
      title: (tips[spec[0]] || spec[0]) + (spec[1] ? " (" + spec[1] + ")" : "")
    });
    // The words are the button's name; where Body is narrow, editor.css shows a symbol
    // in their place and keeps the words for screen readers.
    button.appendChild(el("span", { class: "tool-word" }, spec[0]));
    if (spec[1]) button.setAttribute("aria-keyshortcuts", spec[1].replace("Ctrl", "Control"));
    button.addEventListener("click", function () {
      spec[3]();
    });
    actions[spec[2]] = spec[3];
    toolbar.appendChild(button);
  });

  // One Tab stop for the whole toolbar; the arrow keys, Home and End move along it.
  toolbar.addEventListener("keydown", function (event) {
    var all = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    var i = all.indexOf(document.activeElement);
    if (i === -1) return;
    var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    to = (to + all.length) % all.length;
    all[i].tabIndex = -1;
    all[to].tabIndex = 0;
    all[to].focus();
  });
  toolbar.addEventListener("focusin", function (event) {
    if (event.target.tagName !== "BUTTON") return;
    toolbar.querySelectorAll("button").forEach(function (button) {
      button.tabIndex = button === event.target ? 0 : -1;
    });
  });

  body.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    var action = actions[event.key.toLowerCase()];
    if (!action || event.key.length !== 1) return;
    event.preventDefault();
    action();
  });

  // The status line (uploads, autosave) and the word count, under Body.
  var status = el("p", { class: "editor-status", id: "editor-status", role: "status", "aria-live": "polite" });
  // The page may already show the count (drawn by the server); the script keeps it current.
  var count = document.getElementById("body-count");
  body.parentNode.insertBefore(toolbar, body);
  // With the buttons there, the Markdown cheat sheet above Body (the page without
  // JavaScript needs it) is four lines a child on a phone scrolls past: say less.
  var hint = document.getElementById("body-hint");
  if (hint) hint.textContent = "Use the buttons below, or type Markdown (see How to write a post).";
  if (!count) {
    count = el("p", { class: "hint editor-count", id: "body-count" });
    body.insertAdjacentElement("afterend", count);
  }
  count.insertAdjacentElement("afterend", status);
  body.closest(".field").classList.add("with-toolbar");

  // Words as a reader counts them: link addresses, picture addresses and marks left out.
  function words(text) {
    var plain = text
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, " $1 ")
      .replace(/\[\^[^\]]*\]:?/g, " ")
      .replace(/https?:\/\/\S+/g, " link ")
      .replace(/[#*_>`|~-]+/g, " ");
    var found = plain.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
    return found ? found.length : 0;
  }
  function updateCount() {
    var n = words(body.value);
    var minutes = Math.max(1, Math.round(n / 200));
    count.textContent = (n === 1 ? "1 word" : n.toLocaleString("en-GB") + " words") +
      " · about " + minutes + (minutes === 1 ? " minute" : " minutes") + " to read";
  }
  body.addEventListener("input", updateCount);
  updateCount();

  window.quireEditor = editor;
})();
