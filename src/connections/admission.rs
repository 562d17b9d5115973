//! The caps on open connections: in all, and per client (an IPv4 address or an IPv6
//! /64). A connection over a cap is refused, and refusals are logged sparingly.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::limits::Limits;

/// Warnings about refused connections are logged at most this often, with a count.
pub const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);

/// Who counts as one client for the per-address cap: an IPv4 address, or an IPv6 /64
/// (one home or school network gets a whole /64, so its addresses cost nothing).
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// The open connections, counted in all and by client.
pub(super) struct Admission {
    limits: Limits,
    open: Mutex<Open>,
    refusals: RefusalLog,
}

#[derive(Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

impl Admission {
    pub(super) fn new(limits: Limits) -> Admission {
        Admission {
            limits,
            open: Mutex::new(Open::default()),
            refusals: RefusalLog::default(),
        }
    }

    /// A slot for a connection from `ip`, or `None` when a cap is reached.
    pub(super) fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let client = client_key(ip);
        let refused = {
            let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
            let from_client = open.by_client.get(&client).copied().unwrap_or(0);
            if open.total >= self.limits.max_total {
                Some("the total")
            } else if from_client >= self.limits.max_per_address {
                Some("the per-address")
            } else {
                open.total += 1;
                open.by_client.insert(client, from_client + 1);
                None
            }
        };
        match refused {
            Some(cap) => {
                self.refusals.refused(ip, cap, &self.limits);
                None
            }
            None => Some(Slot {
                admission: self.clone(),
                client,
            }),
        }
    }
}

/// One admitted connection; dropping it frees its place.
pub(super) struct Slot {
    admission: Arc<Admission>,
    client: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .admission
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_client.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.by_client.remove(&self.client);
            }
        }
    }
}

/// Logs refused connections at most every [`REFUSAL_LOG_EVERY`], so a flood does not
/// flood the log.
#[derive(Default)]
struct RefusalLog {
    state: Mutex<RefusalState>,
}

#[derive(Default)]
struct RefusalState {
    last_logged: Option<Instant>,
    unlogged: u64,
}

impl RefusalLog {
    fn refused(&self, ip: IpAddr, cap: &str, limits: &Limits) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.unlogged += 1;
        let now = Instant::now();
        if state
            .last_logged
            .is_some_and(|last| now.duration_since(last) < REFUSAL_LOG_EVERY)
        {
            return;
        }
        tracing::warn!(
            address = %ip,
            cap,
            max_total = limits.max_total,
            max_per_address = limits.max_per_address,
            refused = state.unlogged,
            "connections refused: a connection cap is reached (counted since the last such warning)"
        );
        state.last_logged = Some(now);
        state.unlogged = 0;
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    fn limits(max_total: usize, max_per_address: usize) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(1),
            max_total,
            max_per_address,
        }
    }

    #[test]
    fn an_address_gets_its_cap_and_its_places_back_when_connections_close() {
        let admission = Arc::new(Admission::new(limits(10, 2)));
        let school = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
        let first = admission.admit(school).expect("within the cap");
        let _second = admission.admit(school).expect("within the cap");
        assert!(
            admission.admit(school).is_none(),
            "over the per-address cap"
        );
        let other = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        assert!(
            admission.admit(other).is_some(),
            "another address has its own cap"
        );
        drop(first);
        assert!(
            admission.admit(school).is_some(),
            "a closed connection frees its place"
        );
    }

    #[test]
    fn the_total_cap_holds_across_addresses() {
        let admission = Arc::new(Admission::new(limits(3, 3)));
        let slots: Vec<_> = (1..=3)
            .map(|n| admission.admit(IpAddr::V4(Ipv4Addr::new(192, 0, 2, n))))
            .collect();
        assert!(slots.iter().all(Option::is_some));
        assert!(
            admission
                .admit(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)))
                .is_none()
        );
        drop(slots);
        assert_eq!(admission.open.lock().expect("not poisoned").total, 0);
        assert!(
            admission
                .open
                .lock()
                .expect("not poisoned")
                .by_client
                .is_empty()
        );
    }

    #[test]
    fn one_ipv6_network_counts_as_one_client() {
        let a: Ipv6Addr = "2001:db8:1:2:aaaa::1".parse().expect("an address");
        let b: Ipv6Addr = "2001:db8:1:2:bbbb::2".parse().expect("an address");
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(client_key(a.into()), client_key(b.into()));
        assert_ne!(client_key(a.into()), client_key(c.into()));
        let mapped: Ipv6Addr = "::ffff:192.0.2.1".parse().expect("an address");
        assert_eq!(
            client_key(mapped.into()),
            IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))
        );
    }
}
