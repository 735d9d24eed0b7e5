//! The client side of a TCP connect, as a timer-driven state machine (§3).
//!
//! The engine asks for `next_deadline()`, jumps the clock there and calls
//! `poll(now)`; each poll may emit trace events. What the network does with the
//! SYNs (the `Fate`) is decided beforehand by the path, so the machine only owns
//! Windows' retransmission behaviour.

use super::time::{SimDuration, SimTime};
use crate::model::OsTimingPreset;
use serde::{Deserialize, Serialize};

/// What the path does to this connection's SYNs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// A listener answers with SYN-ACK.
    Open,
    /// SYNs vanish (firewall DROP, or a host that is not there).
    Drop,
    /// SYNs vanish because the address does not route from here (private
    /// address seen from the Internet); timed like DROP.
    NoRoute,
    /// A TCP RST comes back.
    Rst,
    /// ICMP unreachable comes back.
    Icmp,
}

impl Fate {
    pub fn is_open(self) -> bool {
        self == Fate::Open
    }
    pub fn label(self) -> &'static str {
        match self {
            Fate::Open => "open",
            Fate::Drop => "no answer (DROP)",
            Fate::NoRoute => "no route (private address)",
            Fate::Rst => "refused (RST)",
            Fate::Icmp => "refused (ICMP unreachable)",
        }
    }
}

/// The preset's undocumented knobs as one run sets them (the range search
/// varies them, `sim::range`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Knobs {
    pub rst_fail_ms: u32,
    pub icmp_aborts_connect: bool,
}

impl Knobs {
    #[cfg(test)]
    pub fn of(os: &OsTimingPreset) -> Knobs {
        Knobs {
            rst_fail_ms: os.rst_fail_ms,
            icmp_aborts_connect: os.icmp_aborts_connect,
        }
    }
}

/// Trace events of one connect, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TcpEvent {
    SynSent { at: SimTime, attempt: u8 },
    Established { at: SimTime },
    GaveUp { at: SimTime, reason: Fate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Timer {
    /// Retransmit (or give up) when this expires.
    Retransmit { expires_at: SimTime },
    /// The SYN-ACK arrives.
    Answer { expires_at: SimTime },
    /// The connect is refused: after RSTs (Windows retries, §3, C14) or an ICMP abort.
    Refused { expires_at: SimTime },
}

#[derive(Debug, Clone)]
pub struct TcpConnect {
    fate: Fate,
    /// Current retransmission timeout; doubles after each retransmission (§3).
    rto: SimDuration,
    retransmissions_left: u8,
    attempt: u8,
    ceiling: Option<SimTime>,
    timer: Option<Timer>,
    done: bool,
}

impl TcpConnect {
    /// Sends the first SYN at `now`. `rtt` prices an answered SYN.
    pub fn start(
        now: SimTime,
        fate: Fate,
        os: &OsTimingPreset,
        knobs: Knobs,
        rtt: SimDuration,
        events: &mut Vec<TcpEvent>,
    ) -> Self {
        let timer = match fate {
            Fate::Open => Some(Timer::Answer {
                expires_at: now + rtt,
            }),
            // §3: whether Windows aborts on ICMP is undocumented; §8 defaults it to DROP.
            Fate::Icmp if knobs.icmp_aborts_connect => Some(Timer::Refused {
                expires_at: now + rtt,
            }),
            // §3 / C14: refused connects take ~2 s on Windows, not one RTT.
            Fate::Rst => Some(Timer::Refused {
                expires_at: now + SimDuration::from_ms(u64::from(knobs.rst_fail_ms).max(rtt.ms())),
            }),
            Fate::Drop | Fate::NoRoute | Fate::Icmp => Some(Timer::Retransmit {
                expires_at: now + SimDuration::from_ms(u64::from(os.initial_rto_ms)),
            }),
        };
        events.push(TcpEvent::SynSent {
            at: now,
            attempt: 1,
        });
        TcpConnect {
            fate,
            rto: SimDuration::from_ms(u64::from(os.initial_rto_ms)),
            retransmissions_left: os.max_syn_retransmissions,
            attempt: 1,
            ceiling: os
                .connect_ceiling_ms
                .map(|c| now + SimDuration::from_ms(u64::from(c))),
            timer,
            done: false,
        }
    }

    /// When the machine next needs polling; None once finished.
    pub fn next_deadline(&self) -> Option<SimTime> {
        if self.done {
            return None;
        }
        let t = match self.timer.as_ref()? {
            Timer::Retransmit { expires_at }
            | Timer::Answer { expires_at }
            | Timer::Refused { expires_at } => *expires_at,
        };
        Some(match self.ceiling {
            Some(c) if c < t => c,
            _ => t,
        })
    }

    /// Advances to `now` (a deadline returned by `next_deadline`).
    pub fn poll(&mut self, now: SimTime, events: &mut Vec<TcpEvent>) {
        if self.done {
            return;
        }
        if let Some(c) = self.ceiling {
            // §3: modern Windows gives up at 21 s whatever retries remain.
            if now >= c
                && !matches!(self.timer, Some(Timer::Answer { expires_at }) if expires_at <= c)
            {
                return self.finish(
                    events,
                    TcpEvent::GaveUp {
                        at: now,
                        reason: self.fate,
                    },
                );
            }
        }
        match self.timer.clone() {
            Some(Timer::Answer { expires_at }) if now >= expires_at => {
                self.finish(events, TcpEvent::Established { at: now })
            }
            Some(Timer::Refused { expires_at }) if now >= expires_at => self.finish(
                events,
                TcpEvent::GaveUp {
                    at: now,
                    reason: self.fate,
                },
            ),
            Some(Timer::Retransmit { expires_at }) if now >= expires_at => {
                if self.retransmissions_left == 0 {
                    // §3: "after the final attempt … waits … double the last delay"
                    // is already in this timer; nothing more to send.
                    return self.finish(
                        events,
                        TcpEvent::GaveUp {
                            at: now,
                            reason: self.fate,
                        },
                    );
                }
                self.retransmissions_left -= 1;
                self.attempt += 1;
                self.rto = self.rto + self.rto;
                events.push(TcpEvent::SynSent {
                    at: now,
                    attempt: self.attempt,
                });
                self.timer = Some(Timer::Retransmit {
                    expires_at: now + self.rto,
                });
            }
            _ => {}
        }
    }

    fn finish(&mut self, events: &mut Vec<TcpEvent>, ev: TcpEvent) {
        self.done = true;
        self.timer = None;
        events.push(ev);
    }
}

/// Runs a connect to completion by jumping from deadline to deadline.
/// Returns when it ended and whether it was established.
#[cfg(test)]
pub fn run_connect(
    now: SimTime,
    fate: Fate,
    os: &OsTimingPreset,
    rtt: SimDuration,
    events: &mut Vec<TcpEvent>,
) -> (SimTime, bool) {
    run_connect_with(now, fate, os, Knobs::of(os), rtt, events)
}

/// [`run_connect`] with the preset's undocumented knobs set by the caller.
pub fn run_connect_with(
    now: SimTime,
    fate: Fate,
    os: &OsTimingPreset,
    knobs: Knobs,
    rtt: SimDuration,
    events: &mut Vec<TcpEvent>,
) -> (SimTime, bool) {
    let mut machine = TcpConnect::start(now, fate, os, knobs, rtt, events);
    let mut clock = now;
    while let Some(deadline) = machine.next_deadline() {
        clock = deadline;
        machine.poll(clock, events);
    }
    let established = matches!(events.last(), Some(TcpEvent::Established { .. }));
    (clock, established)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin_timing_presets;

    fn os(id: &str) -> OsTimingPreset {
        builtin_timing_presets()
            .into_iter()
            .find(|p| p.id == id)
            .unwrap()
    }

    fn connect(fate: Fate, preset: &str) -> (u64, bool, Vec<TcpEvent>) {
        let mut ev = Vec::new();
        let (end, ok) = run_connect(SimTime(1_000), fate, &os(preset), SimDuration(40), &mut ev);
        (end.ms() - 1_000, ok, ev)
    }

    fn syn_times(ev: &[TcpEvent]) -> Vec<u64> {
        ev.iter()
            .filter_map(|e| match e {
                TcpEvent::SynSent { at, .. } => Some(at.ms() - 1_000),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn open_port_connects_in_one_rtt() {
        let (t, ok, _) = connect(Fate::Open, "os-win7");
        assert_eq!((t, ok), (40, true));
    }

    #[test]
    fn windows7_drop_retransmits_at_3_and_9_then_gives_up_at_21s() {
        // §3: 3 s + 2*3 s + 4*3 s = 21 s.
        let (t, ok, ev) = connect(Fate::Drop, "os-win7");
        assert_eq!((t, ok), (21_000, false));
        assert_eq!(syn_times(&ev), vec![0, 3_000, 9_000]);
    }

    #[test]
    fn windows10_drop_hits_the_21s_ceiling_c15() {
        // C15: 21.0 s with MaxSynRetransmissions 4.
        let (t, ok, ev) = connect(Fate::Drop, "os-win10");
        assert_eq!((t, ok), (21_000, false));
        assert_eq!(syn_times(&ev), vec![0, 1_000, 3_000, 7_000, 15_000]);
    }

    #[test]
    fn windows10_with_two_retransmissions_fails_in_7s_c15() {
        let (t, ok, _) = connect(Fate::Drop, "os-win10-syn2");
        assert_eq!((t, ok), (7_000, false));
    }

    #[test]
    fn rst_fails_in_about_two_seconds_c14() {
        let (t, ok, _) = connect(Fate::Rst, "os-win10");
        assert_eq!((t, ok), (2_000, false));
    }

    #[test]
    fn icmp_is_timed_like_drop_unless_the_preset_says_it_aborts() {
        assert_eq!(connect(Fate::Icmp, "os-win7").0, 21_000);
        let mut p = os("os-win7");
        p.icmp_aborts_connect = true;
        let mut ev = Vec::new();
        let (end, ok) = run_connect(SimTime(0), Fate::Icmp, &p, SimDuration(40), &mut ev);
        assert_eq!((end.ms(), ok), (40, false));
    }

    #[test]
    fn no_route_is_timed_like_drop() {
        assert_eq!(connect(Fate::NoRoute, "os-xp").0, 21_000);
    }
}
