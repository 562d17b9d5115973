//! Who is asking: passwords, session and set-up tokens, device cookies, and sign-in
//! throttling.

pub mod device;
pub mod password;
pub mod throttle;
pub mod token;
