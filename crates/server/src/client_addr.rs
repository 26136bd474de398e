//! Who is on the other end of a request when Goldseam runs behind reverse proxies.
//!
//! Behind a proxy every TCP peer is the proxy, so anything keyed by address (the sign-in
//! limiter) would put all clients in one bucket. Proxies say whom they forward for in
//! `X-Forwarded-For`, each appending the address it received the request from. Only the
//! entries appended by proxies we trust can be believed: anything further left may have been
//! written by the client itself. So, when the peer is a trusted proxy, the client is the
//! right-most address that is not itself a trusted proxy; otherwise the header is ignored and
//! the client is the peer.

use axum::http::HeaderMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use thiserror::Error;

/// One address (`10.0.0.5`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

/// Why a trusted-proxy entry was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IpRangeError {
    /// Neither an IP address nor `ADDRESS/PREFIX`.
    #[error("{0:?} is not an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8")]
    Malformed(String),
    /// The prefix is longer than the address (32 bits for IPv4, 128 for IPv6).
    #[error("{text:?} has a prefix longer than /{max}")]
    PrefixTooLong {
        /// The entry as written.
        text: String,
        /// The address family's length.
        max: u8,
    },
    /// Bits are set past the prefix, which usually means a typo in the address or the prefix.
    #[error("{text:?} has bits set past its /{prefix} prefix; the block is {network}/{prefix}")]
    HostBitsSet {
        /// The entry as written.
        text: String,
        /// The block's first address.
        network: IpAddr,
        /// The prefix length.
        prefix: u8,
    },
}

impl IpRange {
    /// Whether `ip` is in this range. IPv4 addresses written as IPv4-mapped IPv6 (how a
    /// dual-stack listener sees IPv4 peers) count as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = mask_u32(self.prefix);
                u32::from(ip) & mask == u32::from(net)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = mask_u128(self.prefix);
                u128::from(ip) & mask == u128::from(net)
            }
            _ => false,
        }
    }
}

fn mask_u32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask_u128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

impl FromStr for IpRange {
    type Err = IpRangeError;

    fn from_str(text: &str) -> Result<IpRange, IpRangeError> {
        let trimmed = text.trim();
        let malformed = || IpRangeError::Malformed(text.to_string());
        let (addr, prefix) = match trimmed.split_once('/') {
            Some((addr, prefix)) => {
                if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(malformed());
                }
                let addr: IpAddr = addr.parse().map_err(|_| malformed())?;
                let prefix: u32 = prefix.parse().map_err(|_| malformed())?;
                (addr, Some(prefix))
            }
            None => (trimmed.parse().map_err(|_| malformed())?, None),
        };
        // An IPv4-mapped block (::ffff:10.0.0.0/104) is the IPv4 block it maps.
        let (addr, prefix) = match (addr, prefix) {
            (IpAddr::V6(v6), p) if v6.to_ipv4_mapped().is_some() && p.is_none_or(|p| p >= 96) => {
                let v4 = v6.to_ipv4_mapped().expect("checked above");
                (IpAddr::V4(v4), p.map(|p| p - 96))
            }
            other => other,
        };
        let max: u8 = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if p > u32::from(max) => {
                return Err(IpRangeError::PrefixTooLong {
                    text: text.to_string(),
                    max,
                })
            }
            Some(p) => p as u8,
        };
        let network = match addr {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask_u32(prefix))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask_u128(prefix))),
        };
        if network != addr {
            return Err(IpRangeError::HostBitsSet {
                text: text.to_string(),
                network,
                prefix,
            });
        }
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = if self.network.is_ipv4() { 32 } else { 128 };
        if self.prefix == full {
            write!(f, "{}", self.network)
        } else {
            write!(f, "{}/{}", self.network, self.prefix)
        }
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed. Empty (the default): none, and
/// the client is always the TCP peer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpRange>);

impl TrustedProxies {
    /// These ranges.
    pub fn new(ranges: Vec<IpRange>) -> TrustedProxies {
        TrustedProxies(ranges)
    }

    /// The ranges, as configured.
    pub fn ranges(&self) -> &[IpRange] {
        &self.0
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|r| r.contains(ip))
    }
}

/// The client's address: the TCP `peer`, unless the peer is a trusted proxy, in which case the
/// right-most `X-Forwarded-For` address that is not a trusted proxy. When the header runs out,
/// or has an entry that is not an address, the last trusted hop reached is the answer: a
/// proxy that forwards garbage gets no more credit than the proxy itself.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    // Several header lines are one list, in order (RFC 9110, section 5.3).
    for line in headers.get_all("x-forwarded-for").iter().rev() {
        let Ok(line) = line.to_str() else {
            return client;
        };
        for hop in line.rsplit(',') {
            let Some(ip) = parse_hop(hop) else {
                return client;
            };
            if !trusted.contains(ip) {
                return ip;
            }
            client = ip;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, with or without a port (some proxies add one, and
/// bracket IPv6 addresses when they do).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let ip = hop
        .parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse::<IpAddr>().ok())
        })?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn trusted(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|s| s.parse().unwrap()).collect())
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_match() {
        let r: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(r.contains(ip("10.200.1.1")));
        assert!(!r.contains(ip("11.0.0.1")));
        assert!(!r.contains(ip("::1")));
        assert!(
            r.contains(ip("::ffff:10.1.2.3")),
            "IPv4 seen by a dual-stack listener"
        );
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12:3456::1")) && !v6.contains(ip("fe80::1")));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        let mapped: IpRange = "::ffff:172.16.0.0/108".parse().unwrap();
        assert_eq!(mapped.to_string(), "172.16.0.0/12");
        assert_eq!(" ::1 ".parse::<IpRange>().unwrap().to_string(), "::1");
        assert_eq!(r.to_string(), "10.0.0.0/8");
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        for bad in [
            "",
            "proxy.internal",
            "10.0.0.0/",
            "10.0.0.0/x",
            "10.0.0.0/+8",
            "10.0.0/8",
        ] {
            assert!(
                matches!(bad.parse::<IpRange>(), Err(IpRangeError::Malformed(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            "10.0.0.0/33".parse::<IpRange>(),
            Err(IpRangeError::PrefixTooLong { max: 32, .. })
        ));
        assert!(matches!(
            "::/129".parse::<IpRange>(),
            Err(IpRangeError::PrefixTooLong { max: 128, .. })
        ));
        let err = "10.0.1.0/16".parse::<IpRange>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"10.0.1.0/16\" has bits set past its /16 prefix; the block is 10.0.0.0/16"
        );
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let h = xff(&["203.0.113.9"]);
        assert_eq!(
            client_ip(ip("198.51.100.1"), &h, &TrustedProxies::default()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn spoofed_headers_from_untrusted_peers_are_ignored() {
        let t = trusted(&["10.0.0.2"]);
        let h = xff(&["203.0.113.9, 10.0.0.2"]);
        assert_eq!(client_ip(ip("198.51.100.1"), &h, &t), ip("198.51.100.1"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let t = trusted(&["10.0.0.2"]);
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["203.0.113.9"]), &t),
            ip("203.0.113.9")
        );
        // A dual-stack listener sees the proxy as an IPv4-mapped address.
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.2"), &xff(&["203.0.113.9"]), &t),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn what_the_client_wrote_itself_is_not_believed() {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the real address.
        let t = trusted(&["10.0.0.2"]);
        let h = xff(&["192.0.2.1, 203.0.113.9"]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &t), ip("203.0.113.9"));
    }

    #[test]
    fn chains_of_trusted_proxies_are_walked_from_the_right() {
        // client -> CDN edge (198.51.100.0/24) -> load balancer (10.0.0.2) -> Goldseam.
        let t = trusted(&["10.0.0.0/8", "198.51.100.0/24"]);
        let h = xff(&["192.0.2.1, 203.0.113.9, 198.51.100.20"]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &t), ip("203.0.113.9"));
        // Split over several header lines, the order is the same.
        let h = xff(&["192.0.2.1, 203.0.113.9", "198.51.100.20"]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &t), ip("203.0.113.9"));
    }

    #[test]
    fn ports_and_brackets_are_accepted() {
        let t = trusted(&["10.0.0.2"]);
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["203.0.113.9:51234"]), &t),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["[2001:db8::7]:443"]), &t),
            ip("2001:db8::7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["[2001:db8::7]"]), &t),
            ip("2001:db8::7")
        );
    }

    #[test]
    fn a_missing_or_unreadable_header_leaves_the_last_trusted_hop() {
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &t),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["unknown, 10.0.0.3"]), &t),
            ip("10.0.0.3")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["203.0.113.9, "]), &t),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff(&["10.0.0.4"]), &t),
            ip("10.0.0.4"),
            "every hop trusted: the left-most one"
        );
    }
}
