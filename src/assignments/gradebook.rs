//! The teacher's table as CSV, for a school's gradebook: one line per student, fields
//! quoted when they must be, and guarded against formula injection (a spreadsheet runs
//! a cell that starts with `=`, `+`, `-` or `@`; a student could name themselves so).

/// One CSV line (ending in CRLF, as RFC 4180 and spreadsheets expect).
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|field| csv_field(field.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A field as a spreadsheet will read it: text a formula would start with gets a `'`
/// in front, and a field with a comma, quote or line break is quoted.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_stay_as_they_are() {
        assert_eq!(
            csv_line(&["Ana López", "published", "2"]),
            "Ana López,published,2\r\n"
        );
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(csv_field("Okafor, Ben"), "\"Okafor, Ben\"");
        assert_eq!(csv_field("the \"best\""), "\"the \"\"best\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn a_name_a_spreadsheet_would_run_is_prefixed() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("Ana = great"), "Ana = great");
    }
}
