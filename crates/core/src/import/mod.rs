//! Importing a real organisation: the parsers for what an Exchange 2010
//! admin can export (zone files today; the shell's CSV and CLIXML next),
//! each lenient where a real export varies and precise (line and column)
//! where it is damaged.

pub mod zone;
