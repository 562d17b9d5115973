//! Command line and environment: every flag, its variable and its default, in one place.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use url::Url;

/// quire: a self-hosted class blog. Students write, classmates comment, the teacher moderates.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about = None)]
pub struct Cli {
    /// Where the data lives: a SQLite file (created on first start) or a postgres:// URL.
    #[arg(
        long,
        env = "QUIRE_DATABASE_URL",
        default_value = "sqlite://quire.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,

    /// How the server listens and presents itself.
    #[command(flatten)]
    pub serve: ServeArgs,

    /// What to do; `serve` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// quire's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply database migrations, then exit.
    Migrate,
    /// Print a fresh one-time link for the first teacher's set-up.
    SetupLink,
    /// Write a backup of the whole class blog (settings, accounts, posts, comments,
    /// pictures) to FILE, while quire keeps serving.
    Backup {
        /// The archive to write (a zip).
        file: std::path::PathBuf,
    },
    /// Write the public blog as static pages into DIR (new or empty), for the school's
    /// archive: they open from the folder, with no server.
    ExportSite {
        /// The folder to write (made if missing; must be empty).
        dir: std::path::PathBuf,
    },
    /// Load a backup into an empty database (SQLite or Postgres), in one transaction.
    Restore {
        /// The archive `quire backup` wrote.
        file: std::path::PathBuf,
        /// Wipe a database that already holds a class blog and load the backup in its place.
        #[arg(long)]
        replace: bool,
    },
    /// Import a class blog from Blogger ("Back up content") or WordPress (Tools → Export),
    /// in one transaction; importing the same file again adds nothing.
    Import {
        /// Which service wrote the file.
        source: ImportSource,
        /// The export file (XML).
        file: std::path::PathBuf,
    },
    /// Manage accounts from the shell, for a teacher who is locked out.
    #[command(subcommand)]
    User(UserCommand),
    /// Tools for developing and benchmarking quire; not for a school's real database.
    #[command(subcommand)]
    Dev(DevCommand),
}

/// The blog services `quire import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportSource {
    /// Blogger's "Back up content" file (Atom).
    Blogger,
    /// WordPress's export (WXR).
    Wordpress,
}

/// How the server listens and presents itself.
#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "QUIRE_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub bind: SocketAddr,

    /// The public address of the site, used in links and feeds (https:// makes cookies Secure).
    /// Defaults to http:// and the bind address.
    #[arg(long, env = "QUIRE_BASE_URL", global = true)]
    pub base_url: Option<Url>,

    /// Take the client address from the last X-Forwarded-For entry (set this only behind
    /// a reverse proxy that adds it); used for sign-in throttling.
    #[arg(
        long,
        env = "QUIRE_TRUST_PROXY",
        default_value_t = false,
        global = true
    )]
    pub trust_proxy: bool,

    /// Memory for pages kept for readers who are not signed in, in megabytes (0: none).
    #[arg(long, env = "QUIRE_PAGE_CACHE_MB", default_value_t = 16, global = true)]
    pub page_cache_mb: u64,

    /// Seconds a client has to send a request's headers in full, counted from when the
    /// connection is ready for the request (a new one, or a kept-alive one after its
    /// last answer); slower ones are closed.
    #[arg(
        long,
        env = "QUIRE_HEADER_TIMEOUT",
        default_value = "10",
        value_parser = seconds,
        global = true
    )]
    pub header_timeout: Duration,

    /// Seconds a connection may go without a byte read or written while no request is
    /// being answered (a kept-alive connection, a stalled download) before it is closed.
    #[arg(
        long,
        env = "QUIRE_IDLE_TIMEOUT",
        default_value = "10",
        value_parser = seconds,
        global = true
    )]
    pub idle_timeout: Duration,

    /// Most connections open at once; lowered at start-up to fit the limit on open files.
    #[arg(
        long,
        env = "QUIRE_MAX_CONNECTIONS",
        default_value_t = 4096,
        global = true
    )]
    pub max_connections: usize,

    /// Most connections open at once from one client address (an IPv6 /64 counts as
    /// one): generous, since a whole school may share one address.
    #[arg(
        long,
        env = "QUIRE_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 512,
        global = true
    )]
    pub max_connections_per_address: usize,

    /// Memory that pictures being processed may take together, in megabytes; a picture
    /// that needs more on its own is refused, and uploads wait for each other.
    #[arg(
        long,
        env = "QUIRE_PICTURE_MEMORY_MB",
        default_value_t = crate::media::DEFAULT_MEMORY_BUDGET_MB,
        global = true
    )]
    pub picture_memory_mb: u64,
}

/// Parses a number of seconds, fractions allowed (`0.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            base_url: None,
            trust_proxy: false,
            page_cache_mb: 16,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(10),
            max_connections: 4096,
            max_connections_per_address: 512,
            picture_memory_mb: crate::media::DEFAULT_MEMORY_BUDGET_MB,
        }
    }
}

/// `quire user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account and print its generated password.
    Add {
        /// The person's name, as the class knows them.
        display_name: String,
        /// Make the account a teacher's (default: a student's).
        #[arg(long)]
        teacher: bool,
    },
    /// List every account.
    List,
    /// Give an account a new generated password, print it, and sign it out everywhere.
    ResetPassword {
        /// The account's username.
        username: String,
    },
    /// Stop an account from signing in (its posts and comments stay).
    Deactivate {
        /// The account's username.
        username: String,
    },
    /// Let a deactivated account sign in again.
    Activate {
        /// The account's username.
        username: String,
    },
}

/// `quire dev …`
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Fill an empty database with a realistic class: a teacher, students (all with one
    /// printed password), posts, labels and threaded comments. The same numbers and
    /// seed write the same class.
    Seed {
        /// Student accounts (a teacher is added).
        #[arg(long, default_value_t = 30)]
        students: usize,
        /// Posts, published over the past two years (about 3 % stay drafts).
        #[arg(long, default_value_t = 2_000)]
        posts: usize,
        /// Comments, at least 308: "The seven comments post" gets 7 approved and 1
        /// waiting, "The three hundred comments post" 300; the rest are spread out.
        #[arg(long, default_value_t = 20_000)]
        comments: usize,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        rng_seed: u64,
    },
    /// Add student accounts that are already signed in, and write their session
    /// tokens to a file, one a line (for load-testing comment posting past the
    /// per-account rate limit).
    Commenters {
        /// How many accounts.
        #[arg(long)]
        count: usize,
        /// Where to write the tokens.
        #[arg(long)]
        tokens: std::path::PathBuf,
    },
    /// Print how the database runs the statements behind every page view and comment,
    /// for a post of a seeded database (SQLite: EXPLAIN QUERY PLAN; Postgres: EXPLAIN
    /// ANALYZE, which runs each read).
    Explain {
        /// The post the page statements are explained for.
        #[arg(long, default_value = "the-seven-comments-post")]
        slug: String,
        /// The word searched for.
        #[arg(long, default_value = "volcano")]
        word: String,
    },
    /// Serve files' bytes from memory, each at `/` and its name (the first at every
    /// other path), through a bare axum handler, without a database: the benchmark's
    /// ceiling.
    ServeFile {
        /// The files; each one's extension gives its content type (`.html`).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

/// What the running server needs to know about itself.
#[derive(Clone)]
pub struct Settings {
    /// The public address, without a trailing slash.
    pub base_url: Url,
    /// Whether cookies get the Secure flag.
    pub secure_cookies: bool,
    /// Whether X-Forwarded-For is believed.
    pub trust_proxy: bool,
    /// Bytes of rendered pages kept for readers who are not signed in.
    pub page_cache_bytes: u64,
    /// How long a request's headers may take, from when the connection is ready for it.
    pub header_timeout: Duration,
    /// How long a connection may sit with nothing moving and no request being answered.
    pub idle_timeout: Duration,
    /// Most connections open at once (before fitting the limit on open files).
    pub max_connections: usize,
    /// Most connections open at once from one client address.
    pub max_connections_per_address: usize,
    /// Megabytes that pictures being processed may take together.
    pub picture_memory_mb: u64,
}

impl Settings {
    /// Derives the settings from the serve flags.
    pub fn from_args(args: &ServeArgs) -> Result<Settings, url::ParseError> {
        let base_url = match &args.base_url {
            Some(url) => url.clone(),
            None => Url::parse(&format!("http://{}", args.bind))?,
        };
        Ok(Settings {
            secure_cookies: base_url.scheme() == "https",
            base_url,
            trust_proxy: args.trust_proxy,
            page_cache_bytes: args.page_cache_mb.saturating_mul(1024 * 1024),
            header_timeout: args.header_timeout,
            idle_timeout: args.idle_timeout,
            max_connections: args.max_connections,
            max_connections_per_address: args.max_connections_per_address,
            picture_memory_mb: args.picture_memory_mb,
        })
    }

    /// An absolute URL for a site path such as `/setup/abc`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url.as_str().trim_end_matches('/'), path)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url.as_str())
            .field("secure_cookies", &self.secure_cookies)
            .field("trust_proxy", &self.trust_proxy)
            .field("page_cache_bytes", &self.page_cache_bytes)
            .field("header_timeout", &self.header_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .field(
                "max_connections_per_address",
                &self.max_connections_per_address,
            )
            .field("picture_memory_mb", &self.picture_memory_mb)
            .finish()
    }
}
