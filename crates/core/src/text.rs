//! Building step and answer texts (the simulator's, the resolver's) without the formatting machinery: a
//! run writes tens of thousands of them, and `format!` with its per-argument
//! dispatch and buffer regrowth was the largest cost of simulating a large
//! design. Every helper prints exactly what `format!` / `Display` would.

use std::net::Ipv4Addr;

/// Decimal digits of `n`, right-aligned in `buf`.
fn digits(buf: &mut [u8; 20], mut n: u64) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// A decimal number appended to `out`.
pub fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    out.push_str(digits(&mut buf, n));
}

/// A decimal number as a string.
pub fn num(n: u64) -> String {
    let mut buf = [0u8; 20];
    digits(&mut buf, n).to_string()
}

/// A port range as `Display` prints it ("135", "6005–59530"), appended to `out`.
pub fn push_range(out: &mut String, r: crate::model::PortRange) {
    push_u64(out, r.from.into());
    if r.from != r.to {
        out.push('–');
        push_u64(out, r.to.into());
    }
}

/// An IPv4 address in dotted-quad form appended to `out`.
pub fn push_ip(out: &mut String, ip: Ipv4Addr) {
    let mut buf = [0u8; 15];
    let mut len = 0;
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            buf[len] = b'.';
            len += 1;
        }
        if octet >= 100 {
            buf[len] = b'0' + octet / 100;
            len += 1;
        }
        if octet >= 10 {
            buf[len] = b'0' + octet / 10 % 10;
            len += 1;
        }
        buf[len] = b'0' + octet % 10;
        len += 1;
    }
    out.push_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-rolled writers print exactly what `Display` would.
    #[test]
    fn writers_match_display() {
        for n in [0, 9, 10, 99, 100, 59_531, 20_000, u64::MAX] {
            assert_eq!(num(n), n.to_string());
        }
        for a in [
            [0, 0, 0, 0],
            [10, 10, 10, 100],
            [255, 255, 255, 255],
            [198, 51, 100, 53],
            [1, 20, 109, 9],
        ] {
            let addr = Ipv4Addr::from(a);
            let mut s = String::new();
            push_ip(&mut s, addr);
            assert_eq!(s, addr.to_string());
        }
        for r in [
            crate::model::PortRange::single(135),
            crate::model::DYNAMIC_RPC_RANGE,
        ] {
            let mut s = String::new();
            push_range(&mut s, r);
            assert_eq!(s, r.to_string());
        }
    }
}
