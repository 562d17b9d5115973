//! Slugs: the readable part of an address, made from a title or a label name.

/// Longest slug kept; titles can be long, addresses should not be.
const MAX_LENGTH: usize = 80;

/// `"Volcanoes: Earth's Fire!"` becomes `volcanoes-earths-fire`; accents are
/// transliterated (`"Über Vulkane"` → `uber-vulkane`). Empty when nothing is left.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text)
        .to_lowercase()
        .replace(['\'', '’'], "");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if slug.len() > MAX_LENGTH {
        slug.truncate(MAX_LENGTH);
        slug = slug.trim_end_matches('-').to_owned();
    }
    slug
}

/// A post's slug: from its title, or `post` when the title has no letters (only emoji).
pub fn for_post_title(title: &str) -> String {
    let slug = slugify(title);
    if slug.is_empty() {
        "post".to_owned()
    } else {
        slug
    }
}

/// The `n`th alternative when a slug is taken: `volcanoes-2`, `volcanoes-3`…
pub fn numbered(slug: &str, n: u32) -> String {
    format!("{slug}-{n}")
}

/// Whether a path segment could be a slug at all (so junk never reaches a query).
pub fn is_well_formed(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_LENGTH + 8
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_readable_slugs() {
        assert_eq!(slugify("Volcanoes: Earth's Fire!"), "volcanoes-earths-fire");
        assert_eq!(slugify("  Über   Vulkane  "), "uber-vulkane");
        assert_eq!(slugify("Año 2024 — ¿qué pasó?"), "ano-2024-que-paso");
    }

    #[test]
    fn a_title_of_only_emoji_still_gets_a_slug() {
        assert_eq!(slugify("🌋🔥"), "volcano-fire");
        assert_eq!(for_post_title("!!!"), "post");
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary_or_less() {
        let slug = slugify(&"volcano ".repeat(30));
        assert!(slug.len() <= MAX_LENGTH);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn only_well_formed_slugs_are_looked_up() {
        assert!(is_well_formed("volcanoes-2"));
        assert!(!is_well_formed("../etc"));
        assert!(!is_well_formed("Volcanoes"));
        assert!(!is_well_formed(""));
    }
}
