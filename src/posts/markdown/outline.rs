//! The heading outline: whatever `#` counts a student used, the post's highest heading
//! becomes h2 (the title is the page's h1) and no heading is more than one level below
//! the heading it follows, so the outline never skips a level.

use pulldown_cmark::HeadingLevel;

/// Renumbers headings in the order they come.
///
/// Each heading hangs under the nearest earlier heading written with fewer `#`s, one
/// level below it; with none, it is an h2. `#`, `###`, `##` become h2, h3, h3, and a
/// post of only `###` headings gets h2s. Below h6 everything stays h6.
#[derive(Debug, Default)]
pub(super) struct Outline {
    /// The headings the next one may hang under: (`#`s written, level given), shallowest first.
    open: Vec<(HeadingLevel, usize)>,
    /// The level given to the heading being read, for its end tag.
    current: Option<HeadingLevel>,
}

impl Outline {
    /// The level to give a heading written at `written`.
    pub(super) fn start(&mut self, written: HeadingLevel) -> HeadingLevel {
        while self.open.last().is_some_and(|(w, _)| *w >= written) {
            self.open.pop();
        }
        let level = self.open.last().map_or(2, |(_, given)| given + 1).min(6);
        self.open.push((written, level));
        let given = level_of(level);
        self.current = Some(given);
        given
    }

    /// The level of the heading that ends here (as given at its start).
    pub(super) fn end(&mut self, written: HeadingLevel) -> HeadingLevel {
        self.current.take().unwrap_or(written)
    }
}

fn level_of(number: usize) -> HeadingLevel {
    match number {
        0..=2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeadingLevel::{H1, H2, H3, H4, H5, H6};

    fn given(written: &[HeadingLevel]) -> Vec<HeadingLevel> {
        let mut outline = Outline::default();
        written
            .iter()
            .map(|&level| {
                let start = outline.start(level);
                assert_eq!(outline.end(level), start);
                start
            })
            .collect()
    }

    #[test]
    fn the_highest_heading_becomes_h2_whatever_it_was_written_as() {
        assert_eq!(given(&[H1, H2]), [H2, H3]);
        assert_eq!(given(&[H2, H3, H2]), [H2, H3, H2]);
        assert_eq!(given(&[H3, H3]), [H2, H2]);
    }

    #[test]
    fn deeper_levels_follow_without_gaps() {
        assert_eq!(given(&[H1, H3, H2]), [H2, H3, H3]);
        assert_eq!(given(&[H2, H4, H6, H3]), [H2, H3, H4, H3]);
        assert_eq!(given(&[H4, H1, H6]), [H2, H2, H3]);
    }

    #[test]
    fn no_heading_is_ever_more_than_one_below_the_one_before() {
        let all = [H1, H2, H3, H4, H5, H6];
        // Every sequence of three, in every order.
        for a in all {
            for b in all {
                for c in all {
                    let levels = given(&[a, b, c, H6, H6, H6, H6, H6]);
                    let mut previous = 1;
                    for level in levels {
                        let level = level as usize;
                        assert!(level <= previous + 1 && level >= 2, "{a:?} {b:?} {c:?}");
                        previous = level;
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_goes_below_h6() {
        assert_eq!(given(&[H1, H2, H3, H4, H5, H6]), [H2, H3, H4, H5, H6, H6]);
    }
}
