//! `dyad serve`: a JSON API and a server-rendered dashboard over a dyad
//! store.
//!
//! - [`api`]: `/api/...` handlers (JSON).
//! - [`dashboard`]: HTML pages: event search, dyad pages with a timeline
//!   chart ([`chart`]) and the "state of the dyad", documents.
//! - [`openapi`]: the OpenAPI description served at `/api/openapi.json`.
//!
//! SQLite work runs on tokio's blocking threads: reads on a bounded pool
//! of read connections (WAL lets them go on while anything writes), writes
//! on the one write connection.
//!
//! Limits keep one client from taking the server from the others: headers
//! must arrive within [`HEADER_TIMEOUT`], a request is answered (408 if
//! need be) within [`REQUEST_TIMEOUT`], at most [`READERS`] reads run at
//! once (the rest wait their turn) and each for at most [`QUERY_TIME`]
//! (503 after), and POSTed documents are coded one
//! request at a time within the limits of [`api`].

pub mod api;
pub mod chart;
pub mod dashboard;
mod error;
mod html;
pub mod map;
pub mod openapi;
pub mod records_api;
mod records_page;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use dyad::Coder;
use dyad_store::{Reader, StoreError, Writer};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::timeout::TimeoutLayer;
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
    /// One POST codes at a time: coding uses every core already.
    coding: Semaphore,
    token: Option<String>,
}

/// At most [`READERS`] read connections, opened on demand and kept for
/// reuse (each keeps its prepared statements and page cache).
struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Reader>>,
    /// A read holds a permit from before it takes a connection until it
    /// has put it back, so no more than [`READERS`] connections exist.
    permits: Semaphore,
}

/// Read connections: a few per core keep every core busy while some wait
/// on the disk; more would only share the cores and multiply page caches.
pub const READERS: usize = 8;

/// Time a client has to send a request's headers; a slow client sending
/// a header line now and then is disconnected after it.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Time a request's queries may take together before they are stopped
/// (503): one slow query must not hold a pooled connection for long.
pub const QUERY_TIME: Duration = Duration::from_secs(5);

/// Time within which every request is answered, 408 if not done.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl AppState {
    /// Opens (creating if needed) the store.
    pub fn new(config: Config) -> Result<AppState, StoreError> {
        let mut writer = Writer::open(&config.db)?;
        writer.sync_cameo(&config.coder.events().cameo)?;
        let token = config.token.filter(|t| !t.is_empty());
        Ok(AppState(Arc::new(Inner {
            readers: Pool { path: config.db, idle: Mutex::new(Vec::new()), permits: Semaphore::new(READERS) },
            writer: Mutex::new(writer),
            coder: config.coder,
            coding: Semaphore::new(1),
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
        let permit = self.0.readers.permits.acquire().await.map_err(ApiError::internal)?;
        let out = tokio::task::spawn_blocking(move || {
            let pool = &state.0.readers;
            let idle = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let reader = match idle {
                Some(r) => r,
                None => Reader::open(&pool.path)?,
            };
            reader.limit_time(Some(QUERY_TIME));
            let out = f(&reader);
            pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(reader);
            out
        })
        .await;
        drop(permit);
        out.map_err(ApiError::internal)?.map_err(ApiError::from)
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
        .route("/map", get(map::map))
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
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves HTTP/1.1 until `shutdown` completes, then lets open requests
/// finish. (`axum::serve` gives hyper no timer, so it cannot time out a
/// slow client's headers: this loop does the same with one.)
pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    let app = router(state);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file handles, or a connection reset before it was
                // taken: the listener itself is fine.
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone())));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection closed: {e}");
            }
        });
    }
    graceful.shutdown().await;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_share_a_bounded_pool() {
        let dir = std::env::temp_dir().join(format!("dyad-server-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("pool.db");
        let state = AppState::new(Config { db: db.clone(), coder: Coder::builtin().unwrap(), token: None }).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let reads = (0..50).map(|_| {
                let state = state.clone();
                tokio::spawn(async move {
                    state
                        .read(|r| {
                            std::thread::sleep(Duration::from_millis(5));
                            r.counts()
                        })
                        .await
                })
            });
            for read in reads.collect::<Vec<_>>() {
                assert_eq!(read.await.unwrap().unwrap().documents, 0);
            }
        });
        let opened = state.0.readers.idle.lock().unwrap().len();
        assert!((1..=READERS).contains(&opened), "{opened} connections for 50 reads");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
