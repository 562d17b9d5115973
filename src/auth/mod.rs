//! Who is asking: passwords, session and set-up tokens, and sign-in throttling.

pub mod password;
pub mod throttle;
pub mod token;
