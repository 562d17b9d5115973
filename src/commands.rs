//! What each subcommand does.

use anyhow::{Context, bail};
use tokio::net::TcpListener;

use crate::accounts::{DisplayName, NewPassword, Role, Username};
use crate::auth::password;
use crate::config::{Cli, Command, DevCommand, ImportSource, ServeArgs, Settings, UserCommand};
use crate::db::Db;
use crate::store::{NewUser, Store};
use crate::web::AppState;
use crate::{backup, dev, export, import, server, setup_link};

/// Runs the command the command line asked for.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // The static ceiling must not touch a database: it measures the HTTP stack alone.
    if let Some(Command::Dev(DevCommand::ServeFile { files })) = &cli.command {
        return dev::serve_file(cli.serve.bind, files).await;
    }
    // A restore reads the archive before it opens the database: a file that is not a
    // backup, or one from a newer quire, changes nothing at all.
    let manifest = match &cli.command {
        Some(Command::Restore { file, .. }) => Some(backup::check_archive(file).await?),
        _ => None,
    };
    let store = open_store(&cli.database_url).await?;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(store.clone(), &cli.serve).await,
        Command::Migrate => {
            println!("The database is up to date.");
            Ok(())
        }
        Command::Backup { file } => backup_to(&store, &file).await,
        Command::ExportSite { dir } => export_site(store.clone(), &cli.serve, dir).await,
        Command::Restore { file, replace } => match manifest {
            Some(manifest) => restore_from(&store, &file, manifest, replace).await,
            None => Ok(()),
        },
        Command::Import { source, file } => import_from(&store, source, &file).await,
        Command::SetupLink => print_setup_link(&store, &cli.serve).await,
        Command::User(command) => user(&store, command).await,
        Command::Dev(command) => dev::run(&store, cli.serve.bind, command).await,
    };
    store.db().close().await;
    result
}

/// Connects and applies any pending migrations.
pub async fn open_store(database_url: &str) -> anyhow::Result<Store> {
    let db = Db::connect(database_url)
        .await
        .context("cannot open the database (check --database-url)")?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    let store = Store::new(db);
    // Names stored before migration 0020 get their comparison form (it needs Rust).
    let filled = store
        .fill_name_skeletons()
        .await
        .context("cannot store the names' comparison forms")?;
    if filled > 0 {
        tracing::info!(filled, "names' comparison forms stored");
    }
    Ok(store)
}

async fn serve(store: Store, args: &ServeArgs) -> anyhow::Result<()> {
    let settings = Settings::from_args(args).context("--base-url is not a valid URL")?;
    let listener = TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    tracing::info!(address = %args.bind, base_url = %settings.base_url, "quire is listening");
    if !store.teacher_exists().await? {
        let link = setup_link::create(&store, &settings).await?;
        println!(
            "\nquire is not set up yet. Open this link to create the teacher's account \
             (it works once, for 24 hours):\n\n    {link}\n"
        );
    }
    // Posts saved by an older renderer get the current outline and line breaks.
    crate::posts::rerender::refresh_stored_posts(&store).await?;
    password::warm_up().await;
    let state = AppState::new(store, settings);
    server::serve(listener, state, server::shutdown_signal()).await?;
    Ok(())
}

async fn backup_to(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // Written beside the target and renamed at the end, so a failed backup never
    // leaves a half-written file under the name of a good one.
    let partial = file.with_extension("partial");
    let out = tokio::fs::File::create(&partial)
        .await
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let written = backup::write_backup(store, tokio::io::BufWriter::new(out)).await;
    let (out, summary) = match written {
        Ok(done) => done,
        Err(error) => {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(error.into());
        }
    };
    out.into_inner().sync_all().await?;
    tokio::fs::rename(&partial, file).await?;
    store.record_backup(crate::db::Timestamp::now()).await?;
    println!(
        "Backed up {} rows and {} pictures to {} in {:.1} s.",
        summary.rows,
        summary.pictures,
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn export_site(
    store: Store,
    args: &ServeArgs,
    dir: std::path::PathBuf,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // A copy written over an older one would mix the two years' pages.
    if let Ok(mut entries) = std::fs::read_dir(&dir)
        && entries.next().is_some()
    {
        bail!("{} is not empty: choose a new folder", dir.display());
    }
    let settings = Settings::from_args(args).context("--base-url is not a valid URL")?;
    let site = crate::web::router(AppState::new(store, settings));
    let summary = export::to_folder(&site, &export::Scope::Site, dir.clone()).await?;
    println!(
        "Wrote {} pages and {} pictures and files ({:.1} MB) to {} in {:.1} s. Open {} in a browser.",
        summary.pages,
        summary.files,
        summary.bytes as f64 / 1e6,
        dir.display(),
        started.elapsed().as_secs_f64(),
        dir.join("index.html").display()
    );
    Ok(())
}

async fn restore_from(
    store: &Store,
    file: &std::path::Path,
    manifest: backup::Manifest,
    replace: bool,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let existing = if replace {
        backup::Existing::Replace
    } else {
        backup::Existing::Refuse
    };
    let restored = backup::load(store, file, manifest, existing).await?;
    println!(
        "Restored {} rows from {} in {:.1} s.",
        restored.rows,
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn import_from(
    store: &Store,
    source: ImportSource,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let kind = match source {
        ImportSource::Blogger => import::SourceKind::Blogger,
        ImportSource::Wordpress => import::SourceKind::WordPress,
    };
    let imported = import::import_file(store, kind, file, &import::Fetching::command_line())
        .await
        .with_context(|| {
            format!(
                "{} was not imported, and nothing was changed",
                file.display()
            )
        })?;
    print!("{}", import::report(&imported));
    Ok(())
}

async fn print_setup_link(store: &Store, args: &ServeArgs) -> anyhow::Result<()> {
    if store.teacher_exists().await? {
        bail!(
            "quire is already set up. A teacher who cannot sign in can get a new password \
             with `quire user reset-password USERNAME`."
        );
    }
    let settings = Settings::from_args(args).context("--base-url is not a valid URL")?;
    let link = setup_link::create(store, &settings).await?;
    println!("{link}");
    Ok(())
}

async fn user(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            display_name,
            teacher,
        } => {
            let name = DisplayName::parse(&display_name).map_err(anyhow::Error::msg)?;
            let new_password = NewPassword::generate();
            let hash = password::hash(&new_password).await?;
            let user = store
                .create_user_numbering_username(&NewUser {
                    username: &Username::suggest_for(name.as_str()),
                    display_name: name.as_str(),
                    role: if teacher {
                        Role::Teacher
                    } else {
                        Role::Student
                    },
                    password_hash: &hash,
                })
                .await?;
            println!(
                "username: {}\npassword: {}",
                user.username,
                new_password.expose()
            );
        }
        UserCommand::List => {
            for user in store.all_users().await? {
                let state = if user.active { "" } else { " (deactivated)" };
                println!(
                    "{}\t{}\t{}{state}",
                    user.username, user.role, user.display_name
                );
            }
        }
        UserCommand::ResetPassword { username } => {
            let user = find_user(store, &username).await?;
            let new_password = NewPassword::generate();
            let hash = password::hash(&new_password).await?;
            store.reset_password_hash(user.id, &hash).await?;
            store.clear_sign_in_failures(&user.username).await?;
            println!(
                "username: {}\npassword: {}",
                user.username,
                new_password.expose()
            );
        }
        UserCommand::Deactivate { username } => {
            let user = find_user(store, &username).await?;
            store.set_user_active(user.id, false).await?;
            println!("{} can no longer sign in.", user.username);
        }
        UserCommand::Activate { username } => {
            let user = find_user(store, &username).await?;
            store.set_user_active(user.id, true).await?;
            println!("{} can sign in again.", user.username);
        }
    }
    Ok(())
}

async fn find_user(store: &Store, username: &str) -> anyhow::Result<crate::accounts::User> {
    store
        .user_by_username(username)
        .await?
        .with_context(|| format!("there is no account named {username:?}"))
}
