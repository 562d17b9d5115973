//! What the seeded class writes: names, titles, Markdown bodies and comments, made
//! from the word lists in `words` by a seeded RNG, so two runs with one seed write the
//! same.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::words::{
    COMMENT_FORMS, FACTS, FIRST_NAMES, FOOTNOTES, HEADINGS, LAST_NAMES, SENTENCES, TITLE_FORMS,
    Topic,
};

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
    use crate::dev::seed::words::TOPICS;
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
