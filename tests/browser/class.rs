//! The start of every story: the teacher opens the set-up link, makes an account and
//! adds three students, reading their usernames and passwords off the printed sheet.

use crate::audit::{Audit, Source};
use crate::driver::Browser;
use crate::quire::Quire;

/// Someone who can sign in.
#[derive(Clone, Debug)]
pub struct Person {
    /// As the class knows them.
    pub name: String,
    /// What they type to sign in.
    pub username: String,
    /// Their password.
    pub password: String,
}

/// The teacher and three students.
pub struct Class {
    /// Ms Rivera.
    pub teacher: Person,
    /// Ana writes; Ben and Chloé comment.
    pub ana: Person,
    /// The first commenter.
    pub ben: Person,
    /// The second commenter, who replies to Ben.
    pub chloe: Person,
}

/// Sets quire up as the teacher would, ending signed out on the home page.
pub async fn set_up_class(browser: &Browser, quire: &Quire, audit: &mut Audit) -> Class {
    let link = quire.setup_link().await;
    browser
        .client
        .goto(&link)
        .await
        .expect("the set-up link opens");
    assert_eq!(browser.heading().await, "Set up quire");
    let teacher = Person {
        name: "Ms Rivera".to_owned(),
        username: "ms.rivera".to_owned(),
        password: "lava-lamp-orbit-1987".to_owned(),
    };
    browser.fill_by_label("Your name", &teacher.name).await;
    browser.fill_by_label("Username", &teacher.username).await;
    browser.fill_by_label("Password", &teacher.password).await;
    browser
        .fill_by_label("Password again", &teacher.password)
        .await;
    browser.click_button("Create account").await;
    assert_eq!(browser.path().await, "/class");

    browser
        .fill_by_label("Names", "Ana López\nBen Okafor\nChloé Martin")
        .await;
    browser.click_button("Add students").await;
    let mut students = read_printed_sheet(browser).await;
    assert_eq!(students.len(), 3, "three students on the sheet");
    audit
        .page(browser, "Class: passwords to print", Source::Get, None)
        .await;
    browser.click_link("Back to the class").await;
    assert!(browser.main_text().await.contains("Students (3)"));
    audit
        .page(browser, "Class", Source::Get, Some("class"))
        .await;

    browser.sign_out().await;
    let chloe = students.pop().expect("three students");
    let ben = students.pop().expect("three students");
    let ana = students.pop().expect("three students");
    Class {
        teacher,
        ana,
        ben,
        chloe,
    }
}

/// The rows of the page quire shows once, with each new student's password.
async fn read_printed_sheet(browser: &Browser) -> Vec<Person> {
    browser
        .find("//table[.//th[normalize-space(.)='Password']]")
        .await;
    let mut people = Vec::new();
    for row in browser.find_all("//table//tbody/tr").await {
        let cells = row
            .find_all(fantoccini::Locator::XPath("./td"))
            .await
            .expect("the row's cells");
        let mut texts = Vec::new();
        for cell in cells {
            texts.push(cell.text().await.expect("a cell's text"));
        }
        let [name, username, password] = texts.as_slice() else {
            panic!("a row of the sheet has {} cells", texts.len());
        };
        people.push(Person {
            name: name.clone(),
            username: username.clone(),
            password: password.clone(),
        });
    }
    people
}
