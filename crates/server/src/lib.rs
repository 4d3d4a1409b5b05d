//! `dyad serve`: a JSON API and a server-rendered dashboard over a dyad
//! store.
//!
//! - [`api`]: `/api/...` handlers (JSON).
//! - [`dashboard`]: HTML pages: event search, dyad pages with a timeline
//!   chart ([`chart`]) and the "state of the dyad", documents.
//! - [`openapi`]: the OpenAPI description served at `/api/openapi.json`.
//!
//! SQLite work runs on tokio's blocking threads: reads on pooled read
//! connections (WAL lets them go on while anything writes), writes on the
//! one write connection.

pub mod api;
pub mod chart;
pub mod dashboard;
mod error;
mod html;
pub mod openapi;
pub mod records_api;
mod records_page;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::routing::get;
use axum::Router;
use dyad::Coder;
use dyad_store::{Reader, StoreError, Writer};
use tokio::net::TcpListener;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::ApiError;

/// What a server needs: the store, a coder for POSTed documents and the
/// write token.
pub struct Config {
    pub db: PathBuf,
    pub coder: Coder,
    /// Bearer token for `POST /api/documents`; `None` disables writes.
    pub token: Option<String>,
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    readers: Pool,
    writer: Mutex<Writer>,
    coder: Coder,
    token: Option<String>,
}

/// Read connections, opened on demand and kept for reuse (each keeps its
/// prepared statements).
struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Reader>>,
}

/// Connections kept idle; more are opened under load and closed after.
const MAX_IDLE: usize = 16;

impl AppState {
    /// Opens (creating if needed) the store.
    pub fn new(config: Config) -> Result<AppState, StoreError> {
        let mut writer = Writer::open(&config.db)?;
        writer.sync_cameo(&config.coder.events().cameo)?;
        let token = config.token.filter(|t| !t.is_empty());
        Ok(AppState(Arc::new(Inner {
            readers: Pool { path: config.db, idle: Mutex::new(Vec::new()) },
            writer: Mutex::new(writer),
            coder: config.coder,
            token,
        })))
    }

    pub fn db(&self) -> &Path {
        &self.0.readers.path
    }

    pub fn coder(&self) -> &Coder {
        &self.0.coder
    }

    /// Runs `f` on a read connection on a blocking thread.
    pub async fn read<T: Send + 'static>(&self, f: impl FnOnce(&Reader) -> Result<T, StoreError> + Send + 'static) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let pool = &state.0.readers;
            let idle = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let reader = match idle {
                Some(r) => r,
                None => Reader::open(&pool.path)?,
            };
            let out = f(&reader);
            let mut idle = pool.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(reader);
            }
            out
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::from)
    }

    /// Runs `f` with the write connection on a blocking thread.
    async fn write<T: Send + 'static>(&self, f: impl FnOnce(&mut Writer) -> Result<T, StoreError> + Send + 'static) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = state.0.writer.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut writer)
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::from)
    }
}

/// Every route of the server.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(dashboard::search))
        .route("/dyads/{a}/{b}", get(dashboard::dyad))
        .route("/documents/{id}", get(dashboard::document))
        .route("/records", get(records_page::records))
        .route("/records/{id}", get(records_page::record))
        .route("/api/health", get(api::health))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/records", get(records_api::records))
        .route("/api/records/{id}/mentions", get(records_api::record_mentions))
        .route("/api/dyads", get(api::dyads))
        .route("/api/dyads/{a}/{b}/timeline", get(api::timeline))
        .route("/api/documents", axum::routing::post(api::post_documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves until `shutdown` completes.
pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// `dyad serve`: binds `addr` and serves until Ctrl-C.
pub fn run(config: Config, addr: SocketAddr) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let state = AppState::new(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr()?;
        if !bound.ip().is_loopback() {
            tracing::warn!("listening on {bound}, which is not a loopback address: anyone who can reach it can read the store");
        }
        let writes = if state.0.token.is_some() { "writes need the bearer token" } else { "writes disabled (no token)" };
        tracing::info!("serving {} on http://{bound}/ ({writes})", state.db().display());
        serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}
