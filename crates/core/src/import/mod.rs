//! Importing a real organisation: parsers for what an Exchange 2010 admin
//! can export — zone files (`zone`) and the shell's Export-Csv output
//! (`shell`) — each lenient where real exports vary and precise (line and
//! column) where a file is damaged. CLIXML and the mapping to a design are
//! still to come (issue 12).

pub mod shell;
pub mod zone;

/// Bad input, at a place in the file (1-based line and column), and what is
/// wrong there. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}
