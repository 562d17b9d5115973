//! Many rows in one `insert`: a statement written once for one row, for both backends,
//! made into a batch. Each row costs a statement (on Postgres, a round trip) otherwise.

use sqlx::AssertSqlSafe;

/// `insert … values (…)` for one row made into `rows` rows, its placeholders renumbered:
/// row `n`'s `$k` becomes `$(k + n × w)`, where `w` is the tuple's highest placeholder
/// (a placeholder used twice in the tuple is bound once a row).
pub(crate) fn batched(one_row: &str, rows: usize) -> AssertSqlSafe<String> {
    let start = one_row
        .find(" values (")
        .map_or(0, |at| at + " values ".len());
    let end = one_row[start..]
        .find(')')
        .map_or(one_row.len(), |at| start + at + 1);
    let pieces = placeholders(&one_row[start..end]);
    let width = pieces.iter().filter_map(|(_, n)| *n).max().unwrap_or(0);
    let mut sql = String::with_capacity(one_row.len() + rows * (end - start + 2));
    sql.push_str(&one_row[..start]);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        for (text, number) in &pieces {
            sql.push_str(text);
            if let Some(number) = number {
                sql.push_str(&(number + row * width).to_string());
            }
        }
    }
    sql.push_str(&one_row[end..]);
    AssertSqlSafe(sql)
}

/// The tuple cut after each `$`: the text up to and with it, and the number that follows.
fn placeholders(tuple: &str) -> Vec<(&str, Option<usize>)> {
    let mut pieces = Vec::new();
    let mut rest = tuple;
    while let Some(at) = rest.find('$') {
        let digits = rest[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - at - 1);
        pieces.push((&rest[..=at], rest[at + 1..at + 1 + digits].parse().ok()));
        rest = &rest[at + 1 + digits..];
    }
    pieces.push((rest, None));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_row_insert_becomes_a_batch_with_renumbered_placeholders() {
        let sql = batched(
            "insert into t (a, b, c) values ($1, 'x', $2) returning id",
            3,
        );
        assert_eq!(
            sql.0,
            "insert into t (a, b, c) values ($1, 'x', $2), ($3, 'x', $4), ($5, 'x', $6) returning id"
        );
        let reused = batched("insert into t (a, b, c) values ($1, $2, $2)", 2);
        assert_eq!(
            reused.0,
            "insert into t (a, b, c) values ($1, $2, $2), ($3, $4, $4)"
        );
        let one = "insert into t (a) values ($1)";
        assert_eq!(batched(one, 1).0, one);
    }
}
