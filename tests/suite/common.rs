//! A small scripted HTTP/1.1 server on 127.0.0.1 for the download tests (there is no internet
//! here): each request is answered by a handler, which can stall, trickle or redirect.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send no Content-Length: the body ends when the connection closes.
    pub no_length: bool,
    /// Send this many body bytes, then go quiet for `stall`.
    pub stall_after: Option<usize>,
    pub stall: Duration,
    /// Send the body in pieces of this size with this pause between them.
    pub trickle: Option<(usize, Duration)>,
}

impl Reply {
    pub fn ok(content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: content_type
                .map(|c| vec![("Content-Type".to_string(), c.to_string())])
                .unwrap_or_default(),
            body: body.into(),
            no_length: false,
            stall_after: None,
            stall: Duration::ZERO,
            trickle: None,
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            ..Reply::ok(Some("text/plain"), format!("status {status}"))
        }
    }

    pub fn redirect(to: &str) -> Reply {
        let mut r = Reply::status(302);
        r.headers.push(("Location".into(), to.into()));
        r
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
}

/// A running server; dropping it stops it and closes its port.
pub struct Server {
    pub base: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn seen(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let handler = Arc::new(handler);
    let (flag, seen) = (stop.clone(), requests.clone());
    std::thread::spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((stream, _)) => {
                    let (h, seen, flag) = (handler.clone(), seen.clone(), flag.clone());
                    std::thread::spawn(move || serve(stream, &*h, &seen, &flag));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Server {
        base,
        requests,
        stop,
    }
}

fn serve(
    stream: TcpStream,
    handler: &(dyn Fn(&Request) -> Reply + Send + Sync),
    seen: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
) {
    stream.set_nonblocking(false).ok();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let req = Request { path, headers };
    seen.lock().unwrap().push(req.clone());
    let reply = handler(&req);
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} Status\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !reply.no_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let body = &reply.body;
    if let Some(n) = reply.stall_after {
        let _ = out.write_all(&body[..n.min(body.len())]);
        let _ = out.flush();
        let until = std::time::Instant::now() + reply.stall;
        while std::time::Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
        }
        return;
    }
    if let Some((size, pause)) = reply.trickle {
        for piece in body.chunks(size.max(1)) {
            if out.write_all(piece).is_err() {
                return;
            }
            let _ = out.flush();
            std::thread::sleep(pause);
        }
        return;
    }
    let _ = out.write_all(body);
    let _ = out.flush();
}
