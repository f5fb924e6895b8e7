//! Scenarios from and for other negotiation platforms.
//!
//! - [`genius`]: GENIUS / ANAC domain and profile XML (also read by NegMAS)

pub mod genius;
