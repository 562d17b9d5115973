//! The archive as links: months with posts, grouped by year (on the home page and `/archive`).

use crate::dates::month_name;
use crate::store::MonthCount;

/// A month in the archive.
pub struct MonthLink {
    /// "December 2014".
    pub name: String,
    /// `/archive/2014/12`.
    pub path: String,
    /// Published posts that month.
    pub posts: i64,
}

/// A year in the archive, newest first.
pub struct ArchiveYear {
    /// "2014".
    pub year: String,
    /// Its months with posts, newest first.
    pub months: Vec<MonthLink>,
}

/// The months with posts, grouped by year, as links.
pub fn archive_years(months: &[MonthCount]) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for month in months {
        let Some((year, number)) = month.month.split_once('-') else {
            continue;
        };
        let link = MonthLink {
            name: month_name(&month.month).unwrap_or_else(|| month.month.clone()),
            path: format!("/archive/{year}/{number}"),
            posts: month.posts,
        };
        match years.last_mut() {
            Some(last) if last.year == year => last.months.push(link),
            _ => years.push(ArchiveYear {
                year: year.to_owned(),
                months: vec![link],
            }),
        }
    }
    years
}
