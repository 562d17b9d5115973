//! quire itself, served for real on a free port of 127.0.0.1 over a fresh SQLite file
//! or a fresh Postgres schema, as `quire serve` would run it.

use quire::config::{ServeArgs, Settings};
use quire::db::Db;
use quire::store::Store;
use quire::web::AppState;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::postgres_schema::{PgSchema, fresh_schema};

/// A running quire; stopped when dropped, its database removed.
pub struct Quire {
    /// Where it answers, like `http://127.0.0.1:40123`.
    pub base: String,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    _schema: Option<PgSchema>,
    _dir: Option<tempfile::TempDir>,
}

impl Quire {
    /// quire on a fresh SQLite file.
    pub async fn on_sqlite() -> Quire {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("quire.db").display());
        let db = Db::connect(&url).await.expect("the SQLite file opens");
        let mut quire = Quire::serve(db).await;
        quire._dir = Some(dir);
        quire
    }

    /// quire on a fresh schema of `QUIRE_TEST_POSTGRES`; `None` with a notice when unset.
    pub async fn on_postgres() -> Option<Quire> {
        let (schema, options) = fresh_schema("browser").await?;
        let db = Db::connect_postgres(options)
            .await
            .expect("the test schema opens");
        let mut quire = Quire::serve(db).await;
        quire._schema = Some(schema);
        Some(quire)
    }

    /// Binds first, then serves: the address is known before the first request.
    async fn serve(db: Db) -> Quire {
        db.migrate().await.expect("migrations apply");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("the bound address");
        let args = ServeArgs {
            bind: address,
            ..ServeArgs::default()
        };
        let settings = Settings::from_args(&args).expect("valid settings");
        let base = settings.absolute("");
        let state = AppState::new(Store::new(db), settings);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(quire::server::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        Quire {
            base,
            state,
            stop: Some(stop),
            _schema: None,
            _dir: None,
        }
    }

    /// The database behind it.
    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// The app, to call in-process (the static copies are drawn through it).
    pub fn app(&self) -> axum::Router {
        quire::web::router(self.state.clone())
    }

    /// A fresh one-time set-up link, as `quire setup-link` prints it.
    pub async fn setup_link(&self) -> String {
        quire::setup_link::create(&self.state.store, &self.state.settings)
            .await
            .expect("a set-up link")
    }
}

impl Drop for Quire {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
