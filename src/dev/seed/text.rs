//! What the seeded class writes: names, titles, Markdown bodies and comments, made
//! from small word lists by a seeded RNG, so two runs with one seed write the same.

use rand::Rng;
use rand::seq::IndexedRandom;

/// A subject the class writes about.
pub struct Topic {
    /// The label every post on it carries.
    pub label: &'static str,
    /// How a sentence names it: "volcanoes".
    pub subject: &'static str,
    /// Words that come up when writing about it (the search benchmark looks for "volcano").
    pub words: &'static [&'static str],
}

/// Every subject; the first is the one the search benchmark looks for.
pub const TOPICS: &[Topic] = &[
    Topic {
        label: "Volcanoes",
        subject: "volcanoes",
        words: &[
            "volcano",
            "lava",
            "magma",
            "ash cloud",
            "crater",
            "eruption",
            "Etna",
        ],
    },
    Topic {
        label: "Rainforests",
        subject: "the rainforest",
        words: &[
            "canopy",
            "jaguar",
            "orchid",
            "rainfall",
            "understory",
            "sloth",
            "Amazon",
        ],
    },
    Topic {
        label: "Ancient Rome",
        subject: "ancient Rome",
        words: &[
            "aqueduct", "senate", "legion", "forum", "emperor", "mosaic", "Pompeii",
        ],
    },
    Topic {
        label: "Fractions",
        subject: "fractions",
        words: &[
            "numerator",
            "denominator",
            "pizza slice",
            "half",
            "ratio",
            "decimal",
        ],
    },
    Topic {
        label: "Photosynthesis",
        subject: "photosynthesis",
        words: &[
            "chlorophyll",
            "sunlight",
            "leaf",
            "glucose",
            "oxygen",
            "carbon dioxide",
        ],
    },
    Topic {
        label: "Space",
        subject: "the solar system",
        words: &[
            "orbit",
            "comet",
            "Jupiter",
            "telescope",
            "asteroid",
            "gravity",
            "Mars",
        ],
    },
    Topic {
        label: "Oceans",
        subject: "the deep ocean",
        words: &[
            "coral",
            "tide",
            "anglerfish",
            "plankton",
            "trench",
            "whale",
            "current",
        ],
    },
    Topic {
        label: "Poetry",
        subject: "poetry",
        words: &[
            "rhyme", "stanza", "haiku", "metaphor", "rhythm", "verse", "syllable",
        ],
    },
    Topic {
        label: "Recycling",
        subject: "recycling",
        words: &[
            "compost", "plastic", "landfill", "glass", "bin", "paper", "reuse",
        ],
    },
    Topic {
        label: "Electricity",
        subject: "electricity",
        words: &[
            "circuit", "battery", "current", "switch", "bulb", "wire", "magnet",
        ],
    },
    Topic {
        label: "Castles",
        subject: "medieval castles",
        words: &[
            "moat",
            "drawbridge",
            "keep",
            "knight",
            "tower",
            "siege",
            "banner",
        ],
    },
    Topic {
        label: "Weather",
        subject: "the weather",
        words: &[
            "cloud", "thunder", "forecast", "humidity", "rainbow", "storm", "frost",
        ],
    },
];

/// Labels that may join a topic's own, as a class uses them.
pub const EXTRA_LABELS: &[&str] = &[
    "Science",
    "History",
    "Maths",
    "Homework",
    "Project",
    "Field trip",
    "Book report",
    "Group work",
    "Art",
    "Questions",
];

const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Gabriel", "Hana", "Ibrahim", "Julia",
    "Kenji", "Lena", "Mateo", "Nia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tariq", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aiden", "Björn", "Carmen", "Diego",
];

const LAST_NAMES: &[&str] = &[
    "López", "Nguyen", "Müller", "Okafor", "Rossi", "Kowalski", "Haddad", "Tanaka", "Silva",
    "Dubois", "Novak", "Ahmed", "Fischer", "Moreau", "Kim", "Costa", "Ivanova", "Ortega", "Berg",
    "Mensah",
];

const TITLE_FORMS: &[&str] = &[
    "What I learned about {}",
    "Five facts about {}",
    "Why everyone should care about {}",
    "My project on {}",
    "Questions I still have about {}",
    "A week of studying {}",
    "The surprising truth about {}",
    "How our class explored {}",
];

const HEADINGS: &[&str] = &[
    "Where it started",
    "What we found out",
    "The most surprising part",
    "How it works",
    "What I would do next time",
    "Questions for the class",
    "Why it matters",
    "A closer look",
];

const SENTENCES: &[&str] = &[
    "Our group spent the whole lesson reading about {s}, and the {w} was the part nobody expected.",
    "I used to think {s} was boring, but the {w} changed my mind completely.",
    "My grandmother told me a story about a {w}, so I wanted to find out more about {s}.",
    "The book from the library says the {w} is one of the most important ideas in {s}.",
    "We drew a diagram of the {w} on the board and labelled every part of it.",
    "If you look closely at the {w}, you can see why scientists still argue about it.",
    "Nobody in my family knew what a {w} was, so I explained it at dinner.",
    "The video we watched showed a {w} up close, and it was much bigger than I imagined.",
    "I measured everything twice, because the first numbers about the {w} looked wrong.",
    "Our teacher asked us to compare the {w} with something from everyday life.",
    "There are still many things about {s} that nobody understands, which I find exciting.",
    "Writing this post took longer than I planned, because every page about the {w} led to another.",
    "The hardest part was explaining the {w} in my own words instead of copying.",
    "When we visited the museum, the guide spent ten minutes on the {w} alone.",
    "I think the {w} is the best example of how {s} affects people far away.",
    "Some of my classmates disagreed with me about the {w}, and that made the discussion better.",
];

const FACTS: &[&str] = &[
    "How big",
    "How old",
    "Where to see it",
    "Best book",
    "Fun fact",
    "Hardest word",
];

const COMMENT_FORMS: &[&str] = &[
    "Great post! I never knew that about the {w}.",
    "I loved the part about the {w}. Did you find it in a book or online?",
    "This made me want to learn more about {s}.",
    "Your table is really clear, thank you!",
    "I think you are right about the {w}, but my sister says the opposite.",
    "Can you explain the footnote? I did not understand the second one.",
    "We should do a group project about {s} next term.",
    "Wow, I did not expect the {w} to be so important.",
    "Nice work. Maybe add a picture of the {w} next time?",
    "I read this twice. The heading about the {w} is my favourite part.",
    "My cousin visited a place like this and said the {w} was amazing.",
    "Good question at the end! I think the answer has to do with the {w}.",
];

const FOOTNOTES: &[&str] = &[
    "From the class encyclopedia, volume 3.",
    "Our teacher said this in the lesson on Tuesday.",
    "I found this in a library book, but I forgot to write down the page.",
    "From the museum's information board.",
    "My own measurement, so it might be a little wrong.",
];

/// A display name for the `n`th student: first names cycle fastest, so a class of
/// thirty has thirty first names.
pub fn student_name(n: usize) -> String {
    let first = FIRST_NAMES[n % FIRST_NAMES.len()];
    let last = LAST_NAMES[(n / FIRST_NAMES.len() + n * 7) % LAST_NAMES.len()];
    format!("{first} {last}")
}

/// A post title about `topic`.
pub fn title(topic: &Topic, rng: &mut impl Rng) -> String {
    let form = TITLE_FORMS.choose(rng).copied().unwrap_or("About {}");
    form.replace("{}", topic.subject)
}

fn sentence(topic: &Topic, rng: &mut impl Rng) -> String {
    let form = SENTENCES.choose(rng).copied().unwrap_or("{s}.");
    let word = topic.words.choose(rng).copied().unwrap_or("idea");
    let text = form.replace("{s}", topic.subject).replace("{w}", word);
    capitalized(&text)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A Markdown body of about `words` words on `topic` (a sentence more a section at
/// most): three to six sections under headings, one table, a list, and footnotes, as
/// a student's longer post has.
pub fn body(topic: &Topic, words: usize, rng: &mut impl Rng) -> String {
    let sections = (words / 250).clamp(3, 6);
    let per_section = words / sections;
    let mut out = String::with_capacity(words * 7);
    let mut footnotes = 0;
    for section in 0..sections {
        if section > 0 {
            let heading = HEADINGS[(section - 1) % HEADINGS.len()];
            out.push_str(&format!("## {heading}\n\n"));
        }
        let mut written = 0;
        while written < per_section {
            // A paragraph of three to six sentences, cut short where the section is full.
            for index in 0..rng.random_range(3..7) {
                let sentence = sentence(topic, rng);
                written += sentence.split_whitespace().count();
                if index > 0 {
                    out.push(' ');
                }
                out.push_str(&sentence);
                if footnotes < 3 && rng.random_bool(0.05) {
                    footnotes += 1;
                    out.push_str(&format!("[^{footnotes}]"));
                }
                if written >= per_section {
                    break;
                }
            }
            out.push_str("\n\n");
        }
        match section {
            1 => out.push_str(&table(topic, rng)),
            2 => {
                for word in topic.words.iter().take(3) {
                    out.push_str(&format!("- the {word}\n"));
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    if footnotes == 0 {
        // Every body has at least one footnote, so every post exercises them.
        out.push_str("That is all for now.[^1]\n\n");
        footnotes = 1;
    }
    for n in 1..=footnotes {
        let note = FOOTNOTES.choose(rng).copied().unwrap_or("Source.");
        out.push_str(&format!("[^{n}]: {note}\n"));
    }
    out
}

fn table(topic: &Topic, rng: &mut impl Rng) -> String {
    let mut table = String::from("| Question | What we found |\n| --- | --- |\n");
    for fact in FACTS.iter().take(rng.random_range(3..=FACTS.len())) {
        let word = topic.words.choose(rng).copied().unwrap_or("idea");
        table.push_str(&format!("| {fact} | the {word} |\n"));
    }
    table.push('\n');
    table
}

/// A classmate's comment on a post about `topic`: one or two sentences.
pub fn comment(topic: &Topic, rng: &mut impl Rng) -> String {
    let mut text = String::new();
    for index in 0..rng.random_range(1..3) {
        let form = COMMENT_FORMS.choose(rng).copied().unwrap_or("Nice!");
        let word = topic.words.choose(rng).copied().unwrap_or("idea");
        if index > 0 {
            text.push(' ');
        }
        text.push_str(&form.replace("{s}", topic.subject).replace("{w}", word));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn a_body_has_the_words_asked_for_and_the_markdown_a_long_post_has() {
        let mut rng = StdRng::seed_from_u64(7);
        for asked in [300, 600, 1_400] {
            let text = body(&TOPICS[0], asked, &mut rng);
            let words = text.split_whitespace().count();
            assert!(
                (asked..asked + 150).contains(&words),
                "{words} words for {asked}"
            );
        }
        let text = body(&TOPICS[0], 300, &mut rng);
        assert!(text.contains("\n## "));
        assert!(text.contains("| --- | --- |"));
        assert!(text.contains("[^1]: "));
        assert!(text.contains("volcano"));
    }

    #[test]
    fn the_same_seed_writes_the_same_text() {
        let write = || body(&TOPICS[3], 300, &mut StdRng::seed_from_u64(42));
        assert_eq!(write(), write());
    }

    #[test]
    fn thirty_students_have_thirty_different_names() {
        let mut names: Vec<String> = (0..30).map(student_name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 30);
    }
}
