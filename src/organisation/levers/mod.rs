//! The five levers an organisation can pull (docs/model.md, section 7.11). Each acts on its
//! timing, with a dose, and books its cost in the cycle's [`Ledger`](crate::organisation::components::Ledger).
//! Facilitation is applied where tables are formed (`organisation::tables`).

pub mod culture_norm;
pub mod evaluation;
pub mod mentoring;
pub mod training;
