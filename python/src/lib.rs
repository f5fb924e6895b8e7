//! The native part of the `negsim` Python package: negsim's runner, config checks and
//! demonstrations behind three functions. The Python package (`python/negsim/`) wraps them
//! with typed signatures, docstrings, DataFrames and exceptions; use it, not this module.

mod config;
mod demo;
mod detach;
mod errors;
mod run;
mod schema;
mod strategy;

use pyo3::prelude::*;

/// negsim's native functions; see the `negsim` package for the documented API.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", negsim::output::manifest::VERSION)?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(run::check, m)?)?;
    m.add_function(wrap_pyfunction!(demo::demo, m)?)?;
    m.add_function(wrap_pyfunction!(strategy::register_strategy, m)?)?;
    m.add_function(wrap_pyfunction!(strategy::unregister_strategy, m)?)?;
    m.add_function(wrap_pyfunction!(strategy::clear_strategy_failure, m)?)?;
    m.add_function(wrap_pyfunction!(strategy::take_strategy_failure, m)?)?;
    m.add_class::<strategy::PyObservation>()?;
    Ok(())
}
