//! The Write page's editor (issue 11), used as a child would: every toolbar button and
//! shortcut, each undone with Ctrl+Z; the toolbar by keyboard alone; a picture by the
//! file chooser, written in at the cursor with its description selected; a big photo
//! scaled down in the browser; Your pictures → Insert; a paste from Google Docs; the
//! autosave; text kept in the browser and brought back; and the placeholder caption
//! refused on Publish.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::article::picture_file;
use crate::audit::{Audit, Source};
use crate::class::{Class, set_up_class};
use crate::driver::Browser;
use crate::person::literal;
use crate::quire::Quire;
use crate::screenshots;

/// The toolbar's buttons, in order, as a screen reader names them.
const TOOLS: [&str; 10] = [
    "Bold",
    "Italic",
    "Heading",
    "Bulleted list",
    "Numbered list",
    "Quote",
    "Link",
    "Picture",
    "Video",
    "Source",
];

/// The page type the editor's audit checks.
pub const EDITOR_PAGES: &[&str] = &[
    "Write with the editor",
    "Write: the link dialog",
    "Write: Your pictures",
    "a post written with ## and ### headings",
];

/// What Body holds and what of it is selected.
#[derive(Debug, PartialEq)]
struct Body {
    text: String,
    selected: String,
}

/// The whole journey; `audit` checks the Write page with the editor on it.
pub async fn editor_journey(quire: &Quire, browser: &Browser, audit: &mut Audit) {
    let class = set_up_class(browser, quire, &mut Audit::off()).await;
    sign_in_and_write(browser, &class).await;
    toolbar_is_there(browser).await;
    toolbar_fits_a_phone(browser).await;
    audit
        .page(browser, "Write with the editor", Source::Get, None)
        .await;
    if screenshots::wanted() {
        editor_screenshots(browser).await;
    }
    toolbar_by_keyboard(browser).await;
    every_button_and_shortcut(browser).await;
    browser.set_body("Etna", 0, 4).await;
    browser.tool("Link").await;
    browser.find("//dialog[@open]").await;
    audit
        .page(browser, "Write: the link dialog", Source::Get, None)
        .await;
    browser.press(Key::Escape).await;
    browser.dialog_closed().await;
    paste_from_google_docs(browser).await;
    kept_in_the_browser(browser).await;
    a_picture_at_the_cursor(browser).await;
    a_big_photo_is_scaled_down(browser).await;
    pictures_by_paste_and_drop(browser).await;
    your_pictures_insert(browser, Some(audit)).await;
    a_described_picture_comes_back_with_its_words(browser).await;
    autosave_says_saved_at(browser).await;
    a_lost_session_keeps_the_text(browser, &class).await;
    placeholder_caption_is_refused(browser).await;
    a_post_with_deeper_headings(browser, audit).await;
    browser.sign_out().await;
}

/// A shorter journey for the second database: a picture, a paste and the autosave.
pub async fn editor_journey_short(quire: &Quire, browser: &Browser) {
    let class = set_up_class(browser, quire, &mut Audit::off()).await;
    sign_in_and_write(browser, &class).await;
    paste_from_google_docs(browser).await;
    a_picture_at_the_cursor(browser).await;
    your_pictures_insert(browser, None).await;
    autosave_says_saved_at(browser).await;
    browser.sign_out().await;
}

async fn sign_in_and_write(browser: &Browser, class: &Class) {
    browser
        .sign_in(&class.ana.username, &class.ana.password)
        .await;
    browser.click_link("Write").await;
    browser.fill_by_label("Title", "Volcanoes of Italy").await;
}

impl Browser {
    /// Body's text and selection.
    async fn body(&self) -> Body {
        let found = self
            .run(
                "var b = document.getElementById('body');\
                 return [b.value, b.value.slice(b.selectionStart, b.selectionEnd)];",
            )
            .await;
        Body {
            text: found[0].as_str().unwrap_or_default().to_owned(),
            selected: found[1].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// Puts `text` in Body and selects [start, end), as the child's typing and mouse would.
    async fn set_body(&self, text: &str, start: usize, end: usize) {
        let script = format!(
            "var b = document.getElementById('body'); b.focus(); b.value = {};\
             b.setSelectionRange({start}, {end}); b.dispatchEvent(new Event('input', {{ bubbles: true }}));",
            json!(text)
        );
        self.run(&script).await;
    }

    /// Types `text` with the keyboard where the focus is, over any selection.
    async fn type_here(&self, text: &str) {
        let mut keys = KeyActions::new("typing".to_owned());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client
            .perform_actions(keys)
            .await
            .expect("the keys are typed");
    }

    /// Presses `key` while holding Control (Ctrl+B, Ctrl+Z, …).
    async fn ctrl(&self, key: char) {
        let control: char = Key::Control.into();
        let keys = KeyActions::new("chord".to_owned())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: control });
        self.client
            .perform_actions(keys)
            .await
            .expect("the keys are pressed");
    }

    /// Presses the toolbar button named `name`.
    async fn tool(&self, name: &str) {
        self.find(&format!(
            "//*[@role='toolbar']//button[normalize-space(.)={}]",
            literal(name)
        ))
        .await
        .click()
        .await
        .expect("the button is pressed");
    }

    /// Waits (at most `seconds`) until `check` holds for Body, and returns it.
    async fn body_when(&self, what: &str, seconds: u64, check: impl Fn(&Body) -> bool) -> Body {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let body = self.body().await;
            if check(&body) {
                return body;
            }
            if Instant::now() > deadline {
                panic!("{what}: Body never got there: {body:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits (at most `seconds`) for the text at `xpath` to contain `part`.
    async fn text_when(&self, xpath: &str, part: &str, seconds: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let text = self
                .run(&format!(
                    "var e = document.evaluate({}, document, null, 9, null).singleNodeValue;\
                     return e ? e.textContent : '';",
                    json!(xpath)
                ))
                .await;
            let text = text.as_str().unwrap_or_default().to_owned();
            if text.contains(part) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("{part:?} never showed at {xpath}; it says {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Fills the editor dialog's field labelled `label`.
    async fn fill_dialog(&self, label: &str, text: &str) {
        let field = self
            .find(&format!(
                "//dialog[@open]//input[@id=//dialog[@open]//label[normalize-space(.)={}]/@for]",
                literal(label)
            ))
            .await;
        field.clear().await.expect("the field clears");
        field.send_keys(text).await.expect("typing works");
    }

    /// Presses the dialog's Insert.
    async fn insert_from_dialog(&self) {
        self.find("//dialog[@open]//button[normalize-space(.)='Insert']")
            .await
            .click()
            .await
            .expect("Insert is pressed");
        self.dialog_closed().await;
    }

    /// Waits until the dialog has gone (and given Body its selection back).
    async fn dialog_closed(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.has("//dialog").await {
            assert!(Instant::now() < deadline, "the dialog stays open");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Ten real buttons with their names and shortcuts, in a toolbar with one Tab stop,
/// every one at least 44 px square for a finger, and Body's word count beneath.
async fn toolbar_is_there(browser: &Browser) {
    let found = browser
        .run(
            "var t = document.querySelector('[role=toolbar]');\
             return Array.from(t.querySelectorAll('button')).map(function (b) {\
               var r = b.getBoundingClientRect();\
               return { name: b.textContent, type: b.type, title: b.title, tab: b.tabIndex,\
                        w: r.width, h: r.height };\
             });",
        )
        .await;
    let found = found.as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = found.iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(names, TOOLS, "the toolbar's buttons");
    for (name, shortcut) in [("Bold", "Ctrl+B"), ("Italic", "Ctrl+I"), ("Link", "Ctrl+K")] {
        let button = found.iter().find(|b| b["name"] == name);
        let title = button.and_then(|b| b["title"].as_str()).unwrap_or_default();
        assert!(
            title.contains(shortcut),
            "the tooltip {title:?} shows {shortcut}"
        );
    }
    for button in &found {
        assert_eq!(button["type"], "button", "{button}");
        assert!(!button["title"].as_str().unwrap_or_default().is_empty());
        assert!(
            button["w"].as_f64().unwrap_or(0.0) >= 44.0
                && button["h"].as_f64().unwrap_or(0.0) >= 44.0,
            "a 44 px target: {button}"
        );
    }
    let tab_stops = found.iter().filter(|b| b["tab"] == 0).count();
    assert_eq!(tab_stops, 1, "one Tab stop for the whole toolbar");
    browser.set_body("Etna erupts often.", 18, 18).await;
    let count = browser.text_at("//*[@id='body-count']").await;
    assert_eq!(count, "3 words · about 1 minute to read");
}

/// On a phone (320 and 360 px) the toolbar is two even rows of symbols, each at least
/// 44 px square, with nothing sideways to scroll; the buttons keep their words as
/// their names. Where Body is wide (a tablet) the words show.
async fn toolbar_fits_a_phone(browser: &Browser) {
    let measure = "var t = document.querySelector('[role=toolbar]');\
         var bs = Array.from(t.querySelectorAll('button'));\
         return { rows: new Set(bs.map(function (b) { return Math.round(b.getBoundingClientRect().top); })).size,\
                  scrolls: t.scrollWidth > t.clientWidth || document.documentElement.scrollWidth > innerWidth,\
                  small: bs.filter(function (b) { var r = b.getBoundingClientRect(); return r.width < 44 || r.height < 44; }).length,\
                  words: bs.filter(function (b) { return b.querySelector('.tool-word').getBoundingClientRect().width > 1; }).length,\
                  symbols: bs.filter(function (b) { return getComputedStyle(b, '::before').content !== 'none'; }).length,\
                  names: bs.map(function (b) { return b.textContent; }) };";
    for width in [320, 360] {
        browser.resize(width, 740).await;
        let found = browser.run(measure).await;
        assert_eq!(found["rows"], 2, "two rows at {width} px: {found}");
        assert_eq!(found["scrolls"], false, "nothing to scroll at {width} px");
        assert_eq!(found["small"], 0, "44 px targets at {width} px: {found}");
        assert_eq!(found["words"], 0, "symbols, not words, at {width} px");
        assert_eq!(
            found["symbols"], 10,
            "a symbol on every button at {width} px"
        );
        assert_eq!(found["names"], json!(TOOLS), "the names stay the words");
        if screenshots::wanted() {
            browser
                .run(
                    "document.querySelector('[role=toolbar]').scrollIntoView({ block: 'center' });",
                )
                .await;
            let png = browser.client.screenshot().await.expect("a screenshot");
            let review = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
            std::fs::create_dir_all(&review).expect("a review folder");
            std::fs::write(review.join(format!("editor-toolbar-{width}.png")), png).expect("saved");
        }
    }
    // A tablet, or a laptop's Body without the live preview beside it: the words.
    browser.resize(800, 800).await;
    let found = browser.run(measure).await;
    assert_eq!(
        found["words"], 10,
        "the words show where Body is wide: {found}"
    );
    assert_eq!(found["small"], 0, "44 px targets: {found}");
    // A laptop, with the live preview beside Body: the words, in two rows.
    browser.resize(1280, 800).await;
    let found = browser.run(measure).await;
    assert_eq!(found["words"], 10, "the words show on a laptop: {found}");
    assert_eq!(found["rows"], 2, "in two rows: {found}");
}

/// Tab reaches the toolbar once; the arrows, Home and End move along it; Enter presses.
async fn toolbar_by_keyboard(browser: &Browser) {
    browser.set_body("Lava is hot.", 8, 11).await;
    browser
        .run("document.getElementById('labels').focus();")
        .await;
    let first = browser
        .tab_until("the toolbar", 3, |f| f["tag"] == "button")
        .await;
    assert!(
        TOOLS.contains(&first["text"].as_str().unwrap_or_default()),
        "Tab lands on the toolbar: {first}"
    );
    let mut moves = vec![
        (Key::Home, "Bold"),
        (Key::Right, "Italic"),
        (Key::Right, "Heading"),
        (Key::End, "Source"),
        (Key::Right, "Bold"),
        (Key::Left, "Source"),
        (Key::Home, "Bold"),
        (Key::Right, "Italic"),
    ];
    for (key, expected) in moves.drain(..) {
        browser.press(key).await;
        assert_eq!(browser.focused().await["text"], expected, "after {key:?}");
    }
    browser.press(Key::Tab).await;
    assert_eq!(
        browser.focused().await["id"],
        "body",
        "the next Tab leaves the toolbar for Body"
    );
    // Back with Shift+Tab lands where the child left the toolbar: on Italic.
    let shift: char = Key::Shift.into();
    let tab: char = Key::Tab.into();
    browser
        .client
        .perform_actions(
            KeyActions::new("back".to_owned())
                .then(KeyAction::Down { value: shift })
                .then(KeyAction::Down { value: tab })
                .then(KeyAction::Up { value: tab })
                .then(KeyAction::Up { value: shift }),
        )
        .await
        .expect("Shift+Tab");
    assert_eq!(browser.focused().await["text"], "Italic");
    browser.press(Key::Enter).await;
    assert_eq!(
        browser.body().await,
        Body {
            text: "Lava is *hot*.".to_owned(),
            selected: "hot".to_owned(),
        },
        "Enter on Italic makes the selected word slanted"
    );
    assert_eq!(
        browser.focused().await["id"],
        "body",
        "and the focus is back in Body"
    );
}

/// One button or shortcut: Body before (with its selection), what it should become, and
/// that one Ctrl+Z brings the text back.
struct Case {
    what: &'static str,
    text: &'static str,
    selection: (usize, usize),
    act: Act,
    becomes: &'static str,
    selected: &'static str,
}

enum Act {
    Button(&'static str),
    Shortcut(char),
    /// A button or shortcut that asks in the dialog: (field label, answer) pairs.
    Dialog(Box<Act>, &'static [(&'static str, &'static str)]),
}

async fn every_button_and_shortcut(browser: &Browser) {
    let cases = [
        Case {
            what: "Bold around the selection",
            text: "Etna is very tall.",
            selection: (8, 12),
            act: Act::Button("Bold"),
            becomes: "Etna is **very** tall.",
            selected: "very",
        },
        Case {
            what: "Ctrl+B with nothing selected",
            text: "Etna ",
            selection: (5, 5),
            act: Act::Shortcut('b'),
            becomes: "Etna **bold words**",
            selected: "bold words",
        },
        Case {
            what: "Italic",
            text: "It is magma.",
            selection: (6, 11),
            act: Act::Button("Italic"),
            becomes: "It is *magma*.",
            selected: "magma",
        },
        Case {
            what: "Ctrl+I",
            text: "It is magma.",
            selection: (6, 11),
            act: Act::Shortcut('i'),
            becomes: "It is *magma*.",
            selected: "magma",
        },
        Case {
            what: "Heading",
            text: "Intro\n\nFamous eruptions\n\nText",
            selection: (10, 10),
            act: Act::Button("Heading"),
            becomes: "Intro\n\n# Famous eruptions\n\nText",
            selected: "",
        },
        Case {
            what: "Heading on an empty line",
            text: "Intro\n\n",
            selection: (7, 7),
            act: Act::Button("Heading"),
            becomes: "Intro\n\n# Heading",
            selected: "Heading",
        },
        Case {
            what: "Link",
            text: "Read about Etna here.",
            selection: (11, 15),
            act: Act::Dialog(
                Box::new(Act::Button("Link")),
                &[("Web address", "en.wikipedia.org/wiki/Mount_Etna")],
            ),
            becomes: "Read about [Etna](https://en.wikipedia.org/wiki/Mount_Etna) here.",
            selected: "Etna",
        },
        Case {
            what: "Ctrl+K",
            text: "See Vesuvius.",
            selection: (4, 12),
            act: Act::Dialog(
                Box::new(Act::Shortcut('k')),
                &[("Web address", "https://example.org/vesuvius")],
            ),
            becomes: "See [Vesuvius](https://example.org/vesuvius).",
            selected: "Vesuvius",
        },
        Case {
            what: "Bulleted list",
            text: "Etna\nVesuvius\nStromboli",
            selection: (0, 23),
            act: Act::Button("Bulleted list"),
            becomes: "- Etna\n- Vesuvius\n- Stromboli",
            selected: "",
        },
        Case {
            what: "Numbered list",
            text: "Heat\nMelt\nErupt",
            selection: (2, 12),
            act: Act::Button("Numbered list"),
            becomes: "1. Heat\n2. Melt\n3. Erupt",
            selected: "",
        },
        Case {
            what: "Quote",
            text: "She said:\nThe mountain is alive.",
            selection: (12, 12),
            act: Act::Button("Quote"),
            becomes: "She said:\n> The mountain is alive.",
            selected: "",
        },
        Case {
            what: "Video",
            text: "Watch this:",
            selection: (11, 11),
            act: Act::Dialog(
                Box::new(Act::Button("Video")),
                &[
                    (
                        "Video address",
                        "https://www.youtube.com/watch?v=lAmqsMQG3RM",
                    ),
                    ("Video title", "How volcanoes erupt"),
                ],
            ),
            becomes: "Watch this:\n\n[How volcanoes erupt](https://www.youtube.com/watch?v=lAmqsMQG3RM)\n",
            selected: "",
        },
        Case {
            what: "Source",
            text: "Etna erupts every year.\n\nIt is tall.",
            selection: (22, 22),
            act: Act::Button("Source"),
            becomes: "Etna erupts every year[^1].\n\nIt is tall.\n\n[^1]: ",
            selected: "",
        },
        Case {
            what: "a second Source",
            text: "Etna[^1] and Vesuvius.\n\n[^1]: Smithsonian.",
            selection: (21, 21),
            act: Act::Button("Source"),
            becomes: "Etna[^1] and Vesuvius[^2].\n\n[^1]: Smithsonian.\n[^2]: ",
            selected: "",
        },
    ];
    for case in cases {
        browser
            .set_body(case.text, case.selection.0, case.selection.1)
            .await;
        act(browser, &case.act).await;
        let after = browser.body().await;
        assert_eq!(after.text, case.becomes, "{}", case.what);
        assert_eq!(
            after.selected, case.selected,
            "{}: the selection",
            case.what
        );
        browser.ctrl('z').await;
        assert_eq!(
            browser.body().await.text,
            case.text,
            "{}: Ctrl+Z undoes it",
            case.what
        );
    }
    // The Source button leaves the cursor on the new bibliography line, ready to type.
    browser.set_body("Etna is tall.", 12, 12).await;
    browser.tool("Source").await;
    browser.type_here("Smithsonian, 2024.").await;
    assert_eq!(
        browser.body().await.text,
        "Etna is tall[^1].\n\n[^1]: Smithsonian, 2024."
    );
    // Cancel leaves everything as it was.
    browser.set_body("Etna", 0, 4).await;
    browser.tool("Link").await;
    browser
        .find("//dialog[@open]//button[normalize-space(.)='Cancel']")
        .await
        .click()
        .await
        .expect("Cancel");
    browser.dialog_closed().await;
    assert_eq!(browser.body().await.text, "Etna");
}

async fn act(browser: &Browser, act: &Act) {
    match act {
        Act::Button(name) => browser.tool(name).await,
        Act::Shortcut(key) => browser.ctrl(*key).await,
        Act::Dialog(open, answers) => {
            Box::pin(self::act(browser, open)).await;
            browser.find("//dialog[@open]").await;
            for (label, answer) in answers.iter() {
                browser.fill_dialog(label, answer).await;
            }
            browser.insert_from_dialog().await;
        }
    }
}

/// The hidden file field behind the Picture button.
async fn choose_picture(browser: &Browser, path: &std::path::Path) {
    browser.choose_file("Picture", path).await;
}

/// Picture: the file goes up in the background and its line appears where the cursor
/// was, on a line of its own, with "Describe the picture" selected to type over.
async fn a_picture_at_the_cursor(browser: &Browser) {
    let before = "Etna is in Sicily.\n\nIt erupts often.";
    browser.set_body(before, 18, 18).await;
    let picture = picture_file();
    let started = Instant::now();
    choose_picture(browser, picture.path()).await;
    let body = browser
        .body_when("the picture is written in", 30, |b| {
            b.text.contains("](/media/")
        })
        .await;
    eprintln!(
        "a picture from choosing the file to its line in Body: {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(body.selected, "Describe the picture");
    let (head, rest) = body.text.split_at(18);
    assert_eq!(head, "Etna is in Sicily.");
    assert!(
        rest.starts_with("\n\n![Describe the picture](/media/")
            && rest.ends_with(")\n\nIt erupts often."),
        "the picture is on a line of its own at the cursor: {rest:?}"
    );
    browser.type_here("Etna smoking at dawn").await;
    let body = browser.body().await;
    assert!(
        body.text.contains("\n\n![Etna smoking at dawn](/media/"),
        "the description replaced the placeholder: {:?}",
        body.text
    );
    assert!(
        browser
            .text_at("//*[@id='editor-status']")
            .await
            .contains("Picture added"),
        "the status line says so"
    );
    // The plain form's picture field is left empty, so Save never sends the file again.
    let value = browser
        .run("return document.getElementById('image').value;")
        .await;
    assert_eq!(value, "");
}

/// A 14 MB photo, wider than 2,560 px, is scaled down and re-encoded in the browser
/// before it goes up, then described and published.
async fn a_big_photo_is_scaled_down(browser: &Browser) {
    let file = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("a temporary file");
    // Noise compresses badly, like a phone's detailed photo: a file of several MB.
    let mut seed = 7u32;
    let photo = image::RgbImage::from_fn(3000, 2000, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut out = std::io::BufWriter::new(std::fs::File::create(file.path()).expect("the photo"));
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&photo)
        .expect("the photo is encoded");
    drop(out);
    let size = std::fs::metadata(file.path()).map(|m| m.len()).unwrap_or(0);
    browser.set_body("A big photo:", 12, 12).await;
    // What the page sends is noted on the way out, to be measured.
    browser
        .run(
            "var send = XMLHttpRequest.prototype.send;\
             XMLHttpRequest.prototype.send = function (data) {\
               if (data instanceof FormData) window.sentPicture = data.get('image');\
               return send.apply(this, arguments);\
             };",
        )
        .await;
    let started = Instant::now();
    choose_picture(browser, file.path()).await;
    let body = browser
        .body_when("the big photo is written in", 60, |b| {
            b.text.contains("](/media/")
        })
        .await;
    let script = "var done = arguments[arguments.length - 1]; var f = window.sentPicture;\
         createImageBitmap(f).then(function (b) { done([f.type, f.size, b.width, b.height]); },\
                                   function (e) { done(String(e)); });";
    let sent = browser
        .client
        .execute_async(script, vec![])
        .await
        .expect("what went up");
    eprintln!(
        "a {size}-byte photo of 3000 × 2000 went up as {sent}, in Body after {} ms",
        started.elapsed().as_millis()
    );
    assert!(
        size > 10 * 1024 * 1024,
        "the photo is over the limit: {size}"
    );
    assert_eq!(sent[0], "image/jpeg", "re-encoded as JPEG");
    assert!(
        sent[1].as_u64().unwrap_or(u64::MAX) <= 10 * 1024 * 1024,
        "under the limit: {sent}"
    );
    assert_eq!(
        (&sent[2], &sent[3]),
        (&json!(2560), &json!(1707)),
        "2,560 px wide"
    );
    assert!(body.selected == "Describe the picture");
    // Described and published, the scaled photo shows on the post.
    browser.type_here("Lava at night").await;
    browser.fill_by_label("Title", "A big photo").await;
    browser.click_button("Publish").await;
    if browser.heading().await != "A big photo" {
        let why = browser
            .run("return document.querySelector('main').innerText;")
            .await;
        panic!("not published: {why}");
    }
    let shown = browser
        .run("var i = document.querySelector('figure img[alt=\"Lava at night\"]'); return i ? i.src : null;")
        .await;
    assert!(
        shown.as_str().is_some_and(|src| src.contains("/media/")),
        "the post shows the photo: {shown}"
    );
    browser.click_link("Write").await;
    browser
        .fill_by_label("Title", "Volcanoes of Italy, again")
        .await;
}

/// A picture pasted into Body (a screenshot, say) or dropped onto it goes up and in.
async fn pictures_by_paste_and_drop(browser: &Browser) {
    for (how, event) in [
        (
            "pasted",
            "new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })",
        ),
        (
            "dropped",
            "new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })",
        ),
    ] {
        browser.set_body("Before.\n\nAfter.", 7, 7).await;
        let script = format!(
            "var done = arguments[arguments.length - 1];\
             var canvas = document.createElement('canvas'); canvas.width = 200; canvas.height = 120;\
             var c = canvas.getContext('2d'); c.fillStyle = '#c0392b'; c.fillRect(0, 0, 200, 120);\
             canvas.toBlob(function (blob) {{\
               var data = new DataTransfer();\
               data.items.add(new File([blob], 'screenshot.png', {{ type: 'image/png' }}));\
               var b = document.getElementById('body'); b.focus();\
               b.dispatchEvent({event}); done(true);\
             }}, 'image/png');"
        );
        browser
            .client
            .execute_async(&script, vec![])
            .await
            .expect("the picture is handed over");
        let body = browser
            .body_when(how, 30, |b| b.text.contains("](/media/"))
            .await;
        assert!(
            body.text
                .starts_with("Before.\n\n![Describe the picture](/media/")
                && body.text.ends_with(")\n\nAfter."),
            "a {how} picture goes in at the cursor: {:?}",
            body.text
        );
        assert_eq!(body.selected, "Describe the picture", "{how}");
    }
}

/// Your pictures lists what Ana uploaded; Insert writes one in at the cursor.
async fn your_pictures_insert(browser: &Browser, audit: Option<&mut Audit>) {
    browser.set_body("Two pictures:", 13, 13).await;
    browser
        .find("//details/summary[normalize-space(.)='Your pictures']")
        .await
        .click()
        .await
        .expect("the list opens");
    let insert = browser
        .find("//details[@open]//li//button[normalize-space(.)='Insert']")
        .await;
    let thumbnail = browser
        .run("var i = document.querySelector('details[open] li img'); return i && i.complete && i.naturalWidth > 0;")
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut shown = thumbnail == Value::Bool(true);
    while !shown && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        shown = browser
            .run("var i = document.querySelector('details[open] li img'); return i && i.complete && i.naturalWidth > 0;")
            .await
            == Value::Bool(true);
    }
    assert!(shown, "the thumbnail shows");
    if let Some(audit) = audit {
        audit
            .page(browser, "Write: Your pictures", Source::Get, None)
            .await;
    }
    insert.click().await.expect("Insert is pressed");
    let body = browser
        .body_when("the picture from the list is written in", 10, |b| {
            b.text.contains("](/media/")
        })
        .await;
    assert!(
        body.text.starts_with("Two pictures:\n\n![") && body.text.ends_with(")\n"),
        "the picture is on its own line at the cursor: {:?}",
        body.text
    );
    browser
        .run("document.querySelector('details.your-pictures').open = false;")
        .await;
}

/// The big photo was published as "Lava at night": Your pictures says so, and Insert
/// writes it in with those words, nothing left to retype.
async fn a_described_picture_comes_back_with_its_words(browser: &Browser) {
    browser.set_body("Again:", 6, 6).await;
    browser
        .run("document.querySelector('details.your-pictures').open = true;")
        .await;
    browser
        .find("//details[@open]//li[.//*[normalize-space(.)='Lava at night']]//button[@aria-label='Insert the picture: Lava at night']")
        .await
        .click()
        .await
        .expect("Insert is pressed");
    let body = browser
        .body_when("the described picture is written in", 10, |b| {
            b.text.contains("](/media/")
        })
        .await;
    assert!(
        body.text.starts_with("Again:\n\n![Lava at night](/media/"),
        "inserted with its description: {:?}",
        body.text
    );
    browser
        .run("document.querySelector('details.your-pictures').open = false;")
        .await;
}

/// What Google Docs puts on the clipboard: a `<b>` that is not bold around everything,
/// styled spans, a heading, a list, a link and a bold word.
const DOCS_HTML: &str = r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c"><h2 dir="ltr" style="line-height:1.38;margin-top:18pt;margin-bottom:6pt;"><span style="font-size:16pt;font-family:Arial,sans-serif;color:#000000;font-weight:400;">Famous eruptions</span></h2><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:700;">Krakatoa</span><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:400;"> was heard far away, says </span><a href="https://en.wikipedia.org/wiki/Krakatoa" style="text-decoration:none;"><span style="font-size:11pt;color:#1155cc;text-decoration:underline;">Wikipedia</span></a><span style="font-size:11pt;">.</span></p><ul style="margin-top:0;margin-bottom:0;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;"><p dir="ltr" role="presentation"><span style="font-size:11pt;">Vesuvius</span></p></li><li dir="ltr" style="list-style-type:disc;font-size:11pt;"><p dir="ltr" role="presentation"><span style="font-size:11pt;">Etna</span></p></li></ul></b>"#;

/// A paste from Google Docs arrives as Markdown, at the cursor.
async fn paste_from_google_docs(browser: &Browser) {
    browser.set_body("Start.\n\nEnd.", 6, 6).await;
    let script = format!(
        "var b = document.getElementById('body'); b.focus();\
         var data = new DataTransfer();\
         data.setData('text/html', {});\
         data.setData('text/plain', 'Famous eruptions Krakatoa was heard far away');\
         b.dispatchEvent(new ClipboardEvent('paste', {{ clipboardData: data, bubbles: true, cancelable: true }}));",
        json!(DOCS_HTML)
    );
    browser.run(&script).await;
    let body = browser
        .body_when("the paste is converted", 15, |b| {
            b.text.contains("Vesuvius")
        })
        .await;
    let text = body.text;
    eprintln!("Google Docs' HTML pasted as:\n{text}");
    assert!(text.starts_with("Start.\n\n"), "at the cursor: {text:?}");
    assert!(text.ends_with("\n\nEnd."), "before the rest: {text:?}");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == "Famous eruptions"),
        "the heading stays a heading: {text:?}"
    );
    assert!(
        text.contains("**Krakatoa**") || text.contains("__Krakatoa__"),
        "the bold word stays bold: {text:?}"
    );
    assert!(
        !text.contains("**Famous") && text.matches("**").count() == 2,
        "Docs' not-bold <b> wrapper is not bold: {text:?}"
    );
    assert!(
        text.contains("[Wikipedia](https://en.wikipedia.org/wiki/Krakatoa)"),
        "the link keeps its address: {text:?}"
    );
    for item in ["Vesuvius", "Etna"] {
        assert!(
            lines
                .iter()
                .any(|l| (l.starts_with("- ") || l.starts_with("* ")) && l.ends_with(item)),
            "{item} is a list item: {text:?}"
        );
    }
    assert!(!text.contains("style="), "no styling junk: {text:?}");
}

/// Starts the next part afresh: what the parts before left in the browser's storage
/// would (rightly) be brought back on the next Write page.
async fn forget_kept_text(browser: &Browser) {
    browser.visit("/").await;
    browser.run("localStorage.clear();").await;
}

/// Text typed and never sent is kept in the browser; opening Write again brings it back.
async fn kept_in_the_browser(browser: &Browser) {
    forget_kept_text(browser).await;
    browser.click_link("Write").await;
    let words = "My unsaved words about lava.";
    browser
        .field_by_label("Body")
        .await
        .send_keys(words)
        .await
        .expect("typing");
    // Away before any autosave (every 20 s), as when a Chromebook's battery dies.
    browser.visit("/").await;
    browser.visit("/write").await;
    let status = browser
        .text_when("//*[@id='autosave-status']", "Brought back", 10)
        .await;
    assert!(status.contains("not saved yet"), "{status}");
    assert_eq!(browser.body().await.text, words);
}

/// While the text changes, autosave sends it (every 20 s) and says "Saved at 10:42";
/// a new post becomes that post's edit page.
/// The session ends in the middle of a lesson (its cookie gone, as when it expires): Save
/// draft still keeps the text, and signing in again brings the writer back to it.
async fn a_lost_session_keeps_the_text(browser: &Browser, class: &Class) {
    browser
        .client
        .delete_cookie("quire_session")
        .await
        .expect("the session cookie is removed");
    browser
        .field_by_label("Body")
        .await
        .send_keys(" Written after the bell.")
        .await
        .expect("typing");
    browser.click_button("Save draft").await;
    let path = browser.path().await;
    assert!(path.starts_with("/sign-in"), "asked to sign in: {path}");
    // The server must have kept it: the browser's own copy is forgotten.
    browser.run("localStorage.clear();").await;
    browser.fill_by_label("Username", &class.ana.username).await;
    browser.fill_by_label("Password", &class.ana.password).await;
    browser.click_button("Sign in").await;
    let text = browser.body().await.text;
    assert!(
        text.ends_with("Written after the bell."),
        "the text typed after the session ended is back: {text:?}"
    );
}

async fn autosave_says_saved_at(browser: &Browser) {
    forget_kept_text(browser).await;
    browser.click_link("Write").await;
    browser.fill_by_label("Title", "Saved by itself").await;
    browser
        .field_by_label("Body")
        .await
        .send_keys("Words the server should get without a button.")
        .await
        .expect("typing");
    let status = browser
        .text_when("//*[@id='autosave-status']", "Saved at", 45)
        .await;
    let time = status.trim().trim_start_matches("Saved at").trim();
    assert!(
        time.contains(':') && time.starts_with(|c: char| c.is_ascii_digit()),
        "Saved at a time of day: {status:?}"
    );
    let path = browser.path().await;
    assert!(
        path.starts_with("/posts/") && path.ends_with("/edit"),
        "the new post's own address: {path}"
    );
    // The server has it: opening the edit page again shows the text, and this browser
    // has nothing left to bring back.
    browser.visit(&path).await;
    assert_eq!(
        browser.body().await.text,
        "Words the server should get without a button."
    );
    assert!(!browser.has("//*[contains(@class, 'kept-draft')]").await);
    let kept = browser
        .run("return Object.keys(localStorage).filter(function (k) { return k.indexOf('quire-draft:') === 0; }).length;")
        .await;
    assert_eq!(kept, 0, "nothing left in the browser's storage");
}

/// Publishing a post whose picture still says "Describe the picture" is refused.
async fn placeholder_caption_is_refused(browser: &Browser) {
    browser.click_link("Write").await;
    browser.fill_by_label("Title", "Pictures of Etna").await;
    browser.set_body("Look:", 5, 5).await;
    let picture = picture_file();
    choose_picture(browser, picture.path()).await;
    browser
        .body_when("the picture is written in", 30, |b| {
            b.text.contains("](/media/")
        })
        .await;
    browser.click_button("Publish").await;
    let problem = browser.text_at("//*[@role='alert']").await;
    assert!(
        problem.contains("Picture 1 (/media/")
            && problem.contains("still says \"Describe the picture\""),
        "the refusal names the picture: {problem}"
    );
    assert!(
        browser
            .body()
            .await
            .text
            .contains("![Describe the picture](/media/"),
        "the text is kept"
    );
}

/// A post whose writer numbered headings `##` and `###` (the usual habit) reads h1 (its
/// title), h2, h3, without a skipped level, and passes axe and the Nu checker.
async fn a_post_with_deeper_headings(browser: &Browser, audit: &mut Audit) {
    browser.click_link("Write").await;
    browser.fill_by_label("Title", "Three volcanoes").await;
    browser
        .set_body(
            "Italy has three famous volcanoes.\n\n## In the south\n\n### Etna\n\nOn Sicily.\n\n### Stromboli\n\nAn island.\n\n## Near Naples\n\n### Vesuvius\n\nIt buried Pompeii.",
            0,
            0,
        )
        .await;
    browser.click_button("Publish").await;
    assert_eq!(browser.heading().await, "Three volcanoes");
    let outline = browser
        .run(
            "return Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4'))\
               .map(function (h) { return h.tagName + ' ' + h.textContent.trim(); });",
        )
        .await;
    let outline: Vec<&str> = outline
        .as_array()
        .map(|all| all.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        outline.get(..6).unwrap_or(&outline),
        [
            "H1 Three volcanoes",
            "H2 In the south",
            "H3 Etna",
            "H3 Stromboli",
            "H2 Near Naples",
            "H3 Vesuvius",
        ]
        .as_slice(),
        "the outline never skips a level"
    );
    audit
        .page(
            browser,
            "a post written with ## and ### headings",
            Source::Get,
            None,
        )
        .await;
}

/// The Write page with the toolbar, at desktop and phone sizes, for the README.
async fn editor_screenshots(browser: &Browser) {
    browser
        .set_body(
            "Mount Etna is the tallest active volcano in Europe.[^1]\n\n# What happens inside\n\nDeep under the ground the rock is so hot that it melts into *magma*.\n\n[^1]: Smithsonian Institution, *Global Volcanism Program: Etna*, 2024.",
            0,
            0,
        )
        .await;
    browser
        .text_when("//*[@id='live-preview']", "What happens inside", 10)
        .await;
    screenshots::take_sized(
        browser,
        "editor",
        &[("desktop", 1280, 800), ("phone", 360, 740)],
        "//*[@role='toolbar']",
    )
    .await;
    // The link dialog on a phone, for reviewing the design (not committed).
    browser.resize(360, 740).await;
    browser.set_body("Etna", 0, 4).await;
    browser.tool("Link").await;
    browser.find("//dialog[@open]").await;
    let png = browser.client.screenshot().await.expect("a screenshot");
    let review = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&review).expect("a review folder");
    std::fs::write(review.join("editor-link-dialog-phone.png"), png).expect("saved");
    browser.press(Key::Escape).await;
    browser.dialog_closed().await;
    browser.resize(1280, 800).await;
}
