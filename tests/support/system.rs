//! What the end-to-end tests look at outside the page: a private D-Bus standing in for the
//! system bus, the X server's window titles, and the app's processes (their environment, core
//! dump limits and internet sockets, from /proc).

use crate::{desktop_binary, require, Display, Guard};
use std::path::Path;
use std::process::{Command, Stdio};

/// A private D-Bus daemon standing in for the system bus, so a test can send logind's signals
/// to the app (given as `DBUS_SYSTEM_BUS_ADDRESS`) without touching the machine's own bus.
pub struct PrivateBus {
    pub address: String,
    _dir: tempfile::TempDir,
    _daemon: Guard,
}

impl PrivateBus {
    pub fn start() -> PrivateBus {
        require("dbus-daemon");
        require("dbus-send");
        let dir = tempfile::tempdir().expect("bus dir");
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let stdout = child.stdout.take().expect("dbus-daemon stdout");
        let guard = Guard(child);
        // It prints its address once it accepts connections.
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("read the bus address");
        assert!(
            line.starts_with("unix:path="),
            "dbus-daemon did not start (it printed {line:?})"
        );
        PrivateBus {
            address,
            _dir: dir,
            _daemon: guard,
        }
    }

    /// Broadcasts a signal, as `dbus-send` does: `member` is `interface.Member`.
    pub fn signal(&self, path: &str, member: &str, args: &[&str]) {
        let status = Command::new("dbus-send")
            .arg(format!("--bus={}", self.address))
            .args(["--type=signal", path, member])
            .args(args)
            .status()
            .expect("run dbus-send");
        assert!(status.success(), "dbus-send {member} failed");
    }
}

/// The names of every window on `display`, as the X server holds them (`xwininfo`).
pub fn window_titles(display: &Display) -> Vec<String> {
    require("xwininfo");
    let out = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .env("DISPLAY", &display.name)
        .output()
        .expect("run xwininfo");
    assert!(out.status.success(), "xwininfo failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let start = line.find(" \"")? + 2;
            let end = start + line[start..].find('"')?;
            Some(line[start..end].to_owned())
        })
        .collect()
}

/// The processes of the app started with `SPORTELLO_CONFIG_DIR=<config_dir>`, and all their
/// descendants (WebKit's web and network processes).
pub fn app_processes(config_dir: &Path) -> Vec<u32> {
    let marker = format!("SPORTELLO_CONFIG_DIR={}", config_dir.display());
    let mut parent_of = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid …": comm may hold spaces, so split after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0);
        parent_of.push((pid, ppid));
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let is_app = exe.file_name() == desktop_binary().file_name()
            && environ
                .split(|b| *b == 0)
                .any(|var| var == marker.as_bytes());
        if is_app {
            roots.push(pid);
        }
    }
    let mut found = roots;
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        for (pid, ppid) in &parent_of {
            if *ppid == parent && !found.contains(pid) {
                found.push(*pid);
            }
        }
        i += 1;
    }
    found
}

/// The value of `name` in the environment a process started with.
pub fn environ_var(pid: u32, name: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{name}=");
    environ
        .split(|b| *b == 0)
        .filter_map(|var| std::str::from_utf8(var).ok())
        .find_map(|var| var.strip_prefix(&prefix).map(str::to_string))
}

/// The soft and hard limits of a process's core dump size ("Max core file size" in
/// /proc/<pid>/limits), as written there ("0", "unlimited").
pub fn core_dump_limits(pid: u32) -> Option<(String, String)> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))?;
    let mut values = line["Max core file size".len()..].split_whitespace();
    Some((values.next()?.to_string(), values.next()?.to_string()))
}

/// One internet socket held by a process: `proto local -> remote`, as /proc/net shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InetSocket {
    pub pid: u32,
    pub proto: &'static str,
    pub local: String,
    pub remote: String,
    pub loopback_only: bool,
}

impl InetSocket {
    /// A TCP socket waiting for connections (its remote end is unset).
    pub fn is_listening(&self) -> bool {
        self.proto.starts_with("tcp") && is_unset(&self.remote)
    }

    pub fn local_port(&self) -> Option<u16> {
        let hex = self.local.rsplit(':').next()?;
        u16::from_str_radix(hex, 16).ok()
    }
}

/// Every TCP and UDP socket (IPv4 and IPv6) that the processes hold open.
pub fn inet_sockets(pids: &[u32]) -> Vec<InetSocket> {
    let mut sockets = Vec::new();
    for &pid in pids {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        let inodes: Vec<String> = fds
            .flatten()
            .filter_map(|fd| std::fs::read_link(fd.path()).ok())
            .filter_map(|target| {
                let t = target.to_string_lossy().to_string();
                t.strip_prefix("socket:[")
                    .and_then(|s| s.strip_suffix(']'))
                    .map(str::to_string)
            })
            .collect();
        for proto in ["tcp", "tcp6", "udp", "udp6"] {
            let table =
                std::fs::read_to_string(format!("/proc/{pid}/net/{proto}")).unwrap_or_default();
            for line in table.lines().skip(1) {
                let cols: Vec<&str> = line.split_whitespace().collect();
                if cols.len() < 10 || !inodes.iter().any(|i| i == cols[9]) {
                    continue;
                }
                let (local, remote) = (cols[1].to_string(), cols[2].to_string());
                // A socket on all interfaces (0.0.0.0) is not loopback-only: others could reach it.
                let loopback_only = (is_loopback(&local) || is_unset(&local))
                    && (is_loopback(&remote) || is_unset(&remote));
                sockets.push(InetSocket {
                    pid,
                    proto,
                    local,
                    remote,
                    loopback_only,
                });
            }
        }
    }
    sockets
}

/// An address of /proc/net/{tcp,udp}{,6}, like "0100007F:1F90" (host in hex, port).
fn is_loopback(address: &str) -> bool {
    let host = address.split(':').next().unwrap_or_default();
    match host.len() {
        // IPv4 in little-endian hex: 127.x.y.z ends with "7F".
        8 => host.ends_with("7F"),
        // IPv6: ::1 or ::ffff:127.x.y.z.
        32 => {
            host == "00000000000000000000000001000000"
                || (host.starts_with("0000000000000000FFFF0000") && host.ends_with("7F"))
        }
        _ => false,
    }
}

/// The all-zero address and port: the remote end of a listening or unconnected socket.
fn is_unset(address: &str) -> bool {
    address.chars().all(|c| c == '0' || c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// The socket scan sees what it must flag: a control, like the canary scan's clear file.
    #[test]
    fn the_socket_scan_tells_loopback_from_all_interfaces() {
        let everywhere = TcpListener::bind("0.0.0.0:0").expect("bind all");
        let loopback = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let sockets = inet_sockets(&[std::process::id()]);
        let find = |port: u16| {
            sockets
                .iter()
                .find(|s| s.local_port() == Some(port))
                .unwrap_or_else(|| panic!("port {port} not found in {sockets:#?}"))
        };
        let all = find(everywhere.local_addr().expect("addr").port());
        assert!(all.is_listening() && !all.loopback_only, "{all:?}");
        let local = find(loopback.local_addr().expect("addr").port());
        assert!(local.is_listening() && local.loopback_only, "{local:?}");
    }
}
