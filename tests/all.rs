//! Every integration test, built as one test binary (one link instead of one per file).
//! The tests are modules under `tests/suite/`; new ones are added there.

mod suite;
