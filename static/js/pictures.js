// Pictures where the cursor is: the toolbar's Picture button, a picture dropped onto or
// pasted into Body, each uploaded in the background (scaled down first when it is too
// big) and written into the post at the cursor; "Your pictures" lists earlier uploads.
// Also: text pasted from a word processor arrives as Markdown.
"use strict";

(function () {
  var editor = window.quireEditor;
  var input = document.getElementById("image");
  if (!editor || !input || !window.FormData || !window.fetch) return;
  var body = editor.body;
  var el = editor.el;
  var PLACEHOLDER = "Describe the picture";
  // The server's limit, and the largest side a picture needs on any screen.
  var LIMIT = 10 * 1024 * 1024;
  var LARGEST_SIDE = 2560;

  // The plain upload form is not needed: the Picture button uses its file field.
  var fieldset = input.closest("fieldset");
  if (fieldset && !fieldset.querySelector(".has-error, .notice")) fieldset.hidden = true;
  input.multiple = true;

  // Where the picture goes: the cursor when Picture was pressed, or, if the child has
  // typed since, wherever the cursor is now.
  function spot() {
    return { start: body.selectionStart, end: body.selectionEnd, text: body.value };
  }
  function placeOf(remembered) {
    if (remembered && remembered.text === body.value) return remembered;
    return spot();
  }

  var chosenAt = null;
  editor.choosePicture = function () {
    chosenAt = spot();
    input.click();
  };
  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files || []);
    // Emptied, so the form's own Save and Publish never send the file a second time.
    input.value = "";
    addPictures(files, chosenAt || spot());
    chosenAt = null;
  });

  // ---- Scaling down in the browser ----

  function toJpeg(canvas, quality) {
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, "image/jpeg", quality);
    });
  }

  // The file as it is, or scaled to LARGEST_SIDE and re-encoded as JPEG when it is over
  // the limit or larger than that. A picture the browser cannot read goes as it is.
  function prepare(file) {
    if (!window.createImageBitmap || file.type === "image/gif" && file.size <= LIMIT) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var width = bitmap.width;
      var height = bitmap.height;
      if (file.size <= LIMIT && Math.max(width, height) <= LARGEST_SIDE) {
        bitmap.close();
        return file;
      }
      var scale = Math.min(1, LARGEST_SIDE / Math.max(width, height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return toJpeg(canvas, 0.85).then(function (blob) {
        return blob && blob.size > LIMIT ? toJpeg(canvas, 0.6) : blob;
      }).then(function (blob) {
        if (!blob) return file;
        var name = (file.name || "picture").replace(/\.[^.]*$/, "") + ".jpg";
        return new File([blob], name, { type: "image/jpeg" });
      });
    }, function () {
      return file;
    });
  }

  // ---- Uploading, with a progress bar ----

  var progress = el("div", { class: "upload-progress", hidden: "" });
  var progressLabel = el("label", { for: "upload-progress-bar" });
  var bar = el("progress", { id: "upload-progress-bar", max: "100", value: "0" });
  progress.appendChild(progressLabel);
  progress.appendChild(bar);
  body.parentNode.insertBefore(progress, body);

  // The server's reason, as JSON `{ "error": … }` or text, or a plain one of ours.
  function reason(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (/json/.test(type)) {
      try {
        var answer = JSON.parse(xhr.responseText);
        if (answer && (answer.error || answer.message)) return answer.error || answer.message;
      } catch (e) { /* below */ }
    }
    if (/text\/plain/.test(type) && xhr.responseText.length < 300) return xhr.responseText;
    if (xhr.status === 413) return "This picture is too big. Take the photo again as JPEG, or use a screenshot.";
    if (xhr.status === 0) return "The picture could not be sent. Check the connection and try again.";
    return "The picture could not be uploaded (the server said " + xhr.status + "). Try another picture.";
  }

  function upload(file) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      data.append("image", file, file.name || "picture.jpg");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/media");
      xhr.setRequestHeader("Accept", "application/json");
      progressLabel.textContent = "Uploading " + (file.name || "your picture");
      bar.value = 0;
      progress.hidden = false;
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) bar.value = Math.round(100 * event.loaded / event.total);
      };
      xhr.onload = function () {
        var answer = null;
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            answer = JSON.parse(xhr.responseText);
          } catch (e) {
            answer = null;
          }
        }
        if (answer && answer.url) {
          resolve(answer);
        } else if (xhr.status >= 200 && xhr.status < 300) {
          reject(new Error("The picture could not be uploaded: are you still signed in? Open the page again in a new tab to check."));
        } else {
          reject(new Error(reason(xhr)));
        }
      };
      xhr.onerror = function () {
        reject(new Error(reason(xhr)));
      };
      xhr.send(data);
    });
  }

  // Uploads `files` one after the other, each written in at `place` (then after the last).
  function addPictures(files, place) {
    files = files.filter(function (file) { return /^image\//.test(file.type) || /\.(hei[cf]|jpe?g|png|gif|webp)$/i.test(file.name); });
    if (!files.length) return;
    var next = Promise.resolve(place);
    files.forEach(function (file) {
      next = next.then(function (where) {
        editor.say("Getting " + (file.name || "your picture") + " ready…");
        return prepare(file).then(function (ready) {
          if (ready.size > LIMIT) throw new Error("This picture is too big even after making it smaller. Take the photo again as JPEG, or use a screenshot.");
          return upload(ready);
        }).then(function (answer) {
          var at = placeOf(where);
          var markdown = "![" + PLACEHOLDER + "](" + answer.url + ")";
          var end = editor.insertBlock(markdown, PLACEHOLDER, at.start, at.end);
          editor.say("Picture added. Type what it shows over the words “" + PLACEHOLDER + "”.");
          remember({ url: answer.url, description: "", file_name: file.name || "", thumbnail_url: answer.thumbnail_url || answer.url + "/small" });
          return { start: end, end: end, text: body.value };
        }, function (error) {
          editor.say(error.message);
          return where;
        });
      });
    });
    next.then(function () { progress.hidden = true; });
  }

  // ---- Dropping and pasting ----

  function pictureFiles(list) {
    return Array.prototype.slice.call(list || []).filter(function (file) {
      return /^image\//.test(file.type);
    });
  }

  body.addEventListener("dragover", function (event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  });
  body.addEventListener("drop", function (event) {
    var files = pictureFiles(event.dataTransfer && event.dataTransfer.files);
    if (!files.length) return;
    event.preventDefault();
    addPictures(files, spot());
  });

  function textOf(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  body.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    if (!data) return;
    var html = data.getData("text/html");
    var plain = data.getData("text/plain");
    var files = pictureFiles(data.files);
    if (files.length && (!html || textOf(html).trim() === "")) {
      event.preventDefault();
      addPictures(files, spot());
      return;
    }
    if (!html) return;
    event.preventDefault();
    var at = spot();
    var form = new URLSearchParams();
    form.set("html", html);
    fetch("/write/convert-paste", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/plain" },
      body: form.toString()
    }).then(function (response) {
      var plainText = /text\/plain/.test(response.headers.get("Content-Type") || "");
      if (response.status === 422 && plainText) {
        // Too big or too tangled to convert: the server says why; the words still go in.
        return response.text().then(function (why) {
          editor.say(why);
          throw new Error(why);
        });
      }
      if (!response.ok || !plainText) throw new Error("not converted");
      return response.text();
    }).then(function (markdown) {
      paste(markdown, at);
    }, function () {
      paste(plain, at);
    });
  });

  // Pasted Markdown: several paragraphs go in as a block of their own, a few words inline.
  function paste(markdown, remembered) {
    var at = placeOf(remembered);
    var text = markdown.replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "");
    if (text === "") return;
    if (/\n\n/.test(text) || /^(#|>|[-*+] |\d+[.)] |\||!\[)/m.test(text)) {
      editor.insertBlock(text, "", at.start, at.end);
    } else {
      editor.replace(at.start, at.end, text);
    }
  }

  // ---- Your pictures ----

  var panel = el("details", { class: "your-pictures" });
  panel.appendChild(el("summary", {}, "Your pictures"));
  var intro = el("p", { class: "hint" }, "Every picture you have uploaded. Insert puts one where the cursor is.");
  var list = el("ul", { class: "picture-list plain" });
  panel.appendChild(intro);
  panel.appendChild(list);
  var statusLine = document.getElementById("editor-status");
  statusLine.insertAdjacentElement("afterend", panel);
  var loaded = false;

  function item(picture) {
    var row = el("li");
    var image = el("img", { src: picture.thumbnail_url || picture.url, alt: "", loading: "lazy", width: "96", height: "72" });
    var words = el("span", { class: "picture-description" }, picture.description || (picture.file_name ? picture.file_name + " (not described yet)" : "Not described yet"));
    var button = el("button", {
      type: "button",
      class: "secondary-button",
      "aria-label": "Insert " + (picture.description ? "the picture: " + picture.description : (picture.file_name || "this picture") + " (not described yet)")
    }, "Insert");
    button.addEventListener("click", function () {
      var description = (picture.description || describedHere(picture.url)).replace(/[[\]]/g, "");
      var words = description || PLACEHOLDER;
      body.focus();
      editor.insertBlock("![" + words + "](" + picture.url + ")", description ? "" : PLACEHOLDER);
      editor.say(description ? "Picture added." : "Picture added. Type what it shows over the words “" + PLACEHOLDER + "”.");
    });
    row.appendChild(image);
    row.appendChild(words);
    row.appendChild(button);
    return row;
  }

  // The words a picture was given in the text being written (not saved yet: the list
  // knows only saved posts), or "".
  function describedHere(url) {
    var found = "";
    var marker = "](" + url + ")";
    var at = body.value.indexOf(marker);
    while (at !== -1) {
      var open = body.value.lastIndexOf("![", at);
      var words = open === -1 ? "" : body.value.slice(open + 2, at).trim();
      if (words && words !== PLACEHOLDER && words.indexOf("\n") === -1) found = words;
      at = body.value.indexOf(marker, at + 1);
    }
    return found;
  }

  function remember(picture) {
    if (!loaded) return;
    list.insertBefore(item(picture), list.firstChild);
    intro.textContent = "Every picture you have uploaded. Insert puts one where the cursor is.";
  }

  panel.addEventListener("toggle", function () {
    if (!panel.open || loaded) return;
    intro.textContent = "Finding your pictures…";
    fetch("/media/mine?format=json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (pictures) {
        loaded = true;
        list.textContent = "";
        pictures.forEach(function (picture) { list.appendChild(item(picture)); });
        intro.textContent = pictures.length
          ? "Every picture you have uploaded. Insert puts one where the cursor is."
          : "You have not uploaded a picture yet. Press Picture above Body to add one.";
      }, function () {
        intro.textContent = "Your pictures could not be loaded. Close and open this list to try again.";
      });
  });
})();
