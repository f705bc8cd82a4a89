//! Where exported rows go: an xlsx workbook (constant memory, rows flushed as written) or a
//! CSV file (UTF-8 with BOM, formula-like cells defused). Both get the same sheets, headers
//! and cells.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Always written as text (IDs and phones stay text, with their leading zeros).
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

/// A column: its header and the display width (CJK counts two) of its widest expected value.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub width: usize,
}

pub const fn col(header: &'static str, width: usize) -> Column {
    Column { header, width }
}

#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Csv(#[from] csv::Error),
}

/// The sheets of one export.
pub trait Sink {
    /// Starts a sheet: its name, its title row (centre and period) and its header row.
    fn sheet(&mut self, name: &str, title: &str, columns: &[Column]) -> Result<(), SinkError>;
    fn row(&mut self, cells: &[Cell]) -> Result<(), SinkError>;
    /// Writes everything to the file.
    fn finish(self: Box<Self>) -> Result<(), SinkError>;
}

/// A cell a spreadsheet would read as a formula (= + - @, or a tab / carriage return that
/// some tools strip first) gets a leading apostrophe.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

pub struct CsvSink {
    writer: csv::Writer<BufWriter<File>>,
    sheets: usize,
}

impl CsvSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let mut file = BufWriter::new(File::create(path)?);
        file.write_all("\u{feff}".as_bytes())?;
        let writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
        Ok(Self { writer, sheets: 0 })
    }
}

impl Sink for CsvSink {
    /// One CSV holds every sheet: the second and later ones after an empty line and a line
    /// with the sheet's title, so a one-sheet export is a plain table under its header.
    fn sheet(&mut self, _name: &str, title: &str, columns: &[Column]) -> Result<(), SinkError> {
        if self.sheets > 0 {
            self.writer.write_record([""])?;
            self.writer.write_record([defuse(title)])?;
        }
        self.sheets += 1;
        self.writer.write_record(columns.iter().map(|c| c.header))?;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), SinkError> {
        self.writer.write_record(cells.iter().map(|c| match c {
            Cell::Text(t) => defuse(t),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format!("{x}"),
            Cell::Empty => String::new(),
        }))?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        self.writer.flush()?;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        file.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .sync_all()?;
        Ok(())
    }
}

pub struct XlsxSink {
    workbook: rust_xlsxwriter::Workbook,
    path: std::path::PathBuf,
    /// The sheet being written and its next row.
    current: Option<(usize, u32)>,
    sheets: usize,
    header: rust_xlsxwriter::Format,
    title: rust_xlsxwriter::Format,
}

impl XlsxSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        // Constant memory: rows go to a temp file beside the output as they are written.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            workbook.set_tempdir(dir)?;
        }
        Ok(Self {
            workbook,
            path: path.to_path_buf(),
            current: None,
            sheets: 0,
            header: rust_xlsxwriter::Format::new().set_bold(),
            title: rust_xlsxwriter::Format::new().set_bold().set_font_size(14),
        })
    }

    fn worksheet(&mut self) -> Result<(&mut rust_xlsxwriter::Worksheet, u32), SinkError> {
        let (index, row) = self.current.ok_or_else(|| {
            std::io::Error::other("a row was written before its sheet was started")
        })?;
        Ok((self.workbook.worksheet_from_index(index)?, row))
    }
}

impl Sink for XlsxSink {
    fn sheet(&mut self, name: &str, title: &str, columns: &[Column]) -> Result<(), SinkError> {
        let header = self.header.clone();
        let title_format = self.title.clone();
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (i, c) in columns.iter().enumerate() {
            // Excel's width unit is about one Latin character; a Chinese one takes two.
            let width = c.width.max(display_width(c.header)) + 2;
            sheet.set_column_width(i as u16, width as f64)?;
        }
        sheet.write_string_with_format(0, 0, title, &title_format)?;
        for (i, c) in columns.iter().enumerate() {
            sheet.write_string_with_format(1, i as u16, c.header, &header)?;
        }
        sheet.set_freeze_panes(2, 0)?;
        self.current = Some((self.sheets, 2));
        self.sheets += 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), SinkError> {
        let (sheet, row) = self.worksheet()?;
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(row, col, t)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Num(x) => {
                    sheet.write_number(row, col, *x)?;
                }
                Cell::Empty => {}
            }
        }
        if let Some((_, next)) = self.current.as_mut() {
            *next += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        let path = self.path.clone();
        self.workbook.save(&path)?;
        Ok(())
    }
}

/// Columns a text takes in a terminal or a spreadsheet cell: a Chinese character counts two.
pub fn display_width(text: &str) -> usize {
    ratatui::text::Span::raw(text).width()
}
