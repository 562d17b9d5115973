//! The word lists the seeded class writes from: topics, labels, names, and the forms
//! of titles, sentences, comments and footnotes. Data only (hence its length); `text`
//! puts them together.

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

pub(super) const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Gabriel", "Hana", "Ibrahim", "Julia",
    "Kenji", "Lena", "Mateo", "Nia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tariq", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aiden", "Björn", "Carmen", "Diego",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "López", "Nguyen", "Müller", "Okafor", "Rossi", "Kowalski", "Haddad", "Tanaka", "Silva",
    "Dubois", "Novak", "Ahmed", "Fischer", "Moreau", "Kim", "Costa", "Ivanova", "Ortega", "Berg",
    "Mensah",
];

pub(super) const TITLE_FORMS: &[&str] = &[
    "What I learned about {}",
    "Five facts about {}",
    "Why everyone should care about {}",
    "My project on {}",
    "Questions I still have about {}",
    "A week of studying {}",
    "The surprising truth about {}",
    "How our class explored {}",
];

pub(super) const HEADINGS: &[&str] = &[
    "Where it started",
    "What we found out",
    "The most surprising part",
    "How it works",
    "What I would do next time",
    "Questions for the class",
    "Why it matters",
    "A closer look",
];

pub(super) const SENTENCES: &[&str] = &[
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

pub(super) const FACTS: &[&str] = &[
    "How big",
    "How old",
    "Where to see it",
    "Best book",
    "Fun fact",
    "Hardest word",
];

pub(super) const COMMENT_FORMS: &[&str] = &[
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

pub(super) const FOOTNOTES: &[&str] = &[
    "From the class encyclopedia, volume 3.",
    "Our teacher said this in the lesson on Tuesday.",
    "I found this in a library book, but I forgot to write down the page.",
    "From the museum's information board.",
    "My own measurement, so it might be a little wrong.",
];
